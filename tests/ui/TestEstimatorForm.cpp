#include <QtTest>

#include "estimator/EstimatorForm.h"
#include "registry/DatasetRegistry.h"
#include "estimator/EstimatorParser.h"
#include "estimator/ScriptParamsModel.h"
#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>

// Drives the real estimator form offscreen: open a folder, edit, see inline validation and the command
// preview, save, and submit a real run through the detached runner.
class TestEstimatorForm : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_workspace;
    QString m_workspaceDir;

    // A copy of resources/sample (estimator.yml + train.py): params --regularization 0.01, --epochs 20, --verbose.
    QString sampleProject()
    {
        const QString project = m_dir->path() + QStringLiteral("/sample");
        for (const QString& name : {QStringLiteral("estimator.yml"), QStringLiteral("train.py")})
            if (!TestSupport::writeFile(project + QLatin1Char('/') + name,
                                        TestSupport::readFile(TestSupport::sourceDir() + QStringLiteral("/resources/sample/") + name)))
                qFatal("cannot copy the sample project");
        return project;
    }

    template <typename T> static T* child(QWidget* parent, const QString& name)
    {
        T* widget = parent->findChild<T*>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }

    // Opens the folder and waits for the worker's inspection to reach the form.
    static void openAndWait(EstimatorForm& form, const QString& folder)
    {
        QSignalSpy inspected(&form, &EstimatorForm::projectInspected);
        QString why;
        QVERIFY2(form.openProjectFolder(folder, &why), qPrintable(why));
        QTRY_COMPARE_WITH_TIMEOUT(inspected.count(), 1, 10000);
    }

    static QString python() { return QFileInfo::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3") : QStringLiteral("python3"); }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        qputenv("TRAINYARD_RUNNER", QFile::encodeName(TestSupport::binDir() + QStringLiteral("/trainyard-runner")));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_workspaceDir = m_dir->path() + QStringLiteral("/ws");
        QString error;
        m_workspace = Workspace::open(m_workspaceDir, &error);
        QVERIFY2(m_workspace, qPrintable(error));
        UserPrompts::clearRecordedMessages();
    }

    void cleanup()
    {
        // Workers (experiment lists, inspections, connection tests) may still touch the workspace; let them
        // finish before the folder goes, or SQLite would recreate the database file inside it.
        QThreadPool::globalInstance()->waitForDone();
        m_workspace.reset();
        m_dir.reset();
    }

    void opensProjectFolderAndFillsFields()
    {
        EstimatorForm form(*m_workspace);
        auto* model = qobject_cast<ScriptParamsModel*>(child<QTableView>(&form, QStringLiteral("scriptParams"))->model());
        QVERIFY(model);
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        openAndWait(form, sampleProject());

        QCOMPARE(child<QComboBox>(&form, QStringLiteral("entryScript"))->currentText(), QStringLiteral("train.py"));
        QCOMPARE(child<QComboBox>(&form, QStringLiteral("experiment"))->currentText(), QStringLiteral("sample-sklearn"));
        const Estimator e = form.estimator();
        QCOMPARE(e.scriptParams.size(), 3);
        QCOMPARE(e.scriptParams[0].key, QStringLiteral("--regularization"));
        QCOMPARE(e.scriptParams[1].key, QStringLiteral("--epochs"));
        QCOMPARE(e.scriptParams[1].value, QStringLiteral("20"));
        QCOMPARE(e.scriptParams[2].kind, ScriptParam::Kind::Flag);
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->index(1, ScriptParamsModel::KeyColumn).data().toString(), QStringLiteral("--epochs"));
        QCOMPARE(e.environmentVariables.size(), 1);
        QCOMPARE(e.environmentVariables[0].first, QStringLiteral("OMP_NUM_THREADS"));
        QCOMPARE(e.sourceDirectory, QDir::cleanPath(m_dir->path() + QStringLiteral("/sample")));
        // Not a repository: the form says so and shows no dirty badge.
        QCOMPARE(child<QLabel>(&form, QStringLiteral("gitState"))->text(), QStringLiteral("not in a git repository"));
        QVERIFY(child<QLabel>(&form, QStringLiteral("dirtyBadge"))->isHidden());
    }

    void guessesForAFolderWithoutEstimator()
    {
        const QString project = m_dir->path() + QStringLiteral("/guess me");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/main.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/tools/prep.sh"), "echo\n"));
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/requirements.txt"), "numpy\n"));
        EstimatorForm form(*m_workspace);
        openAndWait(form, project);
        auto* entry = child<QComboBox>(&form, QStringLiteral("entryScript"));
        QCOMPARE(entry->currentText(), QStringLiteral("main.py"));
        QStringList offered;
        for (int i = 0; i < entry->count(); ++i)
            offered << entry->itemText(i);
        QCOMPARE(offered, (QStringList{QStringLiteral("main.py"), QStringLiteral("tools/prep.sh")}));
        QCOMPARE(form.estimator().experiment, QStringLiteral("guess-me"));
        QCOMPARE(child<QLineEdit>(&form, QStringLiteral("environmentDefinition"))->text(), QStringLiteral("requirements.txt"));
        QTRY_COMPARE(form.errors(), QStringList());
    }

    void refusesUnusableFolders()
    {
        EstimatorForm form(*m_workspace);
        QString why;
        const QString missing = m_dir->path() + QStringLiteral("/missing");
        QVERIFY(!form.openProjectFolder(missing, &why));
        QVERIFY2(why.contains(missing) && why.contains(QStringLiteral("does not exist")), qPrintable(why));
        const QString file = m_dir->path() + QStringLiteral("/file.py");
        QVERIFY(TestSupport::writeFile(file, "print(1)\n"));
        QVERIFY(!form.openProjectFolder(file, &why));
        QVERIFY2(why.contains(QStringLiteral("not a folder")), qPrintable(why));
    }

    void nodeCountWithoutDistributionShowsInlineError()
    {
        EstimatorForm form(*m_workspace);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        openAndWait(form, sampleProject());
        QTRY_COMPARE(form.errors(), QStringList());
        auto* nodeError = child<QLabel>(&form, QStringLiteral("error_node_count"));
        QVERIFY(nodeError->isHidden());

        auto* nodes = child<QSpinBox>(&form, QStringLiteral("nodeCount"));
        nodes->setFocus();
        nodes->selectAll();
        QTest::keyClicks(nodes, QStringLiteral("2"));
        QCOMPARE(nodes->value(), 2);
        QTRY_VERIFY(nodeError->isVisible());
        QVERIFY2(nodeError->text().contains(QStringLiteral("node_count")), qPrintable(nodeError->text()));
        QVERIFY(!form.fieldErrors(QStringLiteral("distributed_training")).isEmpty());
        QVERIFY(child<QLabel>(&form, QStringLiteral("validationSummary"))->text().contains(QStringLiteral("1 problem")));

        // Choosing a distribution mode makes the combination valid again.
        child<QComboBox>(&form, QStringLiteral("distributedTraining"))->setCurrentText(QStringLiteral("mpi"));
        QTRY_VERIFY(nodeError->isHidden());
        QCOMPARE(form.errors(), QStringList());

        // A missing entry script is reported next to the entry script.
        auto* entry = child<QComboBox>(&form, QStringLiteral("entryScript"));
        entry->setCurrentText(QStringLiteral("nope.py"));
        QTRY_VERIFY(child<QLabel>(&form, QStringLiteral("error_entry_script"))->isVisible());
        QVERIFY(child<QLabel>(&form, QStringLiteral("error_entry_script"))->text().contains(QStringLiteral("nope.py does not exist")));
    }

    void previewShowsExactArgvAndFollowsReordering()
    {
        EstimatorForm form(*m_workspace);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        openAndWait(form, sampleProject());
        const QString start = python() + QStringLiteral(" train.py");
        QTRY_COMPARE(form.commandPreview(), start + QStringLiteral(" --regularization 0.01 --epochs 20 --verbose"));
        QCOMPARE(child<QPlainTextEdit>(&form, QStringLiteral("commandPreview"))->toPlainText(), form.commandPreview());

        // Select --verbose and move it up twice.
        auto* view = child<QTableView>(&form, QStringLiteral("scriptParams"));
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view->setCurrentIndex(view->model()->index(2, 0));
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("moveParamUp")), Qt::LeftButton);
        QTRY_COMPARE(form.commandPreview(), start + QStringLiteral(" --regularization 0.01 --verbose --epochs 20"));
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("moveParamUp")), Qt::LeftButton);
        QTRY_COMPARE(form.commandPreview(), start + QStringLiteral(" --verbose --regularization 0.01 --epochs 20"));
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("moveParamDown")), Qt::LeftButton);
        QTRY_COMPARE(form.commandPreview(), start + QStringLiteral(" --regularization 0.01 --verbose --epochs 20"));

        // Remove the flag, add a dataset param: the dataset is shown as a placeholder.
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("removeParam")), Qt::LeftButton);
        QTRY_COMPARE(form.commandPreview(), start + QStringLiteral(" --regularization 0.01 --epochs 20"));
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("addParam")), Qt::LeftButton);
        QAbstractItemModel* model = view->model();
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(model->setData(model->index(2, ScriptParamsModel::KeyColumn), QStringLiteral("--data")));
        QVERIFY(model->setData(model->index(2, ScriptParamsModel::KindColumn), QStringLiteral("Dataset")));
        QVERIFY(model->setData(model->index(2, ScriptParamsModel::ValueColumn), QStringLiteral("mnist:2")));
        QTRY_COMPARE(form.commandPreview(), start + QStringLiteral(" --regularization 0.01 --epochs 20 --data '<dataset:mnist:2>'"));
        QCOMPARE(form.estimator().scriptParams[2].datasetMode, QStringLiteral("mount"));
    }

    void hostileValueIsQuotedInPreview()
    {
        EstimatorForm form(*m_workspace);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        openAndWait(form, sampleProject());
        auto* view = child<QTableView>(&form, QStringLiteral("scriptParams"));
        const QModelIndex value = view->model()->index(1, ScriptParamsModel::ValueColumn);
        // Type into the table's own editor, as a user would.
        view->setCurrentIndex(value);
        view->edit(value);
        auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("; rm -rf ~"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(form.estimator().scriptParams[1].value, QStringLiteral("; rm -rf ~"));
        QTRY_VERIFY2(form.commandPreview().endsWith(QStringLiteral("--epochs '; rm -rf ~' --verbose")),
                     qPrintable(form.commandPreview()));
    }

    void saveWritesAFileThatReadsBackEqual()
    {
        EstimatorForm form(*m_workspace);
        const QString project = sampleProject();
        openAndWait(form, project);
        child<QLineEdit>(&form, QStringLiteral("pipPackages"))->setText(QStringLiteral("numpy, scikit-learn==1.2"));
        child<QSpinBox>(&form, QStringLiteral("processesPerNode"))->setValue(2);
        child<QComboBox>(&form, QStringLiteral("distributedTraining"))->setCurrentText(QStringLiteral("pytorch"));
        child<QComboBox>(&form, QStringLiteral("experiment"))->setCurrentText(QStringLiteral("renamed"));
        QTRY_COMPARE(form.errors(), QStringList());

        QSignalSpy saved(&form, &EstimatorForm::saved);
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("saveButton")), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        const QString path = project + QStringLiteral("/estimator.yml");
        QCOMPARE(saved.at(0).at(0).toString(), path);
        QStringList errors;
        const auto reread = EstimatorParser::parseFile(path, &errors);
        QVERIFY2(reread, qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(*reread == form.estimator());
        QCOMPARE(reread->pipPackages, (QStringList{QStringLiteral("numpy"), QStringLiteral("scikit-learn==1.2")}));
        QCOMPARE(reread->experiment, QStringLiteral("renamed"));

        // Save As goes through the prompt; the saved copy reads back equal too.
        const QString other = m_dir->path() + QStringLiteral("/elsewhere/copy.yml");
        QDir().mkpath(QFileInfo(other).absolutePath());
        UserPrompts::setNextPath(other);
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("saveAsButton")), Qt::LeftButton);
        QCOMPARE(saved.count(), 2);
        const auto copy = EstimatorParser::parseFile(other, &errors);
        QVERIFY2(copy, qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(*copy == *reread);
        QCOMPARE(form.savePath(), other);
    }

    // Opening and saving keeps what the form has no control for (arguments, tags, description, output folders);
    // the run name is a field of its own.
    void keysWithoutControlsSurviveOpenAndSave()
    {
        EstimatorForm form(*m_workspace);
        const QString project = m_dir->path() + QStringLiteral("/kept");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/train.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/estimator.yml"),
                                       "entry_script: train.py\ndisplay_name: first try\ndescription: a note\n"
                                       "tags: {stage: dev}\narguments: [--epochs, 3, {dataset: mnist}]\n"
                                       "output_folders: [model]\n"));
        openAndWait(form, project);
        auto* name = child<QLineEdit>(&form, QStringLiteral("displayName"));
        QCOMPARE(name->text(), QStringLiteral("first try"));
        QTRY_VERIFY2(form.commandPreview().endsWith(QStringLiteral("train.py --epochs 3 '<dataset:mnist>'")),
                     qPrintable(form.commandPreview()));
        name->setText(QStringLiteral("second try"));
        QSignalSpy saved(&form, &EstimatorForm::saved);
        QVERIFY(form.save());
        QStringList errors;
        const auto reread = EstimatorParser::parseFile(project + QStringLiteral("/estimator.yml"), &errors);
        QVERIFY2(reread, qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(reread->displayName, QStringLiteral("second try"));
        QCOMPARE(reread->description, QStringLiteral("a note"));
        QCOMPARE(reread->tags.value(0), (QPair<QString, QString>(QStringLiteral("stage"), QStringLiteral("dev"))));
        QCOMPARE(reread->arguments.size(), 3);
        QCOMPARE(reread->arguments[2].dataset, QStringLiteral("mnist"));
        QCOMPARE(reread->outputFolders, QStringList{QStringLiteral("model")});
    }

    // An Azure ML job file opens converted; Save writes an estimator file beside the code, never the job file.
    void opensAJobFileConverted()
    {
        EstimatorForm form(*m_workspace);
        const QString project = m_dir->path() + QStringLiteral("/job");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/src/train.py"), "print(1)\n"));
        const QByteArray jobText = "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n"
                                   "code: src\ncommand: python train.py --lr ${{inputs.lr}} --out ${{outputs.model}}\n"
                                   "inputs: {lr: 0.5}\noutputs: {model: {type: uri_folder}}\ndisplay_name: from azure\n";
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/job.yml"), jobText));
        QSignalSpy opened(&form, &EstimatorForm::fileOpened);
        form.openFile(project + QStringLiteral("/job.yml"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        QCOMPARE(opened.at(0).at(1).toBool(), true);
        QCOMPARE(child<QLineEdit>(&form, QStringLiteral("displayName"))->text(), QStringLiteral("from azure"));
        QTRY_VERIFY2(form.commandPreview().endsWith(QStringLiteral("train.py --lr 0.5 --out outputs/model")),
                     qPrintable(form.commandPreview()));
        QCOMPARE(form.savePath(), project + QStringLiteral("/src/estimator.yml"));
        QVERIFY(form.save());
        QCOMPARE(TestSupport::readFile(project + QStringLiteral("/job.yml")), jobText);
        QStringList errors;
        const auto written = EstimatorParser::parseFile(project + QStringLiteral("/src/estimator.yml"), &errors);
        QVERIFY2(written, qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(written->outputFolders, QStringList{QStringLiteral("model")});

        // A job file that cannot be mapped says why, and the form keeps what it showed.
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/bad.yml"),
                                       "$schema: commandJob\ncode: src\ncommand: python train.py | tee log\n"));
        QSignalSpy failed(&form, &EstimatorForm::fileOpenFailed);
        form.openFile(project + QStringLiteral("/bad.yml"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY2(failed.at(0).at(1).toStringList().value(0).startsWith(QStringLiteral("bad.yml: command: \"|\"")),
                 qPrintable(failed.at(0).at(1).toStringList().join(QLatin1Char('\n'))));
        QCOMPARE(child<QLineEdit>(&form, QStringLiteral("displayName"))->text(), QStringLiteral("from azure"));
    }

    // "Use the interpreter as it is" is the estimator's user_managed_dependencies, saved and loaded.
    void userManagedDependenciesIsACheckbox()
    {
        EstimatorForm form(*m_workspace);
        const QString project = sampleProject();
        openAndWait(form, project);
        auto* box = child<QCheckBox>(&form, QStringLiteral("userManagedDependencies"));
        QVERIFY(!box->isChecked());
        QVERIFY(!form.estimator().userManagedDependencies);
        child<QLineEdit>(&form, QStringLiteral("pipPackages"))->setText(QStringLiteral("numpy"));
        QTest::mouseClick(box, Qt::LeftButton);
        QVERIFY(box->isChecked());
        QVERIFY(form.estimator().userManagedDependencies);
        QTRY_COMPARE(form.errors(), QStringList());
        QSignalSpy saved(&form, &EstimatorForm::saved);
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("saveButton")), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QStringList errors;
        const auto reread = EstimatorParser::parseFile(project + QStringLiteral("/estimator.yml"), &errors);
        QVERIFY2(reread, qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(reread->userManagedDependencies);
        Estimator plain = *reread;
        plain.userManagedDependencies = false;
        form.setEstimator(plain);
        QVERIFY(!box->isChecked());
        form.setEstimator(*reread);
        QVERIFY(box->isChecked());
    }

    void submitCreatesARealRunThatCompletes()
    {
        const QString project = m_dir->path() + QStringLiteral("/quick");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/train.py"),
                                       "import sys\nprint('args', sys.argv[1:])\nprint('loss: 0.5')\n"));
        EstimatorForm form(*m_workspace);
        openAndWait(form, project);
        QVERIFY(form.submitAction()->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Return)));

        QSignalSpy submitted(&form, &EstimatorForm::submitted);
        QSignalSpy failed(&form, &EstimatorForm::submitFailed);
        form.submitAction()->trigger();
        QVERIFY(child<QProgressBar>(&form, QStringLiteral("submitProgress"))->isVisibleTo(&form));
        QVERIFY(!form.submitAction()->isEnabled()); // one submission at a time
        QTRY_VERIFY_WITH_TIMEOUT(submitted.count() == 1 || failed.count() == 1, 30000);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toStringList().join(QLatin1Char('\n'))));
        const QString runId = submitted.at(0).at(0).toString();
        QVERIFY(!runId.isEmpty());
        QVERIFY(child<QLabel>(&form, QStringLiteral("submitStatus"))->text().contains(runId));
        QVERIFY(!child<QProgressBar>(&form, QStringLiteral("submitProgress"))->isVisibleTo(&form));
        QVERIFY(form.submitAction()->isEnabled());
        const QJsonObject run = TestSupport::waitForStatus(m_workspaceDir, runId,
                                                           {QStringLiteral("Completed"), QStringLiteral("Failed")}, 30000);
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(run.value(QStringLiteral("experiment")).toString(), QStringLiteral("quick"));

        // The experiment now appears among the choices of a fresh form.
        EstimatorForm second(*m_workspace);
        auto* experiments = child<QComboBox>(&second, QStringLiteral("experiment"));
        QTRY_COMPARE(experiments->findText(QStringLiteral("quick")), 0);
    }

    void showsGitStateWithDirtyBadge()
    {
        const QString project = m_dir->path() + QStringLiteral("/repo");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/train.py"), "print(1)\n"));
        const auto git = [&](const QStringList& args) {
            QProcess process;
            process.setWorkingDirectory(project);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("HOME"), m_dir->path());
            env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
            process.setProcessEnvironment(env);
            process.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"), QStringLiteral("user.name=T"), QStringLiteral("-c"),
                                                             QStringLiteral("user.email=t@example.com"), QStringLiteral("-c"),
                                                             QStringLiteral("init.defaultBranch=feature"), QStringLiteral("-c"),
                                                             QStringLiteral("commit.gpgsign=false")} + args);
            return process.waitForFinished(30000) && process.exitCode() == 0 ? QString::fromUtf8(process.readAllStandardOutput()).trimmed()
                                                                           : QStringLiteral("git failed");
        };
        git({QStringLiteral("init"), QStringLiteral("-q")});
        git({QStringLiteral("add"), QStringLiteral("-A")});
        git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("one")});
        const QString shortCommit = git({QStringLiteral("rev-parse"), QStringLiteral("--short=7"), QStringLiteral("HEAD")});
        QCOMPARE(shortCommit.size(), 7);

        EstimatorForm form(*m_workspace);
        openAndWait(form, project);
        QCOMPARE(child<QLabel>(&form, QStringLiteral("gitState"))->text(), QStringLiteral("feature · ") + shortCommit);
        QVERIFY(child<QLabel>(&form, QStringLiteral("dirtyBadge"))->isHidden());

        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/train.py"), "print(2)\n"));
        openAndWait(form, project);
        QVERIFY(!child<QLabel>(&form, QStringLiteral("dirtyBadge"))->isHidden());
    }

    void brokenEstimatorFileIsExplained()
    {
        const QString project = m_dir->path() + QStringLiteral("/broken-file");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/train.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/estimator.yml"), "entry_script: train.py\nnode_count: two\n"));
        EstimatorForm form(*m_workspace);
        openAndWait(form, project);
        auto* problems = child<QLabel>(&form, QStringLiteral("fileProblems"));
        QVERIFY(!problems->isHidden());
        QVERIFY2(problems->text().contains(QStringLiteral("node_count")), qPrintable(problems->text()));
        QCOMPARE(child<QComboBox>(&form, QStringLiteral("entryScript"))->currentText(), QStringLiteral("train.py"));
        // Saving over the file that could not be loaded asks first; answered No, the file stays as it was.
        UserPrompts::setNextAnswer(QMessageBox::No);
        QVERIFY(!form.save());
        QCOMPARE(TestSupport::readFile(project + QStringLiteral("/estimator.yml")), QByteArray("entry_script: train.py\nnode_count: two\n"));
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        QVERIFY(form.save());
        QVERIFY(!TestSupport::readFile(project + QStringLiteral("/estimator.yml")).contains("node_count: two"));
    }

    void datasetPickerOffersRegisteredDatasets()
    {
        const QString data = m_dir->path() + QStringLiteral("/data");
        QVERIFY(TestSupport::writeFile(data + QStringLiteral("/a.csv"), "1,2\n"));
        QString error;
        QVERIFY2(DatasetRegistry(*m_workspace).add(QStringLiteral("digits"), data, QString(), &error), qPrintable(error));
        EstimatorForm form(*m_workspace);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        openAndWait(form, sampleProject());
        auto* view = child<QTableView>(&form, QStringLiteral("scriptParams"));
        QVERIFY(view->model()->setData(view->model()->index(0, ScriptParamsModel::KindColumn), QStringLiteral("Dataset")));
        const QModelIndex value = view->model()->index(0, ScriptParamsModel::ValueColumn);
        view->setCurrentIndex(value);
        view->edit(value);
        auto* picker = view->findChild<QComboBox*>();
        QVERIFY(picker);
        QVERIFY(picker->isEditable());
        QCOMPARE(picker->findText(QStringLiteral("digits")), 0);
        picker->setCurrentText(QStringLiteral("digits"));
        QTest::keyClick(picker, Qt::Key_Return);
        QTRY_COMPARE(form.estimator().scriptParams[0].dataset, QStringLiteral("digits"));
        QTRY_VERIFY2(form.commandPreview().contains(QStringLiteral("--regularization '<dataset:digits>' --epochs 20")),
                     qPrintable(form.commandPreview()));
    }

    // A blank form is not a list of errors: a problem is shown once its field was changed, and all of them on
    // Submit. The problems are known all along (errors()).
    void problemsShowOnlyForTouchedFieldsUntilSubmit()
    {
        EstimatorForm form(*m_workspace);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        QTRY_VERIFY(!form.errors().isEmpty()); // no source folder, no entry script
        auto* summary = child<QLabel>(&form, QStringLiteral("validationSummary"));
        auto* sourceError = child<QLabel>(&form, QStringLiteral("error_source_directory"));
        auto* nodeError = child<QLabel>(&form, QStringLiteral("error_node_count"));
        QVERIFY(sourceError->isHidden());
        QVERIFY2(!summary->text().contains(QStringLiteral("problem(s)")) && !summary->text().contains(QStringLiteral("problem:")),
                 qPrintable(summary->text()));

        // Touching one field shows its problem, and only its own.
        auto* nodes = child<QSpinBox>(&form, QStringLiteral("nodeCount"));
        nodes->setValue(2);
        QTRY_VERIFY(nodeError->isVisible());
        QVERIFY(sourceError->isHidden());
        QVERIFY2(summary->text().startsWith(QStringLiteral("1 problem")), qPrintable(summary->text()));

        // Submit shows every problem.
        QSignalSpy failed(&form, &EstimatorForm::submitFailed);
        form.submit();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QTRY_VERIFY(sourceError->isVisible());
    }

    void keyboardShortcutsSaveAndSubmit()
    {
        const QString project = sampleProject();
        EstimatorForm form(*m_workspace);
        form.show();
        QApplication::setActiveWindow(&form);
        QVERIFY(QTest::qWaitForWindowActive(&form));
        openAndWait(form, project);
        QFile::remove(project + QStringLiteral("/estimator.yml"));
        auto* docker = child<QLineEdit>(&form, QStringLiteral("dockerImage"));
        docker->setFocus();
        QSignalSpy saved(&form, &EstimatorForm::saved);
        QTest::keyClick(docker, Qt::Key_S, Qt::ControlModifier);
        QTRY_COMPARE(saved.count(), 1);
        QVERIFY(QFileInfo::exists(project + QStringLiteral("/estimator.yml")));

        // Ctrl+Return with an invalid estimator: the submission is attempted and refused with the reason.
        child<QComboBox>(&form, QStringLiteral("entryScript"))->setCurrentText(QStringLiteral("missing.py"));
        QSignalSpy failed(&form, &EstimatorForm::submitFailed);
        QTest::keyClick(docker, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
    }

    void scriptParamProblemsPointAtTheRow()
    {
        EstimatorForm form(*m_workspace);
        openAndWait(form, sampleProject());
        QTRY_COMPARE(form.errors(), QStringList());
        auto* model = qobject_cast<ScriptParamsModel*>(child<QTableView>(&form, QStringLiteral("scriptParams"))->model());
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // A bad dataset reference on --epochs.
        QVERIFY(model->setData(model->index(1, ScriptParamsModel::KindColumn), QStringLiteral("Dataset")));
        QVERIFY(model->setData(model->index(1, ScriptParamsModel::ValueColumn), QStringLiteral("bad name!")));
        QTRY_VERIFY(!form.fieldErrors(QStringLiteral("script_params")).isEmpty());
        QVERIFY2(form.fieldErrors(QStringLiteral("script_params")).first().startsWith(QStringLiteral("script_params.--epochs.dataset")),
                 qPrintable(form.fieldErrors(QStringLiteral("script_params")).join(QLatin1Char('\n'))));
        QVERIFY(!child<QLabel>(&form, QStringLiteral("error_script_params"))->isHidden());
        QCOMPARE(model->rowProblems(0), QStringList());
        QCOMPARE(model->rowProblems(1).size(), 1);
        QVERIFY(model->index(1, ScriptParamsModel::KeyColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("bad name!")));
        QVERIFY(model->index(1, ScriptParamsModel::KeyColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model->index(0, ScriptParamsModel::KeyColumn).data(Qt::ForegroundRole).isValid());

        // Fixed: the row is clean again. Then a duplicate key marks the rows holding it.
        QVERIFY(model->setData(model->index(1, ScriptParamsModel::KindColumn), QStringLiteral("Value")));
        QTRY_COMPARE(form.errors(), QStringList());
        QCOMPARE(model->rowProblems(1), QStringList());
        QVERIFY(model->setData(model->index(2, ScriptParamsModel::KeyColumn), QStringLiteral("--epochs")));
        QTRY_VERIFY(!model->rowProblems(2).isEmpty());
        QVERIFY(model->rowProblems(2).first().contains(QStringLiteral("duplicate key")));
        QVERIFY(model->rowProblems(0).isEmpty());
    }

    void environmentVariablesAndMetricPatternsAreChecked()
    {
        EstimatorForm form(*m_workspace);
        openAndWait(form, sampleProject());
        QTRY_COMPARE(form.errors(), QStringList());
        auto* variables = child<QTableWidget>(&form, QStringLiteral("environmentVariables"));
        QCOMPARE(variables->rowCount(), 1);
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("addVariable")), Qt::LeftButton);
        QCOMPARE(variables->rowCount(), 2);
        variables->item(1, 0)->setText(QStringLiteral("1BAD"));
        variables->item(1, 1)->setText(QStringLiteral("x"));
        QTRY_VERIFY(!form.fieldErrors(QStringLiteral("environment_variables")).isEmpty());
        QVERIFY(form.fieldErrors(QStringLiteral("environment_variables")).first().contains(QStringLiteral("1BAD")));
        variables->item(1, 0)->setText(QStringLiteral("GOOD_NAME"));
        QTRY_COMPARE(form.errors(), QStringList());
        QCOMPARE(form.estimator().environmentVariables.value(1), (QPair<QString, QString>(QStringLiteral("GOOD_NAME"), QStringLiteral("x"))));

        auto* patterns = child<QPlainTextEdit>(&form, QStringLiteral("metricPatterns"));
        patterns->setPlainText(QStringLiteral("loss=(?<value>[0-9.]+)\nacc=([0-9.]+)"));
        QTRY_VERIFY(!form.fieldErrors(QStringLiteral("metric_patterns")).isEmpty());
        QVERIFY2(form.fieldErrors(QStringLiteral("metric_patterns")).first().startsWith(QStringLiteral("metric_patterns[1]")),
                 qPrintable(form.fieldErrors(QStringLiteral("metric_patterns")).join(QLatin1Char('\n'))));
        QCOMPARE(form.estimator().metricPatterns.size(), 2);
    }

    void pickersGoThroughUserPrompts()
    {
        const QString project = sampleProject();
        const QString other = m_dir->path() + QStringLiteral("/other");
        QVERIFY(TestSupport::writeFile(other + QStringLiteral("/train.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(other + QStringLiteral("/eval.py"), "print(2)\n"));
        QVERIFY(TestSupport::writeFile(other + QStringLiteral("/envs/conda.yml"), "name: x\n"));
        EstimatorForm form(*m_workspace);
        openAndWait(form, project);

        // A new source directory keeps the fields and offers the new folder's scripts.
        QSignalSpy inspected(&form, &EstimatorForm::projectInspected);
        UserPrompts::setNextPath(other);
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("browseSourceDirectory")), Qt::LeftButton);
        QTRY_COMPARE(inspected.count(), 1);
        QCOMPARE(form.estimator().sourceDirectory, QDir::cleanPath(other));
        QCOMPARE(form.estimator().experiment, QStringLiteral("sample-sklearn"));
        QCOMPARE(form.estimator().scriptParams.size(), 3);
        auto* entry = child<QComboBox>(&form, QStringLiteral("entryScript"));
        QCOMPARE(entry->currentText(), QStringLiteral("train.py"));
        QCOMPARE(entry->findText(QStringLiteral("eval.py")), 0);

        // The environment file is stored relative to the source directory.
        UserPrompts::setNextPath(other + QStringLiteral("/envs/conda.yml"));
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("browseEnvironment")), Qt::LeftButton);
        QCOMPARE(form.estimator().environmentDefinition, QStringLiteral("envs/conda.yml"));
        QTRY_COMPARE(form.errors(), QStringList());

        // A cancelled picker changes nothing.
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("browseSourceDirectory")), Qt::LeftButton);
        QCOMPARE(form.estimator().sourceDirectory, QDir::cleanPath(other));
    }

    void everyControlHasAnAccessibleName()
    {
        EstimatorForm form(*m_workspace);
        QStringList unnamed;
        for (QWidget* widget : form.findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QComboBox*>(widget)
                                 || qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QAbstractItemView*>(widget)
                                 || qobject_cast<QPlainTextEdit*>(widget) || qobject_cast<QProgressBar*>(widget)
                                 || (qobject_cast<QLineEdit*>(widget) && !qobject_cast<QComboBox*>(widget->parentWidget())
                                     && !qobject_cast<QAbstractSpinBox*>(widget->parentWidget()));
            if (control && !GuiTestSupport::isQtInternalPart(widget) && widget->accessibleName().isEmpty())
                unnamed << QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char(' ') + widget->objectName();
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }

    void setEstimatorShowsItAndReadsItsFolder()
    {
        const QString project = sampleProject();
        QStringList errors;
        auto loaded = EstimatorParser::parseFile(project + QStringLiteral("/estimator.yml"), &errors);
        QVERIFY2(loaded, qPrintable(errors.join(QLatin1Char('\n'))));
        loaded->nodeCount = 2;
        loaded->distributedTraining = QStringLiteral("pytorch");
        loaded->condaPackages = QStringList{QStringLiteral("pytorch"), QStringLiteral("cudatoolkit=11")};
        loaded->customDockerImage = QStringLiteral("pytorch/pytorch:2.1");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/tools/other.py"), "print(1)\n"));

        EstimatorForm form(*m_workspace);
        QSignalSpy inspected(&form, &EstimatorForm::projectInspected);
        form.setEstimator(*loaded);
        QVERIFY(form.estimator() == *loaded);
        QCOMPARE(form.savePath(), project + QStringLiteral("/estimator.yml"));
        QTRY_COMPARE(inspected.count(), 1);
        QVERIFY(form.estimator() == *loaded); // the folder's inspection did not overwrite the fields
        auto* entry = child<QComboBox>(&form, QStringLiteral("entryScript"));
        QStringList offered;
        for (int i = 0; i < entry->count(); ++i)
            offered << entry->itemText(i);
        QCOMPARE(offered, (QStringList{QStringLiteral("tools/other.py"), QStringLiteral("train.py")}));
        QCOMPARE(entry->currentText(), QStringLiteral("train.py"));
        QCOMPARE(child<QLabel>(&form, QStringLiteral("gitState"))->text(), QStringLiteral("not in a git repository"));
        QTRY_COMPARE(form.errors(), QStringList());
    }

    void statusMessageGoesWhenTheFormChanges()
    {
        const QString project = m_dir->path() + QStringLiteral("/status");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/train.py"), "print(1)\n"));
        EstimatorForm form(*m_workspace);
        openAndWait(form, project);
        auto* status = child<QLabel>(&form, QStringLiteral("submitStatus"));
        auto* entryScript = child<QComboBox>(&form, QStringLiteral("entryScript"));

        // A refused submit says so ...
        entryScript->setCurrentText(QStringLiteral("gone.py"));
        QSignalSpy failed(&form, &EstimatorForm::submitFailed);
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("submitButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY(status->text().startsWith(QStringLiteral("Not submitted")));
        // ... until the user changes what it was about.
        entryScript->setCurrentText(QStringLiteral("train.py"));
        QCOMPARE(status->text(), QString());

        // "Saved" belongs to the save, not to the edits after it.
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("saveButton")), Qt::LeftButton);
        QVERIFY2(status->text().startsWith(QStringLiteral("Saved ")), qPrintable(status->text()));
        QTest::keyClicks(child<QLineEdit>(&form, QStringLiteral("pipPackages")), QStringLiteral("numpy"));
        QCOMPARE(status->text(), QString());

        // Another project in the form: what was said about the previous one goes too.
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("saveButton")), Qt::LeftButton);
        QVERIFY(status->text().startsWith(QStringLiteral("Saved ")));
        openAndWait(form, sampleProject());
        QCOMPARE(status->text(), QString());
    }

    void emptyFormPreviewSaysWhatIsMissing()
    {
        EstimatorForm form(*m_workspace);
        QSignalSpy validated(&form, &EstimatorForm::validated);
        QTRY_VERIFY_WITH_TIMEOUT(!validated.isEmpty(), 10000);
        QVERIFY(!form.fieldErrors(QStringLiteral("entry_script")).isEmpty());
        const QString preview = form.commandPreview();
        QVERIFY2(!preview.contains(QStringLiteral(": :")), qPrintable(preview));
        QCOMPARE(preview, QStringLiteral("(no preview: %1)").arg(form.fieldErrors(QStringLiteral("entry_script")).constFirst()));
        QVERIFY2(preview.startsWith(QStringLiteral("(no preview: entry_script: required")), qPrintable(preview));
    }

    void failedSubmitShowsErrorsInline()
    {
        const QString project = m_dir->path() + QStringLiteral("/broken");
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/train.py"), "print(1)\n"));
        EstimatorForm form(*m_workspace);
        openAndWait(form, project);
        child<QComboBox>(&form, QStringLiteral("entryScript"))->setCurrentText(QStringLiteral("gone.py"));
        QSignalSpy failed(&form, &EstimatorForm::submitFailed);
        QTest::mouseClick(child<QPushButton>(&form, QStringLiteral("submitButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY(failed.at(0).at(0).toStringList().join(QLatin1Char('\n')).contains(QStringLiteral("entry_script")));
        QVERIFY(!child<QLabel>(&form, QStringLiteral("error_entry_script"))->text().isEmpty());
        QVERIFY(child<QPushButton>(&form, QStringLiteral("submitButton"))->isEnabled());
    }
};

QTEST_MAIN(TestEstimatorForm)
#include "TestEstimatorForm.moc"
