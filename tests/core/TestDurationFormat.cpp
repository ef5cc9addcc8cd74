// The one duration format of the runs table, the run page and the CLI listings: unit boundaries, padding of
// the smaller unit, and no text for a run that has not started.
#include <QtTest>

#include "run/DurationFormat.h"

class TestDurationFormat : public QObject
{
    Q_OBJECT

private slots:
    void twoLargestUnits_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("under a second") << qint64(999) << QStringLiteral("0s");
        QTest::newRow("seconds") << qint64(59999) << QStringLiteral("59s");
        QTest::newRow("a minute") << qint64(60000) << QStringLiteral("1m 00s");
        QTest::newRow("minutes") << qint64((3 * 60 + 5) * 1000) << QStringLiteral("3m 05s");
        QTest::newRow("just under an hour") << qint64(3599999) << QStringLiteral("59m 59s");
        QTest::newRow("an hour") << qint64(3600000) << QStringLiteral("1h 00m");
        QTest::newRow("hours") << qint64((2 * 3600 + 3 * 60 + 59) * 1000) << QStringLiteral("2h 03m");
        QTest::newRow("a day") << qint64(86400000) << QStringLiteral("1d 00h");
        QTest::newRow("days") << qint64((3 * 86400 + 4 * 3600 + 59 * 60) * 1000) << QStringLiteral("3d 04h");
        QTest::newRow("a year") << qint64(365) * 86400000 << QStringLiteral("365d 00h");
    }

    void twoLargestUnits()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(DurationFormat::text(ms), text);
    }

    void notStartedHasNoText()
    {
        QVERIFY(DurationFormat::text(-1).isNull());
        QVERIFY(DurationFormat::text(std::numeric_limits<qint64>::min()).isNull());
    }
};

QTEST_MAIN(TestDurationFormat)
#include "TestDurationFormat.moc"
