// Tests for RunComparison: runs of a real workspace side by side, with their params, metrics, tags, git state
// and environments, and which rows differ.
#include <QtTest>

#include "TestSupport.h"
#include "compare/RunComparison.h"
#include "environments/EnvironmentStore.h"
#include "run/RunStore.h"
#include "snapshot/GitState.h"
#include "snapshot/SnapshotStore.h"

#include <QSqlQuery>
#include <QTemporaryDir>

#include <cmath>

using namespace TestSupport;

class TestRunComparison : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QJsonObject estimatorWith(const QVector<QPair<QString, QString>>& params)
    {
        QJsonArray scriptParams;
        for (const auto& p : params)
            scriptParams.append(
                QJsonObject{{QStringLiteral("key"), p.first}, {QStringLiteral("value"), p.second}});
        return QJsonObject{{QStringLiteral("entryScript"), QStringLiteral("train.py")},
                           {QStringLiteral("script_params"), scriptParams}};
    }

    // A run as a submit records it: a snapshot of a real folder, the git state, the estimator's params.
    static QString addRun(const Workspace& ws, const QString& project, const QJsonObject& estimator,
                          const QJsonObject& git = {}, const QString& displayName = {})
    {
        QString error;
        const auto snapshot = SnapshotStore(ws.storeDir()).create(project, &error);
        if (!snapshot) {
            qWarning("snapshot: %s", qPrintable(error));
            return {};
        }
        RunStore store(ws);
        RunRecord run;
        run.experiment = QStringLiteral("cmp");
        run.computeTarget = QStringLiteral("local");
        run.estimator = estimator;
        run.snapshotId = snapshot->id;
        run.git = git;
        if (!store.insert(run, &error)) {
            qWarning("insert: %s", qPrintable(error));
            return {};
        }
        if (!displayName.isEmpty()) {
            QSqlQuery q(ws.database());
            q.prepare(QStringLiteral("UPDATE runs SET display_name = ? WHERE id = ?"));
            q.addBindValue(displayName);
            q.addBindValue(run.id);
            if (!q.exec())
                return {};
        }
        return run.id;
    }

    static bool storeMetric(const Workspace& ws, const QString& id, const QString& name, double last,
                            std::optional<double> min = {}, std::optional<double> max = {})
    {
        RunStore store(ws);
        RunMetricSummary s;
        s.name = name;
        s.count = 3;
        s.lastStep = 2;
        s.lastValue = last;
        if (!store.storeMetricSummaries(id, {s}))
            return false;
        // The ingest that records minimum and maximum is written elsewhere; its columns are read here.
        QSqlQuery q(ws.database());
        q.prepare(QStringLiteral(
            "UPDATE run_metrics SET min_value = ?, max_value = ? WHERE run_id = ? AND name = ?"));
        q.addBindValue(min ? QVariant(*min) : QVariant(QMetaType(QMetaType::Double)));
        q.addBindValue(max ? QVariant(*max) : QVariant(QMetaType(QMetaType::Double)));
        q.addBindValue(id);
        q.addBindValue(name);
        return q.exec();
    }

    static const ComparisonSection* section(const RunComparison& c, const QString& title)
    {
        for (const ComparisonSection& s : c.sections())
            if (s.title == title)
                return &s;
        return nullptr;
    }

    QString project(const QString& name, const QByteArray& script)
    {
        const QString dir = m_dir.path() + QStringLiteral("/projects/") + name;
        writeFile(dir + QStringLiteral("/train.py"), script);
        return dir;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void paramsMetricsAndTagsSideBySide()
    {
        const auto ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        const QString dir = project(QStringLiteral("a"), "print('a')\n");
        const QString a = addRun(*ws, dir,
                                 estimatorWith({{QStringLiteral("--lr"), QStringLiteral("0.10")},
                                                {QStringLiteral("--layers"), QStringLiteral("3")},
                                                {QStringLiteral("--opt"), QStringLiteral("adam")}}),
                                 {}, QStringLiteral("baseline"));
        const QString b = addRun(*ws, dir,
                                 estimatorWith({{QStringLiteral("--lr"), QStringLiteral("0.1")},
                                                {QStringLiteral("--layers"), QStringLiteral("4")},
                                                {QStringLiteral("--opt"), QStringLiteral("adam")},
                                                {QStringLiteral("--dropout"), QStringLiteral("0.5")}}));
        const QString c = addRun(*ws, dir,
                                 estimatorWith({{QStringLiteral("--lr"), QStringLiteral("1e-1")},
                                                {QStringLiteral("--layers"), QStringLiteral("3")},
                                                {QStringLiteral("--opt"), QStringLiteral("sgd")}}));
        QVERIFY(!a.isEmpty() && !b.isEmpty() && !c.isEmpty());
        QVERIFY(storeMetric(*ws, a, QStringLiteral("loss"), 0.5, 0.25, 2.0));
        QVERIFY(storeMetric(*ws, b, QStringLiteral("loss"), 0.5, 0.3, 2.0));
        QVERIFY(storeMetric(*ws, c, QStringLiteral("loss"), 0.5)); // min/max not recorded yet
        QVERIFY(storeMetric(*ws, b, QStringLiteral("val.acc"), 0.9));
        RunStore store(*ws);
        QVERIFY(store.setTag(a, QStringLiteral("stage"), QStringLiteral("dev")));
        QVERIFY(store.setTag(b, QStringLiteral("stage"), QStringLiteral("dev")));
        QVERIFY(store.setTag(c, QStringLiteral("stage"), QStringLiteral("dev")));
        QVERIFY(store.setTag(c, QStringLiteral("owner"), QStringLiteral("kim")));

        QString error;
        RunComparison::Failure failure = RunComparison::Failure::Storage;
        const auto cmp = RunComparison::build(*ws, {a, b, c, a}, &error, &failure);
        QVERIFY2(cmp, qPrintable(error));
        QCOMPARE(failure, RunComparison::Failure::None);
        QCOMPARE(cmp->runIds(), (QStringList{a, b, c}));
        QCOMPARE(cmp->runLabels(), (QStringList{QStringLiteral("baseline"), b, c}));
        QStringList titles;
        for (const ComparisonSection& s : cmp->sections())
            titles << s.title;
        QCOMPARE(titles,
                 (QStringList{QStringLiteral("Run"), QStringLiteral("Parameters"), QStringLiteral("Metrics"),
                              QStringLiteral("Tags"), QStringLiteral("Git"), QStringLiteral("Environment")}));

        // The union of the params, in the order the runs give them; numbers compare as numbers.
        QStringList paramKeys;
        for (const ComparisonRow& r : section(*cmp, QStringLiteral("Parameters"))->rows)
            paramKeys << r.key;
        QCOMPARE(paramKeys, (QStringList{QStringLiteral("params.lr"), QStringLiteral("params.layers"),
                                         QStringLiteral("params.opt"), QStringLiteral("params.dropout")}));
        const ComparisonRow* lr = cmp->row(QStringLiteral("params.lr"));
        QVERIFY(lr);
        QCOMPARE(lr->values.at(0).text, QStringLiteral("0.10"));
        QCOMPARE(lr->values.at(2).text, QStringLiteral("1e-1"));
        QVERIFY2(!lr->differs, "0.10, 0.1 and 1e-1 are one number");
        QVERIFY(cmp->row(QStringLiteral("params.layers"))->differs);
        QVERIFY(cmp->row(QStringLiteral("params.opt"))->differs);
        const ComparisonRow* dropout = cmp->row(QStringLiteral("params.dropout"));
        QVERIFY(dropout->values.at(0).missing && !dropout->values.at(1).missing &&
                dropout->values.at(2).missing);
        QVERIFY(dropout->differs);

        // Last, min and max of each metric; a row no run has is left out.
        QVERIFY(!cmp->row(QStringLiteral("metrics.loss"))->differs);
        QVERIFY(cmp->row(QStringLiteral("metrics.loss.last")) == cmp->row(QStringLiteral("metrics.loss")));
        const ComparisonRow* lossMin = cmp->row(QStringLiteral("metrics.loss.min"));
        QVERIFY(lossMin);
        QCOMPARE(lossMin->label, QStringLiteral("loss (min)"));
        QCOMPARE(*lossMin->values.at(0).number, 0.25);
        QVERIFY(lossMin->values.at(2).missing);
        QVERIFY(lossMin->differs);
        QVERIFY(cmp->row(QStringLiteral("metrics.loss.max"))->differs); // c has none
        QVERIFY(cmp->row(QStringLiteral("metrics.val.acc")));
        QVERIFY(!cmp->row(QStringLiteral("metrics.val.acc.min")));

        QVERIFY(!cmp->row(QStringLiteral("tags.stage"))->differs);
        QVERIFY(cmp->row(QStringLiteral("tags.owner"))->differs);
        QVERIFY(!cmp->row(QStringLiteral("experiment"))->differs);
        QVERIFY(!cmp->row(QStringLiteral("status"))->differs);
        QCOMPARE(cmp->row(QStringLiteral("name"))->values.at(0).text, QStringLiteral("baseline"));
        QVERIFY(cmp->row(QStringLiteral("name"))->differs);

        // What plots take: the numbers of chosen rows, NaN where a run has none.
        const ComparisonNumbers numbers =
            cmp->numbers({QStringLiteral("params.layers"), QStringLiteral("metrics.loss.min"),
                          QStringLiteral("params.opt"), QStringLiteral("params.nosuch")});
        QCOMPARE(numbers.runIds, cmp->runIds());
        QCOMPARE(numbers.values.size(), 4);
        QCOMPARE(numbers.values.at(0), (QVector<double>{3, 4, 3}));
        QCOMPARE(numbers.values.at(1).at(1), 0.3);
        QVERIFY(std::isnan(numbers.values.at(1).at(2)));
        QVERIFY(std::isnan(numbers.values.at(2).at(0)));
        QVERIFY(std::isnan(numbers.values.at(3).at(1)));
    }

    void gitAndEnvironmentRows()
    {
        const auto ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        const QString dir = project(QStringLiteral("git"), "print('g')\n");
        GitState clean;
        clean.inRepository = true;
        clean.repository = QStringLiteral("https://example.org/r.git");
        clean.branch = QStringLiteral("main");
        clean.commit = QString(40, QLatin1Char('a'));
        GitState dirty = clean;
        dirty.dirty = true;
        dirty.diff = "--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-print('a')\n+print('g')\n";
        GitState otherDirty = dirty;
        otherDirty.diff = "--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-print('a')\n+print('h')\n";
        const QString a = addRun(*ws, dir, estimatorWith({}), dirty.toJson());
        const QString b = addRun(*ws, dir, estimatorWith({}), otherDirty.toJson());
        const QString c = addRun(*ws, dir, estimatorWith({}), dirty.toJson());
        const QString d = addRun(*ws, dir, estimatorWith({}), clean.toJson());

        // Environments: a's from the record's definition, b's from what pip freeze found in the run.
        EnvironmentStore environments(*ws);
        EnvironmentRecord record;
        record.target = QStringLiteral("local");
        record.hash = QString(64, QLatin1Char('1'));
        record.manager = QStringLiteral("pip");
        record.prefix = QStringLiteral("/envs/one");
        record.python = QStringLiteral("/envs/one/bin/python");
        record.pythonVersion = QStringLiteral("3.11.2");
        record.definition =
            QJsonObject{{QStringLiteral("pip"),
                         QJsonArray{QStringLiteral("numpy==1.26.4"), QStringLiteral("requests==2.31.0")}}};
        QString error;
        QVERIFY2(environments.recordUse(a, record, &error), qPrintable(error));
        record.hash = QString(64, QLatin1Char('2'));
        QVERIFY2(environments.recordUse(b, record, &error), qPrintable(error));
        QVERIFY(writeFile(ws->runDir(b) + QStringLiteral("/system/pip-freeze.txt"),
                          "numpy==2.0.1\nrequests==2.31.0\n"));
        QVERIFY(writeFile(
            ws->runDir(b) + QStringLiteral("/system/ran-with.json"),
            R"({"description":{"host":{"name":"gpu-box"},"interpreter":{"version":"3.11.2"}},"environment":{"hash":"2222"}})"));

        const auto cmp = RunComparison::build(*ws, {a, b, c, d}, &error);
        QVERIFY2(cmp, qPrintable(error));
        QVERIFY(!cmp->row(QStringLiteral("git.commit"))->differs);
        QVERIFY(!cmp->row(QStringLiteral("git.branch"))->differs);
        QVERIFY(cmp->row(QStringLiteral("git.dirty"))->differs);
        const ComparisonRow* diff = cmp->row(QStringLiteral("git.diff"));
        QVERIFY(diff->differs);
        QCOMPARE(diff->values.at(0).text, diff->values.at(2).text); // the same patch reads the same
        QVERIFY(diff->values.at(0).text != diff->values.at(1).text);
        QCOMPARE(diff->values.at(3).text, QStringLiteral("none"));
        QCOMPARE(cmp->gitDiff(1), otherDirty.diff);
        QVERIFY(cmp->gitDiff(3).isEmpty());

        QCOMPARE(cmp->row(QStringLiteral("environment.hash"))->values.at(0).text,
                 QString(12, QLatin1Char('1')));
        QVERIFY(cmp->row(QStringLiteral("environment.hash"))->differs);
        QCOMPARE(cmp->row(QStringLiteral("environment.host"))->values.at(1).text, QStringLiteral("gpu-box"));
        QCOMPARE(cmp->row(QStringLiteral("environment.python"))->values.at(0).text, QStringLiteral("3.11.2"));
        // Only the packages whose versions differ; runs with no package list say nothing about them.
        const ComparisonRow* numpy = cmp->row(QStringLiteral("packages.numpy"));
        QVERIFY(numpy);
        QCOMPARE(numpy->values.at(0).text, QStringLiteral("1.26.4"));
        QCOMPARE(numpy->values.at(1).text, QStringLiteral("2.0.1"));
        QVERIFY(numpy->values.at(2).missing);
        QVERIFY(numpy->differs);
        QVERIFY(!cmp->row(QStringLiteral("packages.requests")));
    }

    void refusesTooFewAndUnknownRuns()
    {
        const auto ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        const QString a = insertRun(*ws, QStringLiteral("cmp"), RunStatus::Completed);
        QString error;
        RunComparison::Failure failure = RunComparison::Failure::None;
        QVERIFY(!RunComparison::build(*ws, {a}, &error, &failure));
        QCOMPARE(failure, RunComparison::Failure::TooFewRuns);
        QVERIFY2(error.contains(QStringLiteral("at least two")), qPrintable(error));
        QVERIFY(!RunComparison::build(*ws, {a, a}, &error, &failure));
        QCOMPARE(failure, RunComparison::Failure::TooFewRuns);
        QVERIFY(!RunComparison::build(*ws, {a, QStringLiteral("nope_1"), QStringLiteral("nope_2")}, &error,
                                      &failure));
        QCOMPARE(failure, RunComparison::Failure::UnknownRuns);
        QCOMPARE(error, QStringLiteral("unknown runs nope_1, nope_2"));
    }

    void aFailedQueryIsAnError()
    {
        const auto ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        const QString a = insertRun(*ws, QStringLiteral("cmp"), RunStatus::Completed);
        const QString b = insertRun(*ws, QStringLiteral("cmp"), RunStatus::Failed);
        QSqlQuery q(ws->database());
        QVERIFY(q.exec(QStringLiteral("DROP TABLE run_tags")));
        QString error;
        RunComparison::Failure failure = RunComparison::Failure::None;
        QVERIFY(!RunComparison::build(*ws, {a, b}, &error, &failure));
        QCOMPARE(failure, RunComparison::Failure::Storage);
        QVERIFY2(error.contains(QStringLiteral("cannot read the tags")), qPrintable(error));
    }

    void aThousandRunsInOneComparison()
    {
        const auto ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        QSqlDatabase db = ws->database();
        QVERIFY(db.transaction());
        QStringList ids;
        QSqlQuery run(db), param(db), metric(db);
        run.prepare(QStringLiteral(
            "INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, command_json, "
            "snapshot_id, git_json, submitted_at) VALUES (?, ?, 'many', 'Completed', 'local', '{}', '[]', "
            "'', '{}', 1)"));
        param.prepare(QStringLiteral("INSERT INTO run_params (run_id, name, position, value, number, source) "
                                     "VALUES (?, ?, ?, ?, ?, 'script')"));
        metric.prepare(QStringLiteral("INSERT INTO run_metrics (run_id, name, count, last_step, last_value, "
                                      "last_time) VALUES (?, ?, 1, 1, ?, 0)"));
        for (int i = 0; i < 1000; ++i) {
            const QString id = QStringLiteral("many_%1").arg(i + 1);
            ids << id;
            run.addBindValue(id);
            run.addBindValue(i + 1);
            QVERIFY(run.exec());
            for (int p = 0; p < 5; ++p) {
                param.addBindValue(id);
                param.addBindValue(QStringLiteral("p%1").arg(p));
                param.addBindValue(p);
                param.addBindValue(QString::number(i % (p + 2)));
                param.addBindValue(double(i % (p + 2)));
                QVERIFY(param.exec());
                metric.addBindValue(id);
                metric.addBindValue(QStringLiteral("m%1").arg(p));
                metric.addBindValue(i * 0.001);
                QVERIFY(metric.exec());
            }
        }
        QVERIFY(db.commit());
        QString error;
        const auto cmp = RunComparison::build(*ws, ids, &error);
        QVERIFY2(cmp, qPrintable(error));
        QCOMPARE(cmp->runCount(), 1000);
        QCOMPARE(section(*cmp, QStringLiteral("Parameters"))->rows.size(), 5);
        QVERIFY(cmp->row(QStringLiteral("params.p0"))->differs);
        QCOMPARE(cmp->row(QStringLiteral("params.p1"))->values.at(999).text, QStringLiteral("0"));
        QCOMPARE(*cmp->row(QStringLiteral("metrics.m4"))->values.at(999).number, 0.999);
    }
};

QTEST_GUILESS_MAIN(TestRunComparison)
#include "TestRunComparison.moc"
