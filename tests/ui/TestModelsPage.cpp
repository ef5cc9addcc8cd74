// GUI tests for the models page: registered versions listed under their names with run, size and tags,
// deleting a version only after a Yes, opening the source run by button and by the details link, download
// that never overwrites without asking, and the list following registrations made by another connection.
#include <QtTest>

#include "registry/ModelEditDialog.h"
#include "registry/ModelRegistry.h"
#include "registry/ModelsModel.h"
#include "registry/ModelsPage.h"
#include "run/RunStore.h"
#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeView>
#include <QThread>

class TestModelsPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QString m_runId;

    void registerVersion(const QString& name, const QString& path, const QVector<QPair<QString, QString>>& tags = {})
    {
        QString error;
        QVERIFY2(ModelRegistry(*m_ws).registerModel(m_runId, path, name, QStringLiteral("desc of ") + path, tags, &error),
                 qPrintable(error));
    }

    static QPushButton* button(ModelsPage& page, const char* name)
    {
        return page.findChild<QPushButton*>(QLatin1String(name));
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
        m_runId = TestSupport::insertRun(*m_ws, QStringLiteral("digits"), RunStatus::Completed);
        QVERIFY(!m_runId.isEmpty());
        const QString outputs = m_ws->runDir(m_runId) + QStringLiteral("/work/outputs/");
        QVERIFY(TestSupport::writeFile(outputs + QStringLiteral("model.pkl"), QByteArray(777, 'p')));
        QVERIFY(TestSupport::writeFile(outputs + QStringLiteral("saved/weights.bin"), QByteArray(2000, 'w')));
        QVERIFY(TestSupport::writeFile(outputs + QStringLiteral("saved/config.json"), "{}"));
        registerVersion(QStringLiteral("digits"), QStringLiteral("outputs/model.pkl"),
                        {{QStringLiteral("framework"), QStringLiteral("sklearn")}});
        registerVersion(QStringLiteral("digits"), QStringLiteral("outputs/saved"));
        registerVersion(QStringLiteral("alpha"), QStringLiteral("outputs/model.pkl"));
        UserPrompts::clearRecordedMessages();
    }

    void versionsAreListedUnderTheirNames()
    {
        ModelsPage page(*m_ws);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->versionCount(), 3, 5000);
        ModelsModel* model = page.model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("alpha"));
        QCOMPARE(model->index(1, 0).data().toString(), QStringLiteral("digits"));
        QCOMPARE(model->rowCount(model->index(1, 0)), 2);
        const QModelIndex v1 = model->indexOf(QStringLiteral("digits"), 1);
        QCOMPARE(v1.data().toString(), QStringLiteral("version 1"));
        QCOMPARE(v1.siblingAtColumn(ModelsModel::SourceRunColumn).data().toString(), m_runId);
        QCOMPARE(v1.siblingAtColumn(ModelsModel::SizeColumn).data().toString(), QLocale().formattedDataSize(777));
        QCOMPARE(v1.siblingAtColumn(ModelsModel::TagsColumn).data().toString(), QStringLiteral("framework=sklearn"));
        QCOMPARE(v1.siblingAtColumn(ModelsModel::DescriptionColumn).data().toString(), QStringLiteral("desc of outputs/model.pkl"));
        QVERIFY(QFileInfo::exists(v1.siblingAtColumn(ModelsModel::PathColumn).data().toString()));
        const QModelIndex v2 = model->indexOf(QStringLiteral("digits"), 2);
        QCOMPARE(v2.siblingAtColumn(ModelsModel::FilesColumn).data().toLongLong(), qint64(2));
        QVERIFY(page.view()->isExpanded(model->indexOf(QStringLiteral("digits"))));

        // Details of the selected version; buttons only act on a version.
        QVERIFY(!button(page, "deleteButton")->isEnabled());
        QVERIFY(page.selectVersion(QStringLiteral("digits"), 1));
        QVERIFY(button(page, "deleteButton")->isEnabled());
        QVERIFY(page.detailsLabel()->text().contains(QStringLiteral("run:") + m_runId));
        QVERIFY(page.detailsLabel()->text().contains(QStringLiteral("framework = sklearn")));

        // A registration by another connection (the CLI) shows up without asking, keeping the selection.
        const QString runId = m_runId;
        const Workspace ws = *m_ws;
        // On a thread of its own (so its own connection, as another process would have): a future's result()
        // could run the work on this thread.
        bool registered = false;
        std::unique_ptr<QThread> other(QThread::create([&registered, runId, ws] {
            QString error;
            registered = ModelRegistry(ws).registerModel(runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("beta"),
                                                         QString(), {}, &error).has_value();
        }));
        other->start();
        QVERIFY(other->wait(10000));
        QVERIFY(registered);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->versionCount(), 4, 5000);
        QCOMPARE(page.selectedVersion()->name, QStringLiteral("digits"));
        QCOMPARE(page.selectedVersion()->version, 1);
    }

    // Alias set from the page shows on the version and on its name row, moves when set on another version;
    // the description and tags are edited in place; the source run's metrics are in the details.
    void aliasesEditsAndSourceRunMetrics()
    {
        RunStore runs(*m_ws);
        RunMetricSummary accuracy;
        accuracy.name = QStringLiteral("accuracy");
        accuracy.count = 3;
        accuracy.lastValue = 0.875;
        RunMetricSummary cpu;
        cpu.name = QStringLiteral("system/host/cpu_percent");
        cpu.count = 3;
        cpu.lastValue = 40;
        QVERIFY(runs.storeMetricSummaries(m_runId, {accuracy, cpu}));
        ModelsPage page(*m_ws);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->versionCount(), 3, 5000);
        QVERIFY(page.selectVersion(QStringLiteral("digits"), 1));
        QVERIFY2(page.detailsLabel()->text().contains(QStringLiteral("accuracy = 0.875")), qPrintable(page.detailsLabel()->text()));
        QVERIFY(!page.detailsLabel()->text().contains(QStringLiteral("cpu_percent")));

        UserPrompts::setNextText(QStringLiteral("production"));
        button(page, "aliasButton")->click();
        QTRY_VERIFY_WITH_TIMEOUT(page.selectedVersion() && page.selectedVersion()->aliases == QStringList{QStringLiteral("production")}, 5000);
        const QModelIndex nameRow = page.model()->indexOf(QStringLiteral("digits"));
        QCOMPARE(nameRow.siblingAtColumn(ModelsModel::AliasesColumn).data().toString(), QStringLiteral("production → 1"));
        QVERIFY(page.detailsLabel()->text().contains(QStringLiteral("Aliases: production")));

        QVERIFY(page.selectVersion(QStringLiteral("digits"), 2));
        page.setAlias(QStringLiteral("production"));
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->indexOf(QStringLiteral("digits")).siblingAtColumn(ModelsModel::AliasesColumn).data().toString(),
                                  QStringLiteral("production → 2"), 5000);
        QString error;
        QCOMPARE(ModelRegistry(*m_ws).resolve(QStringLiteral("digits@production"), &error)->version, 2);

        page.setAlias(QStringLiteral("9lives"));
        QVERIFY2(page.statusMessage().contains(QStringLiteral("expected a letter")), qPrintable(page.statusMessage()));

        page.applyEdit(QStringLiteral("the tuned one"), {{QStringLiteral("owner"), QStringLiteral("ml")}});
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->indexOf(QStringLiteral("digits"), 2).siblingAtColumn(ModelsModel::DescriptionColumn).data().toString(),
                                  QStringLiteral("the tuned one"), 5000);
        QCOMPARE(page.model()->indexOf(QStringLiteral("digits"), 2).siblingAtColumn(ModelsModel::TagsColumn).data().toString(),
                 QStringLiteral("owner=ml"));
        page.removeAlias(QStringLiteral("production"));
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->indexOf(QStringLiteral("digits")).siblingAtColumn(ModelsModel::AliasesColumn).data().toString().isEmpty(), 5000);
    }

    void editDialogRefusesBadTags()
    {
        ModelEditDialog dialog(QStringLiteral("Edit"), QStringLiteral("old"), {{QStringLiteral("a"), QStringLiteral("1")}});
        QCOMPARE(dialog.tagsEdit()->toPlainText(), QStringLiteral("a=1"));
        QVERIFY(dialog.validationMessage().isEmpty());
        dialog.tagsEdit()->setPlainText(QStringLiteral("a=1\nnovalue"));
        QVERIFY2(dialog.validationMessage().contains(QStringLiteral("line 2")), qPrintable(dialog.validationMessage()));
        dialog.tagsEdit()->setPlainText(QStringLiteral("a=2\nb = x"));
        QVERIFY(dialog.validationMessage().isEmpty());
        QCOMPARE(dialog.tags().size(), 2);
        QCOMPARE(dialog.tags()[1].second, QStringLiteral("x"));
    }

    void deleteAsksAndKeepsOnNo()
    {
        ModelsPage page(*m_ws);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->versionCount(), 3, 5000);
        QVERIFY(page.selectVersion(QStringLiteral("digits"), 1));
        UserPrompts::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(button(page, "deleteButton"), Qt::LeftButton);
        QCOMPARE(UserPrompts::recordedMessages().size(), 1);
        QVERIFY(UserPrompts::recordedMessages().constFirst().contains(QStringLiteral("digits version 1")));
        QTRY_VERIFY(!page.hasJobsRunning());
        QCOMPARE(ModelRegistry(*m_ws).list().size(), 3);

        UserPrompts::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(button(page, "deleteButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->versionCount(), 2, 5000);
        const auto left = ModelRegistry(*m_ws).list();
        QCOMPARE(left.size(), 2);
        for (const ModelRecord& model : left)
            QVERIFY(!(model.name == QStringLiteral("digits") && model.version == 1));
        QVERIFY(!page.model()->indexOf(QStringLiteral("digits"), 1).isValid());
        QVERIFY(page.model()->indexOf(QStringLiteral("digits"), 2).isValid());
    }

    void openSourceRunByButtonAndLink()
    {
        ModelsPage page(*m_ws);
        QSignalSpy open(&page, &ModelsPage::openRunRequested);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->versionCount(), 3, 5000);
        QVERIFY(page.selectVersion(QStringLiteral("alpha"), 1));
        QTest::mouseClick(button(page, "openRunButton"), Qt::LeftButton);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).at(0).toString(), m_runId);
        emit page.detailsLabel()->linkActivated(QStringLiteral("run:") + m_runId);
        QCOMPARE(open.size(), 2);
        QCOMPARE(open.at(1).at(0).toString(), m_runId);
    }

    void downloadNeverOverwritesWithoutAsking()
    {
        ModelsPage page(*m_ws);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->versionCount(), 3, 5000);
        QVERIFY(page.selectVersion(QStringLiteral("digits"), 2));
        QTemporaryDir target;
        UserPrompts::setNextPath(target.path());
        QTest::mouseClick(button(page, "downloadButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(TestSupport::readFile(target.path() + QStringLiteral("/saved/weights.bin")), QByteArray(2000, 'w'), 5000);
        QTRY_VERIFY(!page.hasJobsRunning());
        QVERIFY(TestSupport::writeFile(target.path() + QStringLiteral("/saved/weights.bin"), "mine"));
        UserPrompts::setNextPath(target.path());
        UserPrompts::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(button(page, "downloadButton"), Qt::LeftButton);
        QVERIFY(UserPrompts::recordedMessages().constLast().contains(QStringLiteral("already exists")));
        QVERIFY(!page.hasJobsRunning());
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/saved/weights.bin")), QByteArray("mine"));
    }
};

QTEST_MAIN(TestModelsPage)
#include "TestModelsPage.moc"
