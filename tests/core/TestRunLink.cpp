// trainyard://run/<id>: what the CLI prints, the GUI copies and the app opens must be one format, and text
// that only looks like a link (another host, extra path, a query) must not open some other run.
#include <QtTest>

#include "run/RunLink.h"

class TestRunLink : public QObject
{
    Q_OBJECT

private slots:
    void linkOfARun()
    {
        QCOMPARE(RunLink::forRun(QStringLiteral("mnist_42")), QStringLiteral("trainyard://run/mnist_42"));
        QCOMPARE(RunLink::forRun(QStringLiteral("a.b-c_1")), QStringLiteral("trainyard://run/a.b-c_1"));
    }

    void runIdOfALink_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("runId"); // null: not a run link
        QTest::newRow("plain") << QStringLiteral("trainyard://run/mnist_42") << QStringLiteral("mnist_42");
        QTest::newRow("surrounding space")
            << QStringLiteral("  trainyard://run/mnist_42\n") << QStringLiteral("mnist_42");
        QTest::newRow("upper-case scheme and host")
            << QStringLiteral("TRAINYARD://RUN/mnist_42") << QStringLiteral("mnist_42");
        QTest::newRow("percent-encoded") << QStringLiteral("trainyard://run/a%20b") << QStringLiteral("a b");
        QTest::newRow("no id") << QStringLiteral("trainyard://run/") << QString();
        QTest::newRow("no path") << QStringLiteral("trainyard://run") << QString();
        QTest::newRow("other host") << QStringLiteral("trainyard://model/m_1") << QString();
        QTest::newRow("more path") << QStringLiteral("trainyard://run/a_1/logs") << QString();
        QTest::newRow("query") << QStringLiteral("trainyard://run/a_1?tab=logs") << QString();
        QTest::newRow("fragment") << QStringLiteral("trainyard://run/a_1#x") << QString();
        QTest::newRow("port") << QStringLiteral("trainyard://run:80/a_1") << QString();
        QTest::newRow("other scheme") << QStringLiteral("https://run/a_1") << QString();
        QTest::newRow("a folder") << QStringLiteral("/home/me/project") << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void runIdOfALink()
    {
        QFETCH(QString, link);
        QFETCH(QString, runId);
        const std::optional<QString> parsed = RunLink::runId(link);
        if (runId.isNull()) {
            QVERIFY2(!parsed, qPrintable(parsed.value_or(QString())));
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, runId);
        }
    }

    void roundTrip()
    {
        for (const QString& id :
             {QStringLiteral("mnist_1"), QStringLiteral("x"), QStringLiteral("odd id/with?chars#")}) {
            const auto back = RunLink::runId(RunLink::forRun(id));
            QVERIFY2(back && *back == id, qPrintable(id));
        }
    }

    void tellsTrainyardUrlsFromPaths()
    {
        QVERIFY(RunLink::isTrainyardUrl(QStringLiteral("trainyard://run/")));
        QVERIFY(RunLink::isTrainyardUrl(QStringLiteral("trainyard:nonsense")));
        QVERIFY(!RunLink::isTrainyardUrl(QStringLiteral("/tmp/trainyard://x")));
        QVERIFY(!RunLink::isTrainyardUrl(QStringLiteral("relative/project")));
    }
};

QTEST_GUILESS_MAIN(TestRunLink)
#include "TestRunLink.moc"
