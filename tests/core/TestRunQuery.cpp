// Tests for RunQuery's column orders and values on a real workspace: sorting by a param, a metric's
// last/min/max, a tag and the optional fields, page by page (keyset paging), with runs lacking the value last
// in both directions; columnValues, the param and tag names, and the indexes the filters use.
#include <QtTest>

#include "run/RunFilterExpression.h"
#include "run/RunQuery.h"
#include "run/RunStore.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QSqlQuery>
#include <QTemporaryDir>

#include <limits>

class TestRunQuery : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QStringList m_ids;

    // Every run in the order, read two per page, as indexes into m_ids.
    QStringList listed(const QString& sortKey)
    {
        QString error;
        const std::optional<RunOrder> order = RunOrder::parse(sortKey, &error);
        if (!order)
            return {QStringLiteral("error: ") + error};
        QStringList indexes;
        std::optional<RunListRow> last;
        for (int pages = 0; pages < 20; ++pages) {
            const QVector<RunListRow> rows = RunQuery(*m_ws).page(RunQueryFilter{}, *order, last ? &*last : nullptr, 2, &error);
            if (!error.isEmpty())
                return {QStringLiteral("error: ") + error};
            for (const RunListRow& row : rows)
                indexes << QString::number(m_ids.indexOf(row.id));
            if (rows.size() < 2)
                break;
            last = rows.last();
        }
        return indexes;
    }

    static QStringList list(const char* indexes) { return QString::fromLatin1(indexes).split(QLatin1Char(','), Qt::SkipEmptyParts); }

private slots:
    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        RunStore store(*m_ws);
        m_ids.clear();
        for (int i = 0; i < 6; ++i) {
            const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("mnist"), i == 5 ? RunStatus::Running : RunStatus::Completed);
            QVERIFY(!id.isEmpty());
            m_ids << id;
        }
        // lr: 0.1, 0.01, (none), 1 — numbers; 4 has the text "auto", which sorts after every number.
        QVERIFY(store.setLoggedParam(m_ids[0], QStringLiteral("lr"), QStringLiteral("0.1")));
        QVERIFY(store.setLoggedParam(m_ids[1], QStringLiteral("lr"), QStringLiteral("0.01")));
        QVERIFY(store.setLoggedParam(m_ids[3], QStringLiteral("lr"), QStringLiteral("1")));
        QVERIFY(store.setLoggedParam(m_ids[4], QStringLiteral("lr"), QStringLiteral("auto")));
        QVERIFY(store.setLoggedParam(m_ids[5], QStringLiteral("lr"), QStringLiteral("0.01")));
        QVERIFY(store.setTag(m_ids[1], QStringLiteral("stage"), QStringLiteral("prod")));
        QVERIFY(store.setTag(m_ids[2], QStringLiteral("stage"), QStringLiteral("dev")));
        const auto loss = [&](int run, double last, std::optional<double> min, std::optional<double> max) {
            RunMetricSummary s;
            s.name = QStringLiteral("val.loss");
            s.count = 3;
            s.lastValue = last;
            s.minValue = min;
            s.maxValue = max;
            return store.storeMetricSummaries(m_ids[run], {s});
        };
        QVERIFY(loss(0, 0.5, 0.2, 0.9));
        QVERIFY(loss(1, 0.3, 0.3, 0.7));
        QVERIFY(loss(2, std::numeric_limits<double>::infinity(), 0.1, 3.0));
        QVERIFY(loss(3, std::nan(""), std::nullopt, std::nullopt));
        QVERIFY(loss(4, 0.3, 0.05, 0.3));
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET display_name = 'b' WHERE id = '%1'").arg(m_ids[2])));
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET display_name = 'a' WHERE id = '%1'").arg(m_ids[4])));
    }

    void sortsByEveryColumnKindWithMissingValuesLast_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QStringList>("expected");
        // Equal values keep the seq order of the direction (newest first when descending).
        QTest::newRow("param asc") << "params.lr:asc" << list("1,5,0,3,4,2");
        QTest::newRow("param desc") << "params.lr" << list("4,3,0,5,1,2");
        QTest::newRow("metric last asc, inf after numbers, NaN missing") << "metrics.val.loss:asc" << list("1,4,0,2,3,5");
        QTest::newRow("metric last desc") << "metrics.val.loss:desc" << list("2,0,4,1,5,3");
        QTest::newRow("metric min asc") << "metrics.val.loss.min:asc" << list("4,2,0,1,3,5");
        QTest::newRow("metric max desc") << "metrics.val.loss.max:desc" << list("2,0,1,4,5,3");
        QTest::newRow("tag asc") << "tags.stage:asc" << list("2,1,0,3,4,5");
        QTest::newRow("tag desc") << "tags.stage:desc" << list("1,2,5,4,3,0");
        QTest::newRow("name asc") << "name:asc" << list("4,2,0,1,3,5");
        QTest::newRow("ended desc, unfinished last") << "ended:desc" << list("4,3,2,1,0,5");
        QTest::newRow("submitted asc") << "submitted:asc" << list("0,1,2,3,4,5");
        QTest::newRow("id desc") << "id:desc" << list("5,4,3,2,1,0");
    }
    void sortsByEveryColumnKindWithMissingValuesLast()
    {
        QFETCH(QString, sort);
        QFETCH(QStringList, expected);
        if (sort.startsWith(QLatin1String("ended"))) {
            // Runs end within the same millisecond here; spread their ends so the order is by time.
            QSqlQuery q(m_ws->database());
            for (int i = 0; i < 5; ++i)
                QVERIFY(q.exec(QStringLiteral("UPDATE runs SET ended_at = %1 WHERE id = '%2'").arg(1000 + i).arg(m_ids[i])));
        }
        QCOMPARE(listed(sort), expected);
    }

    void badSortKeysNameWhatIsWrong()
    {
        QString error;
        QVERIFY(!RunOrder::parse(QStringLiteral("colour"), &error));
        QVERIFY2(error.startsWith(QLatin1String("cannot sort by unknown column \"colour\"")), qPrintable(error));
        QVERIFY(!RunOrder::parse(QStringLiteral("params.lr:up"), &error));
        QCOMPARE(error, QStringLiteral("sort direction \"up\" is neither asc nor desc"));
        QCOMPARE(RunOrder::parse(QStringLiteral("status:asc"))->key, RunSortKey::Status);
        QCOMPARE(RunOrder::parse(QStringLiteral("params.lr"))->sortColumn(), RunColumn::param(QStringLiteral("lr")));
    }

    void columnValuesAreReadForEveryKind()
    {
        const QVector<RunColumn> columns{RunColumn::param(QStringLiteral("lr")),
                                         RunColumn::metric(QStringLiteral("val.loss")),
                                         RunColumn::metric(QStringLiteral("val.loss"), RunColumn::Aggregate::Min),
                                         RunColumn::metric(QStringLiteral("val.loss"), RunColumn::Aggregate::Max),
                                         RunColumn::tag(QStringLiteral("stage")),
                                         RunColumn::field(QStringLiteral("name"))};
        QString error;
        const auto values = RunQuery(*m_ws).columnValues(m_ids, columns, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(values.value(m_ids[0]).value(QStringLiteral("params.lr")), QVariant(0.1));
        QCOMPARE(values.value(m_ids[4]).value(QStringLiteral("params.lr")), QVariant(QStringLiteral("auto")));
        QVERIFY(!values.value(m_ids[2]).contains(QStringLiteral("params.lr")));
        QCOMPARE(values.value(m_ids[0]).value(QStringLiteral("metrics.val.loss.min")).toDouble(), 0.2);
        QCOMPARE(values.value(m_ids[2]).value(QStringLiteral("metrics.val.loss.max")).toDouble(), 3.0);
        QCOMPARE(values.value(m_ids[2]).value(QStringLiteral("metrics.val.loss")).toDouble(), std::numeric_limits<double>::infinity());
        QVERIFY(!values.value(m_ids[3]).contains(QStringLiteral("metrics.val.loss.min")));
        QCOMPARE(values.value(m_ids[1]).value(QStringLiteral("tags.stage")).toString(), QStringLiteral("prod"));
        QCOMPARE(values.value(m_ids[4]).value(QStringLiteral("name")).toString(), QStringLiteral("a"));
        QVERIFY(!values.value(m_ids[0]).contains(QStringLiteral("name")));
        QVERIFY(!values.contains(m_ids[5]) || !values.value(m_ids[5]).contains(QStringLiteral("tags.stage")));
    }

    void namesForChoosers()
    {
        QCOMPARE(RunQuery(*m_ws).paramNames(), QStringList{QStringLiteral("lr")});
        QCOMPARE(RunQuery(*m_ws).tagNames(), QStringList{QStringLiteral("stage")});
        QCOMPARE(RunQuery(*m_ws).tagNames(QStringLiteral("cifar")), QStringList());
    }

    // Hiding archived runs reads the small partial index, and the count of all runs stays an index-only scan.
    void hidingArchivedRunsReadsTheirIndexOnly()
    {
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET archived = 1 WHERE id = '%1'").arg(m_ids[1])));
        QCOMPARE(RunQuery(*m_ws).count(RunQueryFilter{}), qint64(5));
        QVERIFY(q.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM runs WHERE "
                                      "runs.rowid NOT IN (SELECT rowid FROM runs WHERE archived <> 0)")));
        QStringList plan;
        while (q.next())
            plan << q.value(3).toString();
        const QString text = plan.join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QLatin1String("USING COVERING INDEX runs_archived")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("SCAN runs\n")) && !text.endsWith(QLatin1String("SCAN runs")), qPrintable(text));
    }

    void filtersUseTheNameIndexes_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("index");
        QTest::newRow("param") << "params.lr > 0.05" << "run_params_by_name (name=? AND number>?)";
        QTest::newRow("metric") << "metrics.val.loss.min < 0.5" << "run_metrics_by_min (name=? AND min_value<?)";
        QTest::newRow("tag") << "tags.stage = dev" << "run_tags_by_name (name=? AND value=?)";
    }
    void filtersUseTheNameIndexes()
    {
        QFETCH(QString, expression);
        QFETCH(QString, index);
        const auto parsed = RunFilterExpression::parse(expression);
        QVERIFY(parsed);
        QSqlQuery q(m_ws->database());
        QVERIFY(q.prepare(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM runs WHERE ") + parsed->sql()));
        for (const QVariant& v : parsed->values())
            q.addBindValue(v);
        QVERIFY(q.exec());
        QStringList plan;
        while (q.next())
            plan << q.value(3).toString();
        QVERIFY2(plan.join(QLatin1Char('\n')).contains(index), qPrintable(plan.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestRunQuery)
#include "TestRunQuery.moc"
