// Tests for RunColumn: the keys the runs table, the filter language and the CLI share, read and written back.
#include <QtTest>

#include "run/RunColumn.h"

class TestRunColumn : public QObject
{
    Q_OBJECT

private slots:
    void keysReadBackTheSame_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("aggregate");
        QTest::addColumn<QString>("label");
        QTest::newRow("field") << "duration" << int(RunColumn::Kind::Field) << "duration" << 0 << "Duration";
        QTest::newRow("id") << "id" << int(RunColumn::Kind::Field) << "id" << 0 << "Run";
        QTest::newRow("param") << "params.regularization" << int(RunColumn::Kind::Param) << "regularization" << 0 << "regularization";
        QTest::newRow("metric last") << "metrics.loss" << int(RunColumn::Kind::Metric) << "loss" << int(RunColumn::Aggregate::Last) << "loss";
        QTest::newRow("metric min") << "metrics.loss.min" << int(RunColumn::Kind::Metric) << "loss" << int(RunColumn::Aggregate::Min) << "loss (min)";
        QTest::newRow("dotted metric max") << "metrics.val.acc.max" << int(RunColumn::Kind::Metric) << "val.acc" << int(RunColumn::Aggregate::Max) << "val.acc (max)";
        QTest::newRow("dotted metric") << "metrics.val.acc" << int(RunColumn::Kind::Metric) << "val.acc" << int(RunColumn::Aggregate::Last) << "val.acc";
        QTest::newRow("metric named max") << "metrics.max" << int(RunColumn::Kind::Metric) << "max" << int(RunColumn::Aggregate::Last) << "max";
        QTest::newRow("tag") << "tags.stage" << int(RunColumn::Kind::Tag) << "stage" << 0 << "stage";
    }
    void keysReadBackTheSame()
    {
        QFETCH(QString, key);
        QFETCH(int, kind);
        QFETCH(QString, name);
        QFETCH(int, aggregate);
        QFETCH(QString, label);
        QString error;
        const auto column = RunColumn::parse(key, &error);
        QVERIFY2(column, qPrintable(error));
        QCOMPARE(int(column->kind), kind);
        QCOMPARE(column->name, name);
        QCOMPARE(int(column->aggregate), aggregate);
        QCOMPARE(column->label(), label);
        const QString normalised = key.endsWith(QLatin1String(".last")) ? key.chopped(5) : key;
        QCOMPARE(column->key(), normalised);
        QCOMPARE(RunColumn::parse(column->key()), column);
    }

    void lastIsTheDefaultAggregate()
    {
        QCOMPARE(RunColumn::parse(QStringLiteral("metrics.loss.last"))->key(), QStringLiteral("metrics.loss"));
    }

    void badKeysSayWhatIsWrong()
    {
        QString error;
        QVERIFY(!RunColumn::parse(QStringLiteral("colour"), &error));
        QVERIFY2(error.contains(QLatin1String("unknown column \"colour\"")) && error.contains(QLatin1String("params.NAME")),
                 qPrintable(error));
        QVERIFY(!RunColumn::parse(QStringLiteral("params."), &error));
        QVERIFY2(error.contains(QLatin1String("names no parameter")), qPrintable(error));
        QVERIFY(!RunColumn::parse(QStringLiteral("metrics. "), &error));
        QVERIFY2(error.contains(QLatin1String("names no metric")), qPrintable(error));
        QVERIFY(!RunColumn::parseList(QStringLiteral("id,params.lr,bogus"), &error));
        QVERIFY2(error.contains(QLatin1String("\"bogus\"")), qPrintable(error));
        QVERIFY(!RunColumn::parseList(QStringLiteral(" , "), &error));
    }

    void listsKeepTheirOrder()
    {
        const auto columns = RunColumn::parseList(QStringLiteral("id, params.lr ,metrics.loss.min,tags.stage"));
        QVERIFY(columns);
        QCOMPARE(columns->size(), 4);
        QCOMPARE(columns->at(1), RunColumn::param(QStringLiteral("lr")));
        QCOMPARE(columns->at(2), RunColumn::metric(QStringLiteral("loss"), RunColumn::Aggregate::Min));
        QCOMPARE(columns->at(3), RunColumn::tag(QStringLiteral("stage")));
    }
};

QTEST_GUILESS_MAIN(TestRunColumn)
#include "TestRunColumn.moc"
