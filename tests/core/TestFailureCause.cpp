// What a failed run's Summary and `show` give as its cause, from real Python tracebacks (written by the
// interpreter itself where it matters) and from logs without one.
#include <QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include "logs/FailureCause.h"

class TestFailureCause : public QObject
{
    Q_OBJECT

    // stderr of a real Python run of script.
    static QString stderrOf(const QByteArray& script)
    {
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QString::fromUtf8(script)});
        if (!python.waitForFinished(30000))
            return QString();
        return QString::fromUtf8(python.readAllStandardError());
    }

private slots:
    void theExceptionAndTheFrameThatRaisedItAreFound()
    {
        const QString err = stderrOf("import sys\n"
                                     "print('epoch 1', file=sys.stderr)\n"
                                     "def train(lr):\n"
                                     "    if lr < 0:\n"
                                     "        raise ValueError(f'learning rate must be positive, got {lr}')\n"
                                     "train(-1)\n");
        QVERIFY2(err.contains(QStringLiteral("Traceback")), qPrintable(err));
        const FailureCause cause = FailureCause::fromText(err);
        QCOMPARE(cause.exception, QStringLiteral("ValueError: learning rate must be positive, got -1"));
        QCOMPARE(cause.location, QStringLiteral("<string>, line 5, in train"));
        QCOMPARE(cause.lines.first(), QStringLiteral("Traceback (most recent call last):"));
        QCOMPARE(cause.lines.last(), cause.exception);
        QVERIFY(!cause.lines.contains(QStringLiteral("epoch 1")));
        QCOMPARE(cause.headline(),
                 QStringLiteral("ValueError: learning rate must be positive, got -1  (<string>, line 5, in train)"));
    }

    void aChainedExceptionGivesTheOneThatEndedTheProcess()
    {
        const QString err = stderrOf("try:\n"
                                     "    {}['missing']\n"
                                     "except KeyError:\n"
                                     "    raise RuntimeError('config incomplete')\n");
        QVERIFY(err.contains(QStringLiteral("During handling")));
        const FailureCause cause = FailureCause::fromText(err);
        QCOMPARE(cause.exception, QStringLiteral("RuntimeError: config incomplete"));
        QCOMPARE(cause.location, QStringLiteral("<string>, line 4, in <module>"));
    }

    void aMessageOverSeveralLinesIsKeptWhole()
    {
        const FailureCause cause = FailureCause::fromText(QStringLiteral(
            "Traceback (most recent call last):\n  File \"/w/train.py\", line 3, in <module>\n    f()\n"
            "AssertionError: shapes differ\n(32, 10) != (32, 2)\n\nlater output\n"));
        QCOMPARE(cause.exception, QStringLiteral("AssertionError: shapes differ (32, 10) != (32, 2)"));
        QCOMPARE(cause.location, QStringLiteral("train.py, line 3, in <module>"));
    }

    void withoutATracebackTheLastLinesStandIn()
    {
        const FailureCause cause = FailureCause::fromText(
            QStringLiteral("a\nb\nc\nd\ne\nf\nerror: dataset /data/x not found\n\n"));
        QVERIFY(cause.exception.isEmpty());
        QCOMPARE(cause.lines.size(), 5);
        QCOMPARE(cause.headline(), QStringLiteral("error: dataset /data/x not found"));
        QVERIFY(FailureCause::fromText(QString()).isEmpty());
    }

    void onlyTheTailOfAHugeLogIsRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("stderr.log"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        // An early traceback the run survived, then 10 MB of noise, then the one that ended it.
        file.write("Traceback (most recent call last):\n  File \"a.py\", line 1\nKeyError: 'early'\n");
        const QByteArray noise(100, 'x');
        for (int i = 0; i < 100000; ++i)
            file.write(noise + '\n');
        file.write("Traceback (most recent call last):\n  File \"b.py\", line 9, in step\n    loss.backward()\n"
                   "RuntimeError: CUDA out of memory\n");
        file.close();
        FailureCause cause;
        QString error;
        QVERIFY(FailureCause::fromFile(path, &cause, &error));
        QCOMPARE(cause.exception, QStringLiteral("RuntimeError: CUDA out of memory"));
        QCOMPARE(cause.location, QStringLiteral("b.py, line 9, in step"));

        QVERIFY(FailureCause::fromFile(dir.filePath(QStringLiteral("none.log")), &cause, &error));
        QVERIFY(cause.isEmpty());
    }

    void anUnreadableLogIsAnErrorNotAnEmptyCause()
    {
        // A folder where the log should be cannot be read as one, even by root.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("stderr.log"));
        QVERIFY(QDir().mkpath(path));
        FailureCause cause;
        QString error;
        QVERIFY(!FailureCause::fromFile(path, &cause, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestFailureCause)
#include "TestFailureCause.moc"
