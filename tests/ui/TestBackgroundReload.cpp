// The reload helper the pages share, with real worker threads: requests made while a read runs fold into one
// more read, the last answer applied is never older than the last request, and a helper that is gone applies
// nothing.
#include <QtTest>

#include "shell/BackgroundReload.h"

#include <QSemaphore>
#include <QThreadPool>

#include <atomic>
#include <memory>

class TestBackgroundReload : public QObject
{
    Q_OBJECT

private slots:
    void requestsDuringAReadFoldIntoOneMore()
    {
        QSemaphore gate;
        std::atomic<int> reads{0};
        QVector<int> applied;
        BackgroundReload<int> reload(
            [&] {
                const int number = ++reads;
                gate.acquire(); // the read takes as long as the test wants
                return number;
            },
            [&](const int& number) { applied << number; });

        reload.request();
        QTRY_COMPARE(reads.load(), 1);
        QVERIFY(reload.isLoading());
        // The workspace changed three times while the first read ran: its answer may predate them.
        reload.request();
        reload.request();
        reload.request();
        gate.release();
        QTRY_COMPARE(applied, QVector<int>{1});
        QTRY_COMPARE(reads.load(), 2);
        QVERIFY(reload.isLoading());
        gate.release();
        QTRY_COMPARE(applied, (QVector<int>{1, 2}));
        // Nothing more was asked, so nothing more runs.
        QVERIFY(!reload.isLoading());
        QCOMPARE(reads.load(), 2);

        // Idle again: a request starts a read at once.
        reload.request();
        QVERIFY(reload.isLoading());
        gate.release();
        QTRY_COMPARE(applied, (QVector<int>{1, 2, 3}));
    }

    void answerForAHelperThatIsGoneIsDropped()
    {
        QSemaphore gate;
        std::atomic<int> reads{0};
        QVector<int> applied;
        auto reload = std::make_unique<BackgroundReload<int>>(
            [&] {
                ++reads;
                gate.acquire();
                return 7;
            },
            [&](const int& number) { applied << number; });
        reload->request();
        QTRY_COMPARE(reads.load(), 1);
        reload.reset(); // the page closes while its read runs
        gate.release();
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QVERIFY(applied.isEmpty());
    }
};

QTEST_MAIN(TestBackgroundReload)
#include "TestBackgroundReload.moc"
