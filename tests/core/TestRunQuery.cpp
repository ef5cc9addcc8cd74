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

#include <algorithm>
#include <cmath>
#include <limits>

class TestRunQuery : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QStringList m_ids;

    // Every run in the order, read `pageSize` per page, as indexes into m_ids; the plan of each page into *plans.
    QStringList listed(const QString& sortKey, int pageSize = 2, int window = 1000, const RunQueryFilter& filter = {},
                       QVector<RunQuery::Plan>* plans = nullptr)
    {
        QString error;
        const std::optional<RunOrder> order = RunOrder::parse(sortKey, &error);
        if (!order)
            return {QStringLiteral("error: ") + error};
        RunQuery query(*m_ws);
        query.setWalkWindow(window);
        QStringList indexes;
        std::optional<RunListRow> last;
        for (int pages = 0; pages < 200; ++pages) {
            RunQuery::Plan plan = RunQuery::Plan::Collect;
            const QVector<RunListRow> rows = query.page(filter, *order, last ? &*last : nullptr, pageSize, &error, &plan);
            if (!error.isEmpty())
                return {QStringLiteral("error: ") + error};
            if (plans)
                plans->append(plan);
            for (const RunListRow& row : rows)
                indexes << QString::number(m_ids.indexOf(row.id));
            if (rows.size() < pageSize)
                break;
            last = rows.last();
        }
        return indexes;
    }

    // What a listing must be, worked out here from the values the test stored: runs with the value by the value
    // (numbers before text, as SQLite orders them), equal values by seq, then the runs without it by seq; each
    // in the direction. `values` holds each run's value (invalid: missing); `keep` which runs the filter keeps.
    static QStringList expectedOrder(const QVector<QVariant>& values, const QVector<bool>& keep, bool descending)
    {
        QVector<int> runs;
        for (int i = 0; i < values.size(); ++i)
            if (keep.value(i, true))
                runs << i;
        const auto less = [&](int a, int b) {
            const QVariant& x = values.at(a);
            const QVariant& y = values.at(b);
            if (x.isValid() != y.isValid())
                return x.isValid(); // missing last, either direction
            if (x.isValid()) {
                const bool xNumber = x.typeId() == QMetaType::Double;
                const bool yNumber = y.typeId() == QMetaType::Double;
                if (xNumber != yNumber)
                    return descending ? !xNumber : xNumber;
                if (xNumber ? x.toDouble() != y.toDouble() : x.toString() != y.toString())
                    return descending != (xNumber ? x.toDouble() < y.toDouble() : x.toString() < y.toString());
            }
            return descending ? a > b : a < b;
        };
        std::sort(runs.begin(), runs.end(), less);
        QStringList indexes;
        for (int i : runs)
            indexes << QString::number(i);
        return indexes;
    }

    // 60 runs for the index walks: x (a param with many ties, missing from every fourth run, text "auto" on
    // two), m (a metric: last with an infinity and a NaN, min and max with ties), t (a tag, rare "a").
    struct WalkFixture
    {
        QVector<QVariant> x, mLast, mMin, mMax, t;
    };
    WalkFixture makeWalkFixture()
    {
        WalkFixture f;
        // Without init()'s runs.
        QSqlQuery clear(m_ws->database());
        for (const char* table : {"runs", "run_params", "run_metrics", "run_tags"})
            if (!clear.exec(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))))
                return {};
        RunStore store(*m_ws);
        m_ids.clear();
        for (int i = 0; i < 60; ++i) {
            const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("walk"), RunStatus::Completed);
            m_ids << id;
            QVariant x;
            if (i == 17 || i == 42)
                x = QStringLiteral("auto");
            else if (i % 4 != 0)
                x = double((i * 7) % 5);
            if (x.isValid() && !store.setLoggedParam(id, QStringLiteral("x"), x.typeId() == QMetaType::Double
                                                                                   ? QString::number(x.toDouble())
                                                                                   : x.toString()))
                return {};
            f.x << x;
            QVariant last, min, max;
            if (i % 6 != 5) {
                RunMetricSummary m;
                m.name = QStringLiteral("m");
                m.count = 2;
                m.lastValue = i == 8 ? std::numeric_limits<double>::infinity() : i == 9 ? std::nan("") : double(i % 9);
                if (i != 9)
                    last = m.lastValue;
                if (i % 5 != 1) {
                    m.minValue = double(i % 3);
                    m.maxValue = double(10 + i % 4);
                    min = *m.minValue;
                    max = *m.maxValue;
                }
                if (!store.storeMetricSummaries(id, {m}))
                    return {};
            }
            f.mLast << last;
            f.mMin << min;
            f.mMax << max;
            QVariant t;
            if (i % 7 != 0)
                t = (i == 3 || i == 50 || i == 51) ? QStringLiteral("a") : QStringLiteral("b%1").arg(i % 3);
            if (t.isValid() && !store.setTag(id, QStringLiteral("t"), t.toString()))
                return {};
            f.t << t;
        }
        return f;
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
        // The index walks agree page by page, whatever the page and window sizes (window 1: many windows).
        const bool walked = sort.startsWith(QLatin1String("params.")) || sort.startsWith(QLatin1String("metrics."))
                            || sort.startsWith(QLatin1String("tags."));
        for (int pageSize : {1, 3, 7}) {
            for (int window : {1, 2, 1000}) {
                QVector<RunQuery::Plan> plans;
                QCOMPARE(listed(sort, pageSize, window, {}, &plans), expected);
                if (walked)
                    QVERIFY2(!plans.contains(RunQuery::Plan::Collect), qPrintable(sort));
            }
        }
    }

    // Sorting by a param (its number, else its text), a metric's last, min and max and a tag walks the column's
    // index page by page; the runs lacking the value follow by seq; equal values by seq; both directions.
    void indexWalksListEveryRunInOrder_data()
    {
        QTest::addColumn<QString>("column");
        for (const char* column : {"params.x", "metrics.m", "metrics.m.min", "metrics.m.max", "tags.t"})
            QTest::newRow(column) << QString::fromLatin1(column);
    }
    void indexWalksListEveryRunInOrder()
    {
        QFETCH(QString, column);
        const WalkFixture f = makeWalkFixture();
        QCOMPARE(m_ids.size(), 60);
        const QVector<QVariant>& values = column == QLatin1String("params.x")        ? f.x
                                          : column == QLatin1String("metrics.m")     ? f.mLast
                                          : column == QLatin1String("metrics.m.min") ? f.mMin
                                          : column == QLatin1String("metrics.m.max") ? f.mMax
                                                                                     : f.t;
        for (const bool descending : {false, true}) {
            const QStringList expected = expectedOrder(values, {}, descending);
            const QString sort = column + (descending ? QStringLiteral(":desc") : QStringLiteral(":asc"));
            for (int pageSize : {1, 7, 200}) {
                for (int window : {1, 5, 1000}) {
                    QVector<RunQuery::Plan> plans;
                    QCOMPARE(listed(sort, pageSize, window, {}, &plans), expected);
                    if (window == 1000)
                        QVERIFY2(!plans.contains(RunQuery::Plan::Collect), qPrintable(sort));
                }
            }
        }
    }

    // A filter that few runs along the order pass: after three windows the page is collected instead, and
    // the listing is the same either way; the count agrees. Sorted by seq, an expression walks runs_by_seq.
    void filteredWalksAgreeWithCollectingAndTheCount_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QString>("expression");
        QTest::newRow("x asc, rare tag") << "params.x:asc" << "tags.t = \"a\"";
        QTest::newRow("x desc, common") << "params.x:desc" << "metrics.m.max >= 11 and tags.t != \"a\"";
        QTest::newRow("last desc, or") << "metrics.m:desc" << "params.x <= 1 or tags.t = \"a\"";
        QTest::newRow("min asc, not") << "metrics.m.min:asc" << "not params.x = 2";
        QTest::newRow("tag desc, x text") << "tags.t:desc" << "params.x = \"auto\" or params.x > 3";
        QTest::newRow("submitted desc, rare") << "submitted:desc" << "tags.t = \"a\"";
        QTest::newRow("submitted asc, common") << "submitted:asc" << "metrics.m.min < 2";
    }
    void filteredWalksAgreeWithCollectingAndTheCount()
    {
        QFETCH(QString, sort);
        QFETCH(QString, expression);
        makeWalkFixture();
        QCOMPARE(m_ids.size(), 60);
        RunQueryFilter filter;
        filter.expression = expression;
        // The collected order is the reference: the runs without the filter, from the same data.
        RunQueryFilter none;
        RunQuery query(*m_ws);
        QString error;
        const qint64 count = query.count(filter, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(count > 0 && count < 60);
        QVector<RunQuery::Plan> collectedPlans;
        const QStringList everything = listed(sort, 1000, 1000, none);
        QCOMPARE(everything.size(), 60);
        const QStringList matching = listed(sort, 1000, 1000, filter, &collectedPlans);
        QCOMPARE(matching.size(), int(count));
        // Order: the unfiltered listing's, less the runs the filter drops.
        QStringList kept;
        for (const QString& index : everything)
            if (matching.contains(index))
                kept << index;
        QCOMPARE(matching, kept);
        bool sawCollect = false;
        bool sawWalk = false;
        for (int pageSize : {1, 2, 5}) {
            for (int window : {1, 3, 1000}) {
                QVector<RunQuery::Plan> plans;
                QCOMPARE(listed(sort, pageSize, window, filter, &plans), matching);
                sawCollect = sawCollect || plans.contains(RunQuery::Plan::Collect);
                sawWalk = sawWalk || plans.contains(RunQuery::Plan::IndexWalk);
            }
        }
        QVERIFY(sawWalk);
        if (count <= 5)
            QVERIFY2(sawCollect, "a rare match never fell back to collecting");
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
