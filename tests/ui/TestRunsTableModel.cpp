// The runs table model over real workspaces: lazy paging over 10,000 runs, SQL filters and sorts checked
// against the generator's own bookkeeping, metric columns (sorted by a click on their header in the run monitor),
// and live updates made through another connection.
#include "run/RunQuery.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QItemSelectionModel>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct GeneratedRun
{
    QString id;
    qint64 seq;
    QString experiment;
    RunStatus status;
    qint64 startedAt;
    qint64 endedAt;
};

// Deterministic runs: the test knows each one without reading the database back.
GeneratedRun generatedRun(int seq)
{
    static const QString experiments[] = {QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma_sweep")};
    static const RunStatus statuses[] = {RunStatus::Completed, RunStatus::Completed, RunStatus::Failed, RunStatus::Canceled,
                                         RunStatus::Completed, RunStatus::Failed, RunStatus::Completed};
    GeneratedRun r;
    r.seq = seq;
    r.experiment = experiments[(seq * 7) % 3];
    r.id = QStringLiteral("%1_%2").arg(r.experiment).arg(seq);
    r.status = statuses[seq % 7];
    r.startedAt = 1700000000000 + seq * 60000;
    r.endedAt = r.startedAt + (seq * 7919) % 3600000;
    return r;
}

bool insertRun(QSqlDatabase& db, const GeneratedRun& r)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, submitted_at, "
                             "started_at, ended_at, exit_code) VALUES (?,?,?,?,?,?,?,?,?,?)"));
    q.addBindValue(r.id);
    q.addBindValue(r.seq);
    q.addBindValue(r.experiment);
    q.addBindValue(runStatusName(r.status));
    q.addBindValue(r.seq % 2 ? QStringLiteral("local") : QStringLiteral("gpu-box"));
    q.addBindValue(QStringLiteral("{}"));
    q.addBindValue(r.startedAt - 1000);
    q.addBindValue(r.startedAt);
    q.addBindValue(isTerminal(r.status) ? QVariant(r.endedAt) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(r.status == RunStatus::Completed ? QVariant(0) : QVariant(QMetaType(QMetaType::Int)));
    if (!q.exec()) {
        qWarning() << q.lastError().text();
        return false;
    }
    return true;
}

bool populate(const Workspace& ws, int count)
{
    QSqlDatabase db = ws.database();
    if (!db.transaction())
        return false;
    for (int seq = 1; seq <= count; ++seq)
        if (!insertRun(db, generatedRun(seq)))
            return false;
    return db.commit();
}

// A connection of its own, as another process (a runner, a CLI) would have.
QSqlDatabase otherConnection(const Workspace& ws)
{
    const QString name = QStringLiteral("other-process");
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name) : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(ws.databasePath());
    db.open();
    return db;
}

void fetchAll(RunsTableModel& model)
{
    while (model.canFetchMore({}))
        model.fetchMore({});
}

} // namespace

class TestRunsTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        QString error;
        auto ws = Workspace::open(m_dir->path() + QStringLiteral("/ws"), &error);
        QVERIFY2(ws, qPrintable(error));
        m_workspace = *ws;
    }

    // A listing that cannot be read (here: the runs table's pages overwritten) is said in the view, never
    // shown as "0 run(s)" as if the workspace were empty.
    void aDamagedDatabaseIsSaidNotShownEmpty()
    {
        QVERIFY(populate(*m_workspace, 3000));
        {
            // Through another connection: the view's own must not have the runs table's pages cached when the
            // file is damaged below, as a freshly started app would not.
            QSqlDatabase other = otherConnection(*m_workspace);
            QSqlQuery q(other);
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM runs")) && q.next());
            QCOMPARE(q.value(0).toInt(), 3000);
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        {
            QFile f(m_workspace->databasePath());
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 from = (f.size() / 4) / 4096 * 4096;
            QVERIFY(f.seek(from));
            QByteArray garbage(f.size() - from, '\0');
            for (int i = 0; i < garbage.size(); ++i)
                garbage[i] = char((i * 131 + 7) & 0xff);
            QCOMPARE(f.write(garbage), garbage.size());
        }
        RunsTableModel model(*m_workspace);
        QVERIFY2(!model.loadError().isEmpty(), "a failed read left no error");
        QVERIFY2(model.loadError().contains(QStringLiteral("corrupt")) || model.loadError().contains(QStringLiteral("malformed")),
                 qPrintable(model.loadError()));
        QVERIFY(!model.canFetchMore({}));

        RunsView damaged(*m_workspace);
        const QLabel* damagedCount = damaged.findChild<QLabel*>(QStringLiteral("runCount"));
        QVERIFY(damagedCount);
        QCOMPARE(damagedCount->text(), QStringLiteral("Cannot read the runs"));
        QCOMPARE(damagedCount->toolTip(), damaged.model()->loadError());
    }

    void lazyFetchLoadsPages()
    {
        QVERIFY(populate(*m_workspace, 10000));
        RunsTableModel model(*m_workspace);
        QCOMPARE(model.totalCount(), qint64(10000));
        QCOMPARE(model.rowCount(), RunsTableModel::kPageSize);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * RunsTableModel::kPageSize);
        // The tester fetches a page itself when attached, as a view does.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.rowCount() > 2 * RunsTableModel::kPageSize && model.rowCount() < 10000);
        QCOMPARE(model.rowCount() % RunsTableModel::kPageSize, 0);
        // Newest first, across the page boundary too.
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.runId(row), generatedRun(10000 - row).id);
        fetchAll(model);
        QCOMPARE(model.rowCount(), 10000);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.runId(9999), generatedRun(1).id);
        QCOMPARE(model.rowOf(generatedRun(1).id), 9999);
    }

    void columnsShowTheRun()
    {
        QVERIFY(populate(*m_workspace, 20));
        RunsTableModel model(*m_workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(RunsTableModel::FixedColumnCount));
        const GeneratedRun newest = generatedRun(20);
        QCOMPARE(model.headerData(RunsTableModel::IdColumn, Qt::Horizontal).toString(), QStringLiteral("Run id"));
        QCOMPARE(model.index(0, RunsTableModel::IdColumn).data().toString(), newest.id);
        QCOMPARE(model.index(0, RunsTableModel::StatusColumn).data().toString(), runStatusName(newest.status));
        QVERIFY(!model.index(0, RunsTableModel::StatusColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.index(0, RunsTableModel::ExperimentColumn).data().toString(), newest.experiment);
        QCOMPARE(model.index(0, RunsTableModel::TargetColumn).data().toString(), QStringLiteral("gpu-box"));
        const qint64 seconds = (newest.endedAt - newest.startedAt) / 1000;
        QVERIFY2(model.index(0, RunsTableModel::DurationColumn).data().toString().startsWith(QString::number(seconds / 60) + QLatin1Char('m'))
                     || seconds < 60,
                 qPrintable(model.index(0, RunsTableModel::DurationColumn).data().toString()));
    }

    void filtersByStatusExperimentAndText()
    {
        const int count = 10000;
        QVERIFY(populate(*m_workspace, count));
        RunsTableModel model(*m_workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        auto expectedIds = [&](const RunQueryFilter& filter) {
            QStringList ids;
            for (int seq = count; seq >= 1; --seq) {
                const GeneratedRun g = generatedRun(seq);
                RunListRow row;
                row.id = g.id;
                row.experiment = g.experiment;
                row.status = g.status;
                if (filter.matches(row))
                    ids << g.id;
            }
            return ids;
        };
        auto loadedIds = [&] {
            fetchAll(model);
            QStringList ids;
            for (int row = 0; row < model.rowCount(); ++row)
                ids << model.runId(row);
            return ids;
        };

        QSignalSpy totals(&model, &RunsTableModel::totalCountChanged);
        model.setStatusFilter(RunStatus::Failed);
        QCOMPARE(model.rowCount(), RunsTableModel::kPageSize);
        RunQueryFilter filter;
        filter.status = RunStatus::Failed;
        QStringList expected = expectedIds(filter);
        QVERIFY(expected.size() > 1000);
        QCOMPARE(model.totalCount(), qint64(expected.size()));
        QCOMPARE(totals.size(), 1);
        QCOMPARE(loadedIds(), expected);

        model.setExperimentFilter(QStringLiteral("beta"));
        filter.experiment = QStringLiteral("beta");
        expected = expectedIds(filter);
        QCOMPARE(model.totalCount(), qint64(expected.size()));
        QCOMPARE(loadedIds(), expected);

        model.setFilter(RunQueryFilter{});
        model.setTextFilter(QStringLiteral("A_12")); // case-insensitive
        filter = RunQueryFilter{};
        filter.text = QStringLiteral("A_12");
        expected = expectedIds(filter);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(model.totalCount(), qint64(expected.size()));
        QCOMPARE(loadedIds(), expected);

        // A text most runs contain takes the other query plan (walk in order); same answer.
        model.setTextFilter(QStringLiteral("ALPHA"));
        filter.text = QStringLiteral("ALPHA");
        expected = expectedIds(filter);
        QVERIFY(expected.size() > 1000);
        QCOMPARE(model.totalCount(), qint64(expected.size()));
        QCOMPARE(loadedIds(), expected);

        // LIKE wildcards typed by the user are literal characters.
        model.setTextFilter(QStringLiteral("_%"));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalCount(), qint64(0));
        model.setTextFilter(QStringLiteral("sweep_"));
        filter.text = QStringLiteral("sweep_");
        QCOMPARE(model.totalCount(), qint64(expectedIds(filter).size()));
    }

    void sortsByHeaderColumns()
    {
        QVERIFY(populate(*m_workspace, 1500));
        RunsTableModel model(*m_workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        model.sort(RunsTableModel::IdColumn, Qt::AscendingOrder);
        fetchAll(model);
        QCOMPARE(model.rowCount(), 1500);
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY2(model.runId(row - 1) < model.runId(row), qPrintable(model.runId(row)));

        // Experiment descending, ties newest first; keyset pages must neither skip nor repeat a run.
        model.sort(RunsTableModel::ExperimentColumn, Qt::DescendingOrder);
        QCOMPARE(model.rowCount(), RunsTableModel::kPageSize);
        fetchAll(model);
        QCOMPARE(model.rowCount(), 1500);
        QSet<QString> seen;
        for (int row = 0; row < model.rowCount(); ++row) {
            seen.insert(model.runId(row));
            if (row == 0)
                continue;
            const QString previous = model.index(row - 1, RunsTableModel::ExperimentColumn).data().toString();
            const QString current = model.index(row, RunsTableModel::ExperimentColumn).data().toString();
            QVERIFY(previous >= current);
            if (previous == current)
                QVERIFY(model.runId(row - 1).section(QLatin1Char('_'), -1).toInt() > model.runId(row).section(QLatin1Char('_'), -1).toInt());
        }
        QCOMPARE(seen.size(), 1500);

        model.sort(RunsTableModel::StatusColumn, Qt::AscendingOrder);
        fetchAll(model);
        QCOMPARE(model.rowCount(), 1500);
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.index(row - 1, 0).data(RunsTableModel::StatusRole).toInt() <= model.index(row, 0).data(RunsTableModel::StatusRole).toInt());

        model.sort(RunsTableModel::DurationColumn, Qt::DescendingOrder);
        fetchAll(model);
        QCOMPARE(model.rowCount(), 1500);
        auto durationOf = [](const QString& id) {
            const GeneratedRun g = generatedRun(id.section(QLatin1Char('_'), -1).toInt());
            return g.endedAt - g.startedAt;
        };
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(durationOf(model.runId(row - 1)) >= durationOf(model.runId(row)));

    }

    void clickingAMetricHeaderSortsByItsLastValue()
    {
        // More runs than a page, so the keyset cursor over the metric's value is crossed several times. Every
        // fifth run has no loss; three hold the non-finite values RunStore keeps as text.
        constexpr int kRuns = 3 * RunsTableModel::kPageSize + 50;
        QVERIFY(populate(*m_workspace, kRuns));
        QHash<QString, double> loss; // absent: the run has no loss (NaN counts as absent too)
        {
            QSqlDatabase db = m_workspace->database();
            QVERIFY(db.transaction());
            QSqlQuery q(db);
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO run_metrics (run_id, name, count, last_step, last_value, last_time) "
                                             "VALUES (?, 'loss', 1, 0, ?, 0)")));
            for (int seq = 1; seq <= kRuns; ++seq) {
                if (seq % 5 == 0)
                    continue;
                const QString id = generatedRun(seq).id;
                QVariant stored = ((seq * 37) % 101) / 10.0; // ties on purpose: 101 values over 650 runs
                if (seq == 7)
                    stored = QStringLiteral("inf");
                else if (seq == 8)
                    stored = QStringLiteral("-inf");
                else if (seq == 9)
                    stored = QStringLiteral("nan");
                q.addBindValue(id);
                q.addBindValue(stored);
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
                const double value = stored.typeId() == QMetaType::QString ? stored.toString().toDouble() : stored.toDouble();
                if (!std::isnan(value))
                    loss.insert(id, value);
            }
            QVERIFY(db.commit());
        }

        RunsView view(*m_workspace);
        view.resize(1600, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.metricColumnsEdit()->setText(QStringLiteral("loss"));
        QVERIFY(QMetaObject::invokeMethod(view.metricColumnsEdit(), "editingFinished"));
        QCOMPARE(view.model()->columnCount(), RunsTableModel::FixedColumnCount + 1);
        QHeaderView* header = view.view()->horizontalHeader();
        const int column = RunsTableModel::FixedColumnCount;
        const auto clickHeader = [&] {
            const QPoint centre(header->sectionViewportPosition(column) + header->sectionSize(column) / 2, header->height() / 2);
            QVERIFY(header->viewport()->rect().contains(centre));
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, centre);
        };
        // Values in the order the rows show them, each checked against its neighbour; runs without a value
        // come after every value, whichever the direction.
        const auto checkOrder = [&](Qt::SortOrder order) {
            RunsTableModel& model = *view.model();
            fetchAll(model);
            QCOMPARE(model.rowCount(), kRuns);
            QSet<QString> seen;
            bool inMissing = false;
            for (int row = 0; row < model.rowCount(); ++row) {
                const QString id = model.runId(row);
                seen.insert(id);
                const bool has = loss.contains(id);
                if (!has) {
                    inMissing = true;
                    continue;
                }
                QVERIFY2(!inMissing, qPrintable(QStringLiteral("row %1 (%2) has a value after runs without one").arg(row).arg(id)));
                if (row == 0)
                    continue;
                const QString previous = model.runId(row - 1);
                const double a = loss.value(previous);
                const double b = loss.value(id);
                QVERIFY2(order == Qt::AscendingOrder ? a <= b : a >= b,
                         qPrintable(QStringLiteral("row %1: %2 then %3").arg(row).arg(a).arg(b)));
            }
            QCOMPARE(seen.size(), kRuns);
            const QString firstId = model.runId(0);
            QCOMPARE(loss.value(firstId), order == Qt::AscendingOrder ? -qInf() : qInf());
        };

        clickHeader();
        QCOMPARE(header->sortIndicatorSection(), column);
        const Qt::SortOrder first = header->sortIndicatorOrder();
        checkOrder(first);
        if (QTest::currentTestFailed())
            return;
        clickHeader();
        QCOMPARE(header->sortIndicatorOrder(), first == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder);
        checkOrder(header->sortIndicatorOrder());
        if (QTest::currentTestFailed())
            return;

        // A text filter that few runs match is read through the id index first; the join must not confuse it.
        view.filterEdit()->setText(QStringLiteral("beta_1"));
        view.applyTextFilter();
        RunsTableModel& model = *view.model();
        fetchAll(model);
        int expected = 0;
        for (int seq = 1; seq <= kRuns; ++seq)
            expected += generatedRun(seq).id.contains(QStringLiteral("beta_1"));
        QVERIFY(expected > 0);
        QCOMPARE(model.rowCount(), expected);
        for (int row = 1; row < model.rowCount(); ++row) {
            const QString previous = model.runId(row - 1);
            const QString id = model.runId(row);
            QVERIFY(id.contains(QStringLiteral("beta_1")));
            QVERIFY(!loss.contains(id) || (loss.contains(previous) && (header->sortIndicatorOrder() == Qt::AscendingOrder
                                                                           ? loss.value(previous) <= loss.value(id)
                                                                           : loss.value(previous) >= loss.value(id))));
        }
        view.filterEdit()->clear();
        view.applyTextFilter();

        // Another column in front moves the sorted one; the indicator follows it and the order stays.
        view.metricColumnsEdit()->setText(QStringLiteral("accuracy, loss"));
        QVERIFY(QMetaObject::invokeMethod(view.metricColumnsEdit(), "editingFinished"));
        QCOMPARE(header->sortIndicatorSection(), column + 1);
        QCOMPARE(view.model()->sortColumn(), column + 1);
        // Removing it goes back to newest first.
        view.metricColumnsEdit()->setText(QStringLiteral("accuracy"));
        QVERIFY(QMetaObject::invokeMethod(view.metricColumnsEdit(), "editingFinished"));
        QCOMPARE(header->sortIndicatorSection(), int(RunsTableModel::SubmittedColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(view.model()->runId(0), generatedRun(kRuns).id);
    }

    void metricColumnsShowLastValues()
    {
        QVERIFY(populate(*m_workspace, 300));
        {
            QSqlDatabase db = m_workspace->database();
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO run_metrics (run_id, name, count, last_step, last_value, last_time) VALUES (?,?,?,?,?,?)"));
            for (int seq = 1; seq <= 300; ++seq) {
                q.addBindValue(generatedRun(seq).id);
                q.addBindValue(QStringLiteral("loss"));
                q.addBindValue(10);
                q.addBindValue(9);
                q.addBindValue(1.0 / seq);
                q.addBindValue(1.0);
                QVERIFY(q.exec());
                if (seq % 2 == 0) {
                    q.addBindValue(generatedRun(seq).id);
                    q.addBindValue(QStringLiteral("accuracy"));
                    q.addBindValue(10);
                    q.addBindValue(9);
                    q.addBindValue(seq / 1000.0);
                    q.addBindValue(1.0);
                    QVERIFY(q.exec());
                }
            }
        }
        RunsTableModel model(*m_workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(RunQuery(*m_workspace).metricNames(), (QStringList{QStringLiteral("accuracy"), QStringLiteral("loss")}));
        model.setMetricColumns({QStringLiteral("loss"), QStringLiteral("accuracy")});
        QCOMPARE(model.columnCount(), RunsTableModel::FixedColumnCount + 2);
        QCOMPARE(model.headerData(RunsTableModel::FixedColumnCount + 1, Qt::Horizontal).toString(), QStringLiteral("accuracy"));
        fetchAll(model); // the second page reads its metrics too
        for (int row = 0; row < model.rowCount(); ++row) {
            const int seq = model.runId(row).section(QLatin1Char('_'), -1).toInt();
            QCOMPARE(QLocale().toDouble(model.index(row, RunsTableModel::FixedColumnCount).data().toString()), QLocale().toDouble(QLocale().toString(1.0 / seq, 'g', 6)));
            const QString accuracy = model.index(row, RunsTableModel::FixedColumnCount + 1).data().toString();
            QCOMPARE(accuracy.isEmpty(), seq % 2 != 0);
        }
        model.setMetricColumns({});
        QCOMPARE(model.columnCount(), int(RunsTableModel::FixedColumnCount));
    }

    // Param, metric min/max, tag and name columns over more runs than a page: every kind sorts in SQL in both
    // directions, across page boundaries, with the runs lacking the value last.
    void sortsByEveryColumnKind()
    {
        constexpr int kRuns = RunsTableModel::kPageSize + 100;
        QVERIFY(populate(*m_workspace, kRuns));
        QHash<QString, QHash<QString, QVariant>> expected; // run id -> column key -> value
        {
            QSqlDatabase db = m_workspace->database();
            QVERIFY(db.transaction());
            QSqlQuery param(db), metric(db), tag(db), name(db);
            QVERIFY(param.prepare(QStringLiteral("INSERT INTO run_params (run_id, name, position, value, number, source) "
                                                 "VALUES (?, 'lr', 0, ?, ?, 'script')")));
            QVERIFY(metric.prepare(QStringLiteral("INSERT INTO run_metrics (run_id, name, count, last_step, last_value, last_time, "
                                                  "min_value, max_value) VALUES (?, 'loss', 3, 2, 0.5, 0, ?, ?)")));
            QVERIFY(tag.prepare(QStringLiteral("INSERT INTO run_tags (run_id, name, value) VALUES (?, 'stage', ?)")));
            QVERIFY(name.prepare(QStringLiteral("UPDATE runs SET display_name = ? WHERE id = ?")));
            for (int seq = 1; seq <= kRuns; ++seq) {
                const QString id = generatedRun(seq).id;
                if (seq % 3 != 0) {
                    const double lr = ((seq * 13) % 17) / 100.0;
                    param.addBindValue(id);
                    param.addBindValue(QString::number(lr));
                    param.addBindValue(lr);
                    QVERIFY(param.exec());
                    expected[id].insert(QStringLiteral("params.lr"), lr);
                }
                if (seq % 4 != 0) {
                    const double min = ((seq * 7) % 23) / 10.0;
                    metric.addBindValue(id);
                    metric.addBindValue(min);
                    metric.addBindValue(min + (seq % 5));
                    QVERIFY(metric.exec());
                    expected[id].insert(QStringLiteral("metrics.loss.min"), min);
                    expected[id].insert(QStringLiteral("metrics.loss.max"), min + (seq % 5));
                }
                if (seq % 5 != 0) {
                    const QString stage = QStringLiteral("stage-%1").arg(seq % 6);
                    tag.addBindValue(id);
                    tag.addBindValue(stage);
                    QVERIFY(tag.exec());
                    expected[id].insert(QStringLiteral("tags.stage"), stage);
                }
                if (seq % 2 == 0) {
                    const QString display = QStringLiteral("run %1").arg((seq * 31) % 97, 2, 10, QLatin1Char('0'));
                    name.addBindValue(display);
                    name.addBindValue(id);
                    QVERIFY(name.exec());
                    expected[id].insert(QStringLiteral("name"), display);
                }
            }
            QVERIFY(db.commit());
        }
        RunsTableModel model(*m_workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QVector<RunColumn> columns{RunColumn::param(QStringLiteral("lr")),
                                         RunColumn::metric(QStringLiteral("loss"), RunColumn::Aggregate::Min),
                                         RunColumn::metric(QStringLiteral("loss"), RunColumn::Aggregate::Max),
                                         RunColumn::tag(QStringLiteral("stage")), RunColumn::field(QStringLiteral("name"))};
        model.setColumns(columns);
        for (int c = 0; c < columns.size(); ++c) {
            const QString key = columns.at(c).key();
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                model.sort(RunsTableModel::FixedColumnCount + c, order);
                QCOMPARE(model.sortColumn(), RunsTableModel::FixedColumnCount + c);
                fetchAll(model);
                QCOMPARE(model.rowCount(), kRuns);
                bool missingSeen = false;
                std::optional<QVariant> previous;
                qint64 previousSeq = 0;
                QSet<QString> listed;
                for (int row = 0; row < model.rowCount(); ++row) {
                    const QString id = model.runId(row);
                    QVERIFY2(!listed.contains(id), qPrintable(QStringLiteral("%1: %2 listed twice").arg(key, id)));
                    listed.insert(id);
                    const QVariant value = expected.value(id).value(key);
                    // Equal values (and the runs without one) follow seq in the sort's direction, across pages.
                    const qint64 seq = id.mid(id.lastIndexOf(QLatin1Char('_')) + 1).toLongLong();
                    const bool tie = row > 0 && (value.isValid() ? previous && *previous == value : missingSeen);
                    if (tie)
                        QVERIFY2(order == Qt::AscendingOrder ? previousSeq < seq : previousSeq > seq,
                                 qPrintable(QStringLiteral("%1 row %2: equal values out of seq order").arg(key).arg(row)));
                    previousSeq = seq;
                    if (!value.isValid()) {
                        missingSeen = true;
                        continue;
                    }
                    QVERIFY2(!missingSeen, qPrintable(QStringLiteral("%1: %2 has a value after runs without one").arg(key, id)));
                    QVERIFY(!model.index(row, RunsTableModel::FixedColumnCount + c).data().toString().isEmpty());
                    if (previous) {
                        const bool inOrder = value.typeId() == QMetaType::Double
                                                 ? (order == Qt::AscendingOrder ? previous->toDouble() <= value.toDouble()
                                                                                : previous->toDouble() >= value.toDouble())
                                                 : (order == Qt::AscendingOrder ? previous->toString() <= value.toString()
                                                                                : previous->toString() >= value.toString());
                        QVERIFY2(inOrder, qPrintable(QStringLiteral("%1 row %2").arg(key).arg(row)));
                    }
                    previous = value;
                }
                QVERIFY(missingSeen);
            }
        }
    }

    // A filter expression's matches are counted off the GUI thread when they fill more than the first page:
    // meanwhile the count is the loaded runs, said as a lower bound; the exact count replaces it when it lands.
    // Fewer matches than a page are counted by the page itself.
    void anExpressionIsCountedOffTheGuiThread()
    {
        constexpr int kRuns = 450;
        QVERIFY(populate(*m_workspace, kRuns));
        {
            QSqlDatabase db = m_workspace->database();
            QVERIFY(db.transaction());
            QSqlQuery param(db);
            QVERIFY(param.prepare(QStringLiteral("INSERT INTO run_params (run_id, name, position, value, number, source) "
                                                 "VALUES (?, 'x', 0, ?, ?, 'script')")));
            for (int seq = 1; seq <= kRuns; ++seq) {
                param.addBindValue(generatedRun(seq).id);
                param.addBindValue(QString::number(seq % 10));
                param.addBindValue(double(seq % 10));
                QVERIFY(param.exec());
            }
            QVERIFY(db.commit());
        }
        RunsView view(*m_workspace);
        RunsTableModel& model = *view.model();
        const QLabel* count = view.findChild<QLabel*>(QStringLiteral("runCount"));
        QVERIFY(count);
        QSignalSpy counting(&model, &RunsTableModel::countingChanged);

        RunQueryFilter many;
        many.expression = QStringLiteral("params.x >= 3");
        model.setFilter(many);
        QVERIFY(model.isCounting());
        QCOMPARE(model.totalCount(), qint64(RunsTableModel::kPageSize));
        QCOMPARE(count->text(), QStringLiteral("200+ run(s), counting…"));
        QTRY_VERIFY(!model.isCounting());
        QCOMPARE(model.totalCount(), qint64(315));
        QCOMPARE(count->text(), QStringLiteral("315 run(s)"));
        QCOMPARE(counting.size(), 2);
        QCOMPARE(model.loadError(), QString());

        // The filter changes while its count runs: the count shown is the last filter's.
        RunQueryFilter others;
        others.expression = QStringLiteral("params.x < 5");
        model.setFilter(many);
        model.setFilter(others);
        QVERIFY(model.isCounting());
        QTRY_VERIFY(!model.isCounting());
        QCOMPARE(model.totalCount(), qint64(225));

        RunQueryFilter few;
        few.expression = QStringLiteral("params.x = 3 and status = Completed");
        model.setFilter(few);
        QVERIFY(!model.isCounting());
        QVERIFY(model.rowCount() < RunsTableModel::kPageSize);
        QCOMPARE(model.totalCount(), qint64(model.rowCount()));
        QCOMPARE(model.totalCount(), RunQuery(*m_workspace).count(few));
        QCOMPARE(count->text(), QStringLiteral("%1 run(s)").arg(model.rowCount()));

        // Plain filters are counted at once, as before.
        model.setFilter({});
        QVERIFY(!model.isCounting());
        QCOMPARE(model.totalCount(), qint64(kRuns));
    }

    void liveUpdatesKeepSelection()
    {
        QVERIFY(populate(*m_workspace, 50));
        QSqlDatabase other = otherConnection(*m_workspace);
        QSqlQuery q(other);
        // Run 40 is running (no end yet).
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET status = 'Running', ended_at = NULL, exit_code = NULL WHERE seq = 40")));

        RunsTableModel model(*m_workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QItemSelectionModel selection(&model);
        const QString running = generatedRun(40).id;
        const int row = model.rowOf(running);
        QCOMPARE(row, 10);
        QCOMPARE(model.index(row, RunsTableModel::StatusColumn).data().toString(), QStringLiteral("Running"));
        // What the run goes through now is part of its status, and reaches the table with the next refresh.
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET waiting_reason = 'reconnecting: host unreachable' WHERE seq = 40")));
        model.refresh();
        QCOMPARE(model.index(row, RunsTableModel::StatusColumn).data().toString(),
                 QStringLiteral("Running (reconnecting: host unreachable)"));
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET waiting_reason = NULL WHERE seq = 40")));
        model.refresh();
        QCOMPARE(model.index(row, RunsTableModel::StatusColumn).data().toString(), QStringLiteral("Running"));
        selection.select(model.index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET status = 'Completed', ended_at = started_at + 5000, exit_code = 0 WHERE seq = 40")));
        model.refresh();
        QVERIFY(!changed.isEmpty());
        bool rowReported = false;
        for (const auto& args : std::as_const(changed)) {
            const auto topLeft = args.at(0).value<QModelIndex>();
            const auto bottomRight = args.at(1).value<QModelIndex>();
            rowReported = rowReported || (topLeft.row() <= row && bottomRight.row() >= row);
        }
        QVERIFY(rowReported);
        QCOMPARE(model.index(row, RunsTableModel::StatusColumn).data().toString(), QStringLiteral("Completed"));
        QCOMPARE(model.index(row, RunsTableModel::DurationColumn).data().toString(), QStringLiteral("5s"));
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(selection.selectedRows().constFirst().row(), row);

        // A finished run is never re-read: a second refresh reports nothing.
        changed.clear();
        model.refresh();
        QCOMPARE(changed.size(), 0);

        // A run submitted elsewhere appears on top; the selection follows its run.
        GeneratedRun added = generatedRun(51);
        added.status = RunStatus::Queued;
        QVERIFY(insertRun(other, added));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.refresh();
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.runId(0), added.id);
        QCOMPARE(model.totalCount(), qint64(51));
        QCOMPARE(model.index(0, RunsTableModel::StatusColumn).data().toString(), QStringLiteral("Queued"));
        QCOMPARE(selection.selectedRows().constFirst().data(RunsTableModel::RunIdRole).toString(), running);
    }

    void liveRunLeavesStatusFilter()
    {
        QVERIFY(populate(*m_workspace, 30));
        QSqlDatabase other = otherConnection(*m_workspace);
        QSqlQuery q(other);
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET status = 'Running', ended_at = NULL WHERE seq IN (10, 20)")));
        RunsTableModel model(*m_workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatusFilter(RunStatus::Running);
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET status = 'Failed', ended_at = started_at + 1 WHERE seq = 20")));
        model.refresh();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.runId(0), generatedRun(10).id);
        QCOMPARE(model.totalCount(), qint64(1));
    }

    void queryCountsExperimentsAndLiveRuns()
    {
        QVERIFY(populate(*m_workspace, 99));
        RunQuery query(*m_workspace);
        const auto counts = query.experimentCounts();
        QCOMPARE(counts.size(), 3);
        qint64 total = 0;
        for (const auto& c : counts) {
            int expected = 0;
            for (int seq = 1; seq <= 99; ++seq)
                expected += generatedRun(seq).experiment == c.first;
            QCOMPARE(c.second, qint64(expected));
            total += c.second;
        }
        QCOMPARE(total, qint64(99));
        QCOMPARE(query.liveRunCount(), qint64(0));
        QVERIFY(QSqlQuery(m_workspace->database()).exec(QStringLiteral("UPDATE runs SET status = 'Running' WHERE seq < 4")));
        QCOMPARE(query.liveRunCount(), qint64(3));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_workspace;
};

QTEST_MAIN(TestRunsTableModel)
#include "TestRunsTableModel.moc"
