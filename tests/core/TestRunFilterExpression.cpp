// Tests for RunFilterExpression: the filter language parsed, its errors with the wrong token's position, and
// every operator run through RunQuery against a real workspace whose runs have params, metrics and tags.
#include <QtTest>

#include "run/RunFilterExpression.h"
#include "run/RunQuery.h"
#include "run/RunStore.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cmath>
#include <limits>

class TestRunFilterExpression : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QStringList m_ids; // run 0..4, see init()

    // The ids the filter lists, in submission order (oldest first), or "error: …".
    QStringList matching(const QString& expression, bool includeArchived = false)
    {
        RunQueryFilter filter;
        filter.expression = expression;
        filter.includeArchived = includeArchived;
        QString error;
        RunOrder oldestFirst;
        oldestFirst.descending = false;
        const QVector<RunListRow> rows = RunQuery(*m_ws).page(filter, oldestFirst, nullptr, 100, &error);
        if (!error.isEmpty())
            return {QStringLiteral("error: ") + error};
        QStringList indexes;
        for (const RunListRow& row : rows)
            indexes << QString::number(m_ids.indexOf(row.id));
        return indexes;
    }

    // The ids one SQL form of the expression selects, straight from the runs table (archived runs hidden as a
    // listing hides them), in submission order.
    QStringList selectedBy(const QString& expression, bool probe)
    {
        const auto parsed = RunFilterExpression::parse(expression);
        if (!parsed)
            return {QStringLiteral("error: does not parse")};
        QSqlQuery q(m_ws->database());
        QString sql = QStringLiteral("SELECT id FROM runs WHERE ") + (probe ? parsed->probeSql() : parsed->sql());
        if (!parsed->referencesArchived())
            sql += QStringLiteral(" AND runs.archived = 0");
        if (!q.prepare(sql + QStringLiteral(" ORDER BY seq")))
            return {QStringLiteral("error: ") + q.lastError().text()};
        for (const QVariant& v : parsed->values())
            q.addBindValue(v);
        if (!q.exec())
            return {QStringLiteral("error: ") + q.lastError().text()};
        QStringList indexes;
        while (q.next())
            indexes << QString::number(m_ids.indexOf(q.value(0).toString()));
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
        // 0: mnist, Completed, lr 0.1, optimizer adam, stage dev, loss 0.5 (min 0.2, max 2.0), named "baseline"
        // 1: mnist, Failed, lr 0.01, optimizer sgd, stage prod, loss 0.3 (min 0.3, max 1.0)
        // 2: mnist, Completed, lr 1e-3, no optimizer, no stage, loss inf (min 0.1, max 4.0), note "try Adam again"
        // 3: cifar, Running, no lr, optimizer "Adam W", stage dev, no loss
        // 4: cifar, Completed, lr 0.1, archived
        const RunStatus states[] = {RunStatus::Completed, RunStatus::Failed, RunStatus::Completed, RunStatus::Running,
                                    RunStatus::Completed};
        for (int i = 0; i < 5; ++i) {
            const QString id = TestSupport::insertRun(*m_ws, i < 3 ? QStringLiteral("mnist") : QStringLiteral("cifar"), states[i]);
            QVERIFY(!id.isEmpty());
            m_ids << id;
        }
        QVERIFY(store.setLoggedParam(m_ids[0], QStringLiteral("lr"), QStringLiteral("0.1")));
        QVERIFY(store.setLoggedParam(m_ids[1], QStringLiteral("lr"), QStringLiteral("0.01")));
        QVERIFY(store.setLoggedParam(m_ids[2], QStringLiteral("lr"), QStringLiteral("1e-3")));
        QVERIFY(store.setLoggedParam(m_ids[4], QStringLiteral("lr"), QStringLiteral("0.1")));
        QVERIFY(store.setLoggedParam(m_ids[0], QStringLiteral("optimizer"), QStringLiteral("adam")));
        QVERIFY(store.setLoggedParam(m_ids[1], QStringLiteral("optimizer"), QStringLiteral("sgd")));
        QVERIFY(store.setLoggedParam(m_ids[3], QStringLiteral("optimizer"), QStringLiteral("Adam W")));
        QVERIFY(store.setTag(m_ids[0], QStringLiteral("stage"), QStringLiteral("dev")));
        QVERIFY(store.setTag(m_ids[1], QStringLiteral("stage"), QStringLiteral("prod")));
        QVERIFY(store.setTag(m_ids[3], QStringLiteral("stage"), QStringLiteral("dev")));
        const auto summary = [](double last, double min, double max) {
            RunMetricSummary s;
            s.name = QStringLiteral("loss");
            s.count = 10;
            s.lastStep = 9;
            s.lastValue = last;
            s.minValue = min;
            s.maxValue = max;
            return QVector<RunMetricSummary>{s};
        };
        QVERIFY(store.storeMetricSummaries(m_ids[0], summary(0.5, 0.2, 2.0)));
        QVERIFY(store.storeMetricSummaries(m_ids[1], summary(0.3, 0.3, 1.0)));
        QVERIFY(store.storeMetricSummaries(m_ids[2], summary(std::numeric_limits<double>::infinity(), 0.1, 4.0)));
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET display_name = 'baseline' WHERE id = '%1'").arg(m_ids[0])));
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET note = 'try Adam again' WHERE id = '%1'").arg(m_ids[2])));
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET archived = 1 WHERE id = '%1'").arg(m_ids[4])));
    }

    void everyOperatorOnRealRows_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("param number >") << "params.lr > 0.005" << list("0,1");
        QTest::newRow("param number >=") << "params.lr >= 0.01" << list("0,1");
        QTest::newRow("param number <") << "params.lr < 0.05" << list("1,2");
        QTest::newRow("param number <=") << "params.lr <= 0.01" << list("1,2");
        QTest::newRow("param number = reads 1e-3") << "params.lr = 0.001" << list("2");
        // != leaves out runs without the param (3 has no lr).
        QTest::newRow("param number !=") << "params.lr != 0.1" << list("1,2");
        QTest::newRow("not = keeps runs without it") << "not params.lr = 0.1" << list("1,2,3");
        QTest::newRow("param text =") << "params.optimizer = adam" << list("0");
        QTest::newRow("param text quoted") << "params.optimizer = \"Adam W\"" << list("3");
        QTest::newRow("param contains, any case") << "params.optimizer ~ ADAM" << list("0,3");
        QTest::newRow("param in") << "params.optimizer in (sgd, \"Adam W\")" << list("1,3");
        QTest::newRow("param number in") << "params.lr in (0.01, 0.001)" << list("1,2");
        QTest::newRow("metric last") << "metrics.loss < 0.4" << list("1");
        QTest::newRow("metric last inf is a number") << "metrics.loss > 100" << list("2");
        QTest::newRow("metric explicit last") << "metrics.loss.last >= 0.5" << list("0,2");
        QTest::newRow("metric min") << "metrics.loss.min <= 0.2" << list("0,2");
        QTest::newRow("metric max") << "metrics.loss.max > 1.5" << list("0,2");
        QTest::newRow("tag =") << "tags.stage = \"dev\"" << list("0,3");
        QTest::newRow("tag !=") << "tags.stage != dev" << list("1");
        QTest::newRow("tag ~") << "tags.stage ~ ro" << list("1");
        QTest::newRow("status any case") << "status = completed" << list("0,2");
        QTest::newRow("status in") << "status in (Failed, Running)" << list("1,3");
        QTest::newRow("status !=") << "status != Completed" << list("1,3");
        QTest::newRow("experiment") << "experiment = cifar" << list("3");
        QTest::newRow("id contains") << "id ~ mnist" << list("0,1,2");
        QTest::newRow("target") << "target = local" << list("0,1,2,3");
        QTest::newRow("name") << "name = baseline" << list("0");
        QTest::newRow("name != skips unnamed") << "name != other" << list("0");
        QTest::newRow("note contains") << "note ~ adam" << list("2");
        QTest::newRow("and") << "params.regularization > 0.1 or (params.lr > 0.005 and tags.stage = dev)" << list("0");
        QTest::newRow("or") << "tags.stage = prod or metrics.loss.min < 0.15" << list("1,2");
        QTest::newRow("not with parentheses") << "not (experiment = mnist or status = Running)" << QStringList();
        QTest::newRow("keywords any case") << "experiment = mnist AND NOT status = failed" << list("0,2");
        QTest::newRow("submitted today") << QStringLiteral("submitted = %1").arg(QDate::currentDate().toString(Qt::ISODate)) << list("0,1,2,3");
        QTest::newRow("submitted before") << "submitted < 2020-01-01" << QStringList();
        QTest::newRow("submitted relative") << "submitted > -1d" << list("0,1,2,3");
        QTest::newRow("ended skips unfinished") << "ended >= 2020-01-01T00:00" << list("0,1,2");
        QTest::newRow("duration") << "duration < 1h" << list("0,1,2,3");
        QTest::newRow("archived shown when asked") << "archived = true" << list("4");
        QTest::newRow("archived and param") << "archived = false and params.lr = 0.1" << list("0");
    }
    void everyOperatorOnRealRows()
    {
        QFETCH(QString, expression);
        QFETCH(QStringList, expected);
        QCOMPARE(matching(expression), expected);
        // Both SQL forms select the same runs: sets (counts, collected orders) and per-run probes (index walks).
        QCOMPARE(selectedBy(expression, false), expected);
        QCOMPARE(selectedBy(expression, true), expected);
        RunQueryFilter filter;
        filter.expression = expression;
        QString error;
        QCOMPARE(RunQuery(*m_ws).count(filter, &error), qint64(expected.size()));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void archivedRunsAreHiddenUnlessAsked()
    {
        QCOMPARE(matching(QStringLiteral("params.lr = 0.1")), list("0"));
        QCOMPARE(matching(QStringLiteral("params.lr = 0.1"), true), list("0,4"));
        RunQueryFilter filter;
        QCOMPARE(RunQuery(*m_ws).count(filter), qint64(4));
        filter.includeArchived = true;
        QCOMPARE(RunQuery(*m_ws).count(filter), qint64(5));
    }

    void userTextIsNeverPartOfTheSql()
    {
        const auto expression = RunFilterExpression::parse(QStringLiteral("params.x = \"'; DROP TABLE runs; --\" or tags.t ~ \"%_\""));
        QVERIFY(expression);
        QVERIFY2(!expression->sql().contains(QLatin1String("DROP")), qPrintable(expression->sql()));
        QVERIFY(!expression->sql().contains(QLatin1String("%_")));
        QCOMPARE(matching(QStringLiteral("params.optimizer = \"'; DROP TABLE runs; --\"")), QStringList());
        // % and _ are literal characters in a contains test, not LIKE wildcards.
        QCOMPARE(matching(QStringLiteral("params.optimizer ~ \"a_a\"")), QStringList());
        QCOMPARE(RunQuery(*m_ws).count(RunQueryFilter{}), qint64(4));
    }

    void errorsPointAtTheWrongToken_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("length");
        QTest::newRow("misspelt prefix") << "param.lr > 1" << "unknown field \"param.lr\" (did you mean params.lr?)" << 0 << 8;
        QTest::newRow("misspelt field") << "stauts = Failed" << "unknown field \"stauts\" (did you mean status?)" << 0 << 6;
        QTest::newRow("no value") << "params.lr >= " << "expected a value after \">=\"" << 13 << 0;
        QTest::newRow("unterminated") << "tags.stage = \"dev" << "unterminated string" << 13 << 4;
        QTest::newRow("no operator") << "params.lr 0.1" << "expected an operator (= != < <= > >= ~ in) after \"params.lr\"" << 10 << 3;
        QTest::newRow("metric needs a number") << "metrics.loss < low" << "metrics.loss is a number; \"low\" is not one" << 15 << 3;
        QTest::newRow("metric contains") << "metrics.loss ~ 1" << "\"~\" compares text; metrics.loss is a number: use = != < <= > >=" << 13 << 1;
        QTest::newRow("unknown status") << "status = Done" << "unknown status \"Done\": use Queued, Preparing, Starting, Running, Finalizing, Completed, Failed or Canceled" << 9 << 4;
        QTest::newRow("bad date") << "submitted > yesterday" << "expected a date (2026-11-30, 2026-11-30T12:00) or a time before now (-7d, -12h), got \"yesterday\"" << 12 << 9;
        QTest::newRow("missing paren") << "(status = Failed" << "expected \")\" to close the \"(\" at 1" << 16 << 0;
        QTest::newRow("stray paren") << "status = Failed)" << "\")\" without a matching \"(\"" << 15 << 1;
        QTest::newRow("two conditions") << "status = Failed status = Running" << "expected \"and\" or \"or\" before \"status\"" << 16 << 6;
        QTest::newRow("dangling and") << "status = Failed and" << "expected a condition after \"and\"" << 19 << 0;
        QTest::newRow("bang") << "status ! Failed" << "\"!\" is no operator: use \"!=\" or \"not\"" << 7 << 1;
        QTest::newRow("keyword as value") << "params.x = and" << "expected a value after \"=\", got the keyword \"and\" (quote it to mean the text)" << 11 << 3;
        QTest::newRow("empty") << "   " << "the filter is empty" << 3 << 0;
        QTest::newRow("bad in list") << "status in (Failed Running)" << "expected \",\" or \")\" in the list after \"in\"" << 18 << 7;
        QTest::newRow("archived ordering") << "archived > 1" << "archived is true or false: use = or !=" << 9 << 1;
        QTest::newRow("bad duration") << "duration > long" << "expected a duration in seconds or with a unit (90s, 5m, 2h, 1d), got \"long\"" << 11 << 4;
    }
    void errorsPointAtTheWrongToken()
    {
        QFETCH(QString, expression);
        QFETCH(QString, message);
        QFETCH(int, offset);
        QFETCH(int, length);
        RunFilterError error;
        QVERIFY(!RunFilterExpression::parse(expression, &error));
        QCOMPARE(error.message, message);
        QCOMPARE(error.offset, offset);
        QCOMPARE(error.length, length);
    }

    void aBadExpressionIsTheQuerysErrorNeverAnEmptyListing()
    {
        RunQueryFilter filter;
        filter.expression = QStringLiteral("param.lr > 1");
        QString error;
        QVERIFY(RunQuery(*m_ws).page(filter, RunOrder{}, nullptr, 50, &error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("did you mean params.lr?")), qPrintable(error));
        QCOMPARE(RunQuery(*m_ws).count(filter, &error), qint64(0));
        QVERIFY2(error.startsWith(QLatin1String("invalid filter at 1: unknown field")), qPrintable(error));
        QVERIFY(RunQuery(*m_ws).newerThan(0, filter, &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void describeDrawsACaretUnderTheToken()
    {
        RunFilterError error;
        const QString text = QStringLiteral("params.lr > 0.1 and stauts = Failed");
        QVERIFY(!RunFilterExpression::parse(text, &error));
        QCOMPARE(RunFilterExpression::describe(text, error),
                 QStringLiteral("unknown field \"stauts\" (did you mean status?)\n  %1\n  %2^^^^^^").arg(text, QString(20, u' ')));
    }

    void plainTextIsNoExpression()
    {
        QVERIFY(!RunFilterExpression::looksLikeExpression(QStringLiteral("mnist_12")));
        QVERIFY(!RunFilterExpression::looksLikeExpression(QStringLiteral("android")));
        QVERIFY(!RunFilterExpression::looksLikeExpression(QStringLiteral("mnist 3")));
        QVERIFY(RunFilterExpression::looksLikeExpression(QStringLiteral("status=Failed")));
        QVERIFY(RunFilterExpression::looksLikeExpression(QStringLiteral("params.x ~ a")));
        QVERIFY(RunFilterExpression::looksLikeExpression(QStringLiteral("not archived")));
        QVERIFY(RunFilterExpression::looksLikeExpression(QStringLiteral("status in (Failed)")));
    }

    void completionOffersNamesForTheWordAtTheCursor()
    {
        const RunFilterVocabulary vocabulary{{QStringLiteral("lr"), QStringLiteral("layers")},
                                             {QStringLiteral("loss")},
                                             {QStringLiteral("stage")}};
        QCOMPARE(RunFilterExpression::completions(QStringLiteral("params.l"), 8, vocabulary),
                 QStringList({QStringLiteral("params.lr"), QStringLiteral("params.layers")}));
        QCOMPARE(RunFilterExpression::completions(QStringLiteral("status = Failed and metrics.lo"), 30, vocabulary),
                 QStringList({QStringLiteral("metrics.loss"), QStringLiteral("metrics.loss.min"), QStringLiteral("metrics.loss.max")}));
        QCOMPARE(RunFilterExpression::completions(QStringLiteral("sta"), 3, vocabulary),
                 QStringList({QStringLiteral("status"), QStringLiteral("started")}));
        QCOMPARE(RunFilterExpression::completions(QStringLiteral("tags.s = dev"), 6, vocabulary), QStringList({QStringLiteral("tags.stage")}));
        QCOMPARE(RunFilterExpression::completions(QStringLiteral("status = fa"), 11, vocabulary), QStringList({QStringLiteral("Failed")}));
        QCOMPARE(RunFilterExpression::completions(QStringLiteral("status = Failed a"), 17, vocabulary), QStringList({QStringLiteral("and")}));
        QCOMPARE(RunFilterExpression::wordStart(QStringLiteral("status = Failed and metrics.lo"), 30), 20);
    }
};

QTEST_GUILESS_MAIN(TestRunFilterExpression)
#include "TestRunFilterExpression.moc"
