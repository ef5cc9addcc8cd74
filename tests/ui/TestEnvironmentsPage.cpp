// GUI tests for the environments: the page lists the environments recorded in the workspace (and follows a
// record made by another connection), Remove is refused with the live run named while one uses it, a failed
// read shows the error rather than an empty table, and the run page shows what a run ran with from its
// ran-with.json, with links to the run's environment files and the build log in the Logs tab.
#include <QtTest>

#include "artifacts/ArtifactsBrowser.h"
#include "environments/EnvironmentStore.h"
#include "environments/EnvironmentsModel.h"
#include "environments/EnvironmentsPage.h"
#include "logs/LogViewWidget.h"
#include "run/RunStore.h"
#include "runs/RunPage.h"
#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>

namespace {

EnvironmentRecord seedRecord(const QString& hash, const QStringList& pip, qint64 lastUsedMs)
{
    EnvironmentRecord r;
    r.target = QStringLiteral("local");
    r.hash = hash + QString(64 - hash.size(), QLatin1Char('0'));
    r.manager = QStringLiteral("pip");
    r.definition = QJsonObject{{QStringLiteral("manager"), QStringLiteral("pip")},
                               {QStringLiteral("pip"), QJsonArray::fromStringList(pip)},
                               {QStringLiteral("conda"), QJsonArray()},
                               {QStringLiteral("file"), QJsonValue()}};
    r.prefix = QStringLiteral("/envs/") + r.hash;
    r.python = r.prefix + QStringLiteral("/bin/python");
    r.pythonVersion = QStringLiteral("3.11.2");
    r.sizeBytes = 2 * 1024 * 1024;
    r.createdMs = lastUsedMs - 1000;
    r.lastUsedMs = lastUsedMs;
    return r;
}

} // namespace

class TestEnvironmentsPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;

    void seed(const QString& runId, const EnvironmentRecord& record)
    {
        QString error;
        QVERIFY2(EnvironmentStore(*m_ws).recordUse(runId, record, &error), qPrintable(error));
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        UserPrompts::clearRecordedMessages();
    }

    void listsTheSeededEnvironments()
    {
        const qint64 now = RunStore::nowMs();
        const QString run1 = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        const QString run2 = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        seed(run1, seedRecord(QStringLiteral("3f2a9c1b2d4e"), {QStringLiteral("numpy==1.26"), QStringLiteral("tyalpha")}, now - 5000));
        seed(run2, seedRecord(QStringLiteral("3f2a9c1b2d4e"), {QStringLiteral("numpy==1.26"), QStringLiteral("tyalpha")}, now - 5000));
        seed(QString(), seedRecord(QStringLiteral("77aa"), {QStringLiteral("torch")}, now));

        EnvironmentsPage page(*m_ws);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 2, 5000);
        const EnvironmentsModel* model = page.model();
        QCOMPARE(model->headerData(EnvironmentsModel::PackagesColumn, Qt::Horizontal).toString(), QStringLiteral("Packages"));
        QCOMPARE(model->columnCount(), int(EnvironmentsModel::ColumnCount));
        // Newest use first.
        QCOMPARE(model->index(0, EnvironmentsModel::HashColumn).data().toString(), QStringLiteral("77aa00000000"));
        QCOMPARE(model->index(1, EnvironmentsModel::TargetColumn).data().toString(), QStringLiteral("local"));
        QCOMPARE(model->index(1, EnvironmentsModel::HashColumn).data().toString(), QStringLiteral("3f2a9c1b2d4e"));
        QCOMPARE(model->index(1, EnvironmentsModel::ManagerColumn).data().toString(), QStringLiteral("pip"));
        QCOMPARE(model->index(1, EnvironmentsModel::PackagesColumn).data().toString(), QStringLiteral("numpy, tyalpha"));
        QCOMPARE(model->index(1, EnvironmentsModel::SizeColumn).data().toString(), QLocale().formattedDataSize(2 * 1024 * 1024));
        QCOMPARE(model->index(1, EnvironmentsModel::RunsColumn).data().toInt(), 2);
        QVERIFY(!model->index(1, EnvironmentsModel::CreatedColumn).data().toString().isEmpty());
        QVERIFY(!model->index(1, EnvironmentsModel::LastUsedColumn).data().toString().isEmpty());

        // A record made by another connection (a run's supervisor) appears without a manual refresh.
        QString error;
        bool recorded = false;
        QThread* writer = QThread::create([this, &recorded, &error, now] {
            recorded = EnvironmentStore(*m_ws).recordUse(QString(), seedRecord(QStringLiteral("beef"), {}, now + 1000), &error);
        });
        writer->start();
        QVERIFY(writer->wait(10000));
        delete writer;
        QVERIFY2(recorded, qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 3, 5000);
        QCOMPARE(model->index(0, EnvironmentsModel::HashColumn).data().toString(), QStringLiteral("beef00000000"));
    }

    void removeIsRefusedWhileALiveRunUsesIt()
    {
        const QString live = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Running);
        QVERIFY(!live.isEmpty());
        // Supervised on another machine: live, and left alone by this machine's recovery.
        QSqlQuery q(m_ws->database());
        q.prepare(QStringLiteral("UPDATE runs SET runner_host = 'another-host' WHERE id = ?"));
        q.addBindValue(live);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        const EnvironmentRecord used = seedRecord(QStringLiteral("5eed"), {QStringLiteral("tyalpha")}, RunStore::nowMs());
        seed(live, used);

        EnvironmentsPage page(*m_ws);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, 5000);
        QVERIFY(!page.removeButton()->isEnabled()); // nothing selected yet
        QVERIFY(page.selectEnvironment(used.target, used.hash));
        QVERIFY(page.removeButton()->isEnabled());

        // No means nothing happens.
        UserPrompts::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(page.removeButton(), Qt::LeftButton);
        QVERIFY(!page.isBusy());
        QCOMPARE(page.statusMessage(), QStringLiteral("Kept environment 5eed00000000 on local."));

        QSignalSpy finished(&page, &EnvironmentsPage::actionFinished);
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(page.removeButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY2(page.statusMessage().contains(live) && page.statusMessage().contains(QStringLiteral("live run")),
                 qPrintable(page.statusMessage()));
        const QStringList messages = UserPrompts::recordedMessages();
        QVERIFY2(!messages.isEmpty() && messages.last().contains(live), qPrintable(messages.join(QLatin1Char('\n'))));
        // Still there, on the page and in the workspace.
        QString error;
        QVERIFY2(EnvironmentStore(*m_ws).find(used.target, used.hash, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && page.model()->rowCount() == 1, 5000);

        // Prune keeps it too, and says why.
        finished.clear();
        page.prune(0);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QVERIFY2(page.statusMessage().startsWith(QStringLiteral("Pruned 0 environment(s)"))
                     && page.statusMessage().contains(live),
                 qPrintable(page.statusMessage()));
        QVERIFY(EnvironmentStore(*m_ws).find(used.target, used.hash, &error));
    }

    void aFailedReadIsShownNotAnEmptyTable()
    {
        seed(QString(), seedRecord(QStringLiteral("dead"), {}, RunStore::nowMs()));
        QSqlQuery q(m_ws->database());
        QVERIFY2(q.exec(QStringLiteral("DROP TABLE environments")), qPrintable(q.lastError().text()));
        EnvironmentsPage page(*m_ws);
        QTRY_VERIFY_WITH_TIMEOUT(page.statusMessage().startsWith(QStringLiteral("Cannot read the environments")), 5000);
        QVERIFY2(page.statusMessage().contains(QStringLiteral("no such table")), qPrintable(page.statusMessage()));
        QCOMPARE(page.model()->rowCount(), 0);
    }

    void theRunPageShowsWhatTheRunRanWith()
    {
        const QString run = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        EnvironmentRecord env = seedRecord(QStringLiteral("c0ffee"), {QStringLiteral("tyalpha==2.0")}, RunStore::nowMs());
        env.image = QStringLiteral("localhost/trainyard-test-python:1");
        env.imageId = QStringLiteral("sha256:1111");
        seed(run, env);
        const QJsonObject ranWith{
            {QStringLiteral("description"),
             QJsonObject{{QStringLiteral("host"),
                          QJsonObject{{QStringLiteral("name"), QStringLiteral("trainbox-7")},
                                      {QStringLiteral("os"), QStringLiteral("Debian GNU/Linux 12 (bookworm)")},
                                      {QStringLiteral("kernel"), QStringLiteral("6.1.0-18-amd64")},
                                      {QStringLiteral("cpu_model"), QStringLiteral("AMD EPYC 7763")},
                                      {QStringLiteral("cpu_count"), 16},
                                      {QStringLiteral("memory_bytes"), 137438953472.0},
                                      {QStringLiteral("gpus"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("NVIDIA H200")},
                                                                                     {QStringLiteral("memory"), QStringLiteral("143771 MiB")},
                                                                                     {QStringLiteral("driver"), QStringLiteral("550.54")}}}}}},
                         {QStringLiteral("interpreter"), QJsonObject{{QStringLiteral("path"), QStringLiteral("/envs/c0ffee/bin/python")},
                                                                     {QStringLiteral("version"), QStringLiteral("3.11.2")}}}}},
            {QStringLiteral("environment"), QJsonObject{{QStringLiteral("hash"), env.hash}}},
            {QStringLiteral("image"), QJsonObject{{QStringLiteral("ref"), env.image},
                                                  {QStringLiteral("id"), env.imageId},
                                                  {QStringLiteral("digest"), QStringLiteral("sha256:2222")}}}};
        const QString system = m_ws->runDir(run) + QStringLiteral("/system/");
        QVERIFY(TestSupport::writeFile(system + QStringLiteral("ran-with.json"), QJsonDocument(ranWith).toJson()));
        QVERIFY(TestSupport::writeFile(system + QStringLiteral("pip-freeze.txt"), "tyalpha==2.0\n"));
        QVERIFY(TestSupport::writeFile(system + QStringLiteral("environment-build.log"),
                                       "building environment c0ffee000000 (pip, 1 packages)\nSuccessfully installed tyalpha-2.0\n"));

        RunPage page(*m_ws);
        QSignalSpy shown(&page, &RunPage::environmentShown);
        page.setRuns({run});
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().at(0).toString() == run, 5000);
        QCOMPARE(page.hostLabel()->text(), QStringLiteral("trainbox-7"));
        QCOMPARE(page.osLabel()->text(), QStringLiteral("Debian GNU/Linux 12 (bookworm) (kernel 6.1.0-18-amd64)"));
        QCOMPARE(page.cpuLabel()->text(), QStringLiteral("16 × AMD EPYC 7763"));
        QCOMPARE(page.memoryLabel()->text(), QLocale().formattedDataSize(137438953472LL));
        QCOMPARE(page.gpusLabel()->text(), QStringLiteral("NVIDIA H200, 143771 MiB, driver 550.54"));
        QCOMPARE(page.interpreterLabel()->text(), QStringLiteral("/envs/c0ffee/bin/python (Python 3.11.2)"));
        QCOMPARE(page.imageLabel()->text(), QStringLiteral("localhost/trainyard-test-python:1  sha256:2222"));
        QCOMPARE(page.environmentLabel()->text(), QStringLiteral("c0ffee000000 (pip, tyalpha)"));
        const QString links = page.environmentFilesLabel()->text();
        for (const char* file : {"system/ran-with.json", "system/pip-freeze.txt", "system/environment-build.log"})
            QVERIFY2(links.contains(QLatin1String(file)), qPrintable(links));
        QVERIFY2(!links.contains(QStringLiteral("conda-list")), qPrintable(links));

        // The build log is a stream of the Logs tab; the others open in the run's files.
        QTRY_VERIFY_WITH_TIMEOUT(page.logView()->fileChoices().contains(QStringLiteral("system/environment-build.log")), 5000);
        page.openRunFile(QStringLiteral("system/environment-build.log"));
        QCOMPARE(page.tabs()->currentWidget(), page.logView());
        QCOMPARE(page.logView()->currentFile(), QStringLiteral("system/environment-build.log"));
        QTRY_COMPARE_WITH_TIMEOUT(page.logView()->lineCount(), qint64(2), 5000);
        page.openRunFile(QStringLiteral("system/pip-freeze.txt"));
        QCOMPARE(page.tabs()->currentWidget(), page.artifactsBrowser());
        QTRY_COMPARE_WITH_TIMEOUT(page.artifactsBrowser()->currentPath(), QStringLiteral("system/pip-freeze.txt"), 5000);

        // A run with neither says so.
        const QString plain = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        shown.clear();
        page.setRuns({plain});
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().at(0).toString() == plain, 5000);
        QCOMPARE(page.hostLabel()->text(), QStringLiteral("—"));
        QCOMPARE(page.environmentLabel()->text(), QStringLiteral("—"));
    }
};

QTEST_MAIN(TestEnvironmentsPage)
#include "TestEnvironmentsPage.moc"
