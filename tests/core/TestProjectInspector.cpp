#include <QtTest>

#include "estimator/EstimatorParser.h"
#include "estimator/ProjectInspector.h"
#include "TestSupport.h"

#include <QProcess>
#include <QtConcurrent>
#include <QTemporaryDir>

// Real temporary project folders: what the estimator form is offered when a user opens each kind of folder.
class TestProjectInspector : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString folder(const QString& name)
    {
        const QString path = m_dir->path() + QLatin1Char('/') + name;
        QDir().mkpath(path);
        return path;
    }
    static void write(const QString& path, const QByteArray& data) { QVERIFY(TestSupport::writeFile(path, data)); }

    bool git(const QString& workdir, const QStringList& args)
    {
        QProcess process;
        process.setWorkingDirectory(workdir);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir->path());
        env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"), QStringLiteral("user.name=Test"),
                                                         QStringLiteral("-c"), QStringLiteral("user.email=t@example.com"),
                                                         QStringLiteral("-c"), QStringLiteral("init.defaultBranch=trunk"),
                                                         QStringLiteral("-c"), QStringLiteral("commit.gpgsign=false")}
                                                 + args);
        return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void loadsExistingEstimatorFile()
    {
        const QString project = folder(QStringLiteral("with-yml"));
        write(project + QStringLiteral("/run.py"), "print('hi')\n");
        write(project + QStringLiteral("/train.py"), "print('not this one')\n");
        write(project + QStringLiteral("/estimator.yml"),
              "experiment: chosen\nentry_script: run.py\nscript_params:\n  --lr: 0.5\n  --fast: \"\"\n");
        const ProjectInspection result = ProjectInspector::inspect(project);
        QVERIFY2(result.usable, qPrintable(result.whyNot));
        QVERIFY(result.hasEstimatorFile);
        QVERIFY2(result.estimatorErrors.isEmpty(), qPrintable(result.estimatorErrors.join(QLatin1Char('\n'))));
        QCOMPARE(result.estimator.entryScript, QStringLiteral("run.py"));
        QCOMPARE(result.estimator.experiment, QStringLiteral("chosen"));
        QCOMPARE(result.estimator.scriptParams.size(), 2);
        QCOMPARE(result.estimator.scriptParams[0].key, QStringLiteral("--lr"));
        QCOMPARE(result.estimator.scriptParams[1].kind, ScriptParam::Kind::Flag);
        QCOMPARE(result.estimator.sourceDirectory, QDir::cleanPath(project));
        QCOMPARE(result.scripts, (QStringList{QStringLiteral("run.py"), QStringLiteral("train.py")}));
    }

    // An Azure ML v2 project: no estimator.yml, its job.yml says what runs; estimator.yml wins when both exist.
    void convertsTheFoldersCommandJobFile()
    {
        const QString project = folder(QStringLiteral("azure-v2"));
        write(project + QStringLiteral("/src/train.py"), "print(1)\n");
        write(project + QStringLiteral("/main.py"), "print('the guess would take this')\n");
        write(project + QStringLiteral("/job.yml"),
              "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n"
              "code: ./src\ncommand: python train.py --alpha 0.5\nexperiment_name: from-job\n");
        ProjectInspection result = ProjectInspector::inspect(project);
        QVERIFY(!result.hasEstimatorFile);
        QCOMPARE(result.jobFile, QDir(project).filePath(QStringLiteral("job.yml")));
        QVERIFY2(result.jobErrors.isEmpty(), qPrintable(result.jobErrors.join(QLatin1Char('\n'))));
        QCOMPARE(result.estimator.entryScript, QStringLiteral("train.py"));
        QCOMPARE(result.estimator.sourceDirectory, QDir::cleanPath(project + QStringLiteral("/src")));
        QCOMPARE(result.estimator.experiment, QStringLiteral("from-job"));

        // A job file that cannot be converted is said, and the form gets the guess.
        write(project + QStringLiteral("/job.yml"), "$schema: commandJob\ncode: ./src\ncommand: python train.py\n"
                                                     "resources: {instance_type: Standard_NC6}\n");
        result = ProjectInspector::inspect(project);
        QVERIFY2(result.jobErrors.join(QLatin1Char('\n')).contains(QStringLiteral("instance_type")),
                 qPrintable(result.jobErrors.join(QLatin1Char('\n'))));
        QCOMPARE(result.estimator.entryScript, QStringLiteral("main.py"));

        write(project + QStringLiteral("/estimator.yml"), "entry_script: main.py\nexperiment: own\n");
        result = ProjectInspector::inspect(project);
        QVERIFY(result.hasEstimatorFile);
        QVERIFY(result.jobFile.isEmpty());
        QCOMPARE(result.estimator.experiment, QStringLiteral("own"));
    }

    void keepsErrorsOfBrokenEstimatorFile()
    {
        const QString project = folder(QStringLiteral("broken-yml"));
        write(project + QStringLiteral("/train.py"), "print(1)\n");
        write(project + QStringLiteral("/estimator.yml"), "entry_script: train.py\nnode_count: two\n");
        const ProjectInspection result = ProjectInspector::inspect(project);
        QVERIFY(result.usable);
        QVERIFY(result.hasEstimatorFile);
        QVERIFY(!result.estimatorErrors.isEmpty());
        QVERIFY2(result.estimatorErrors.join(QLatin1Char('\n')).contains(QStringLiteral("node_count")),
                 qPrintable(result.estimatorErrors.join(QLatin1Char('\n'))));
        // The form still gets something to show: the guess.
        QCOMPARE(result.estimator.entryScript, QStringLiteral("train.py"));
    }

    void guessesTrainPy()
    {
        const QString project = folder(QStringLiteral("My Project!"));
        write(project + QStringLiteral("/main.py"), "if __name__ == '__main__': pass\n");
        write(project + QStringLiteral("/train.py"), "print(1)\n");
        const ProjectInspection result = ProjectInspector::inspect(project);
        QVERIFY(result.usable);
        QVERIFY(!result.hasEstimatorFile);
        QCOMPARE(result.estimator.entryScript, QStringLiteral("train.py"));
        QCOMPARE(result.estimator.experiment, Estimator::defaultExperimentName(project));
        QCOMPARE(result.estimator.experiment, QStringLiteral("My-Project-"));
        QVERIFY(result.estimator.environmentDefinition.isEmpty());
        // The guess is something the core accepts as it is.
        const QStringList errors = EstimatorParser::validate(result.estimator, QStringLiteral("estimator"));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    }

    void guessesMainPy()
    {
        const QString project = folder(QStringLiteral("main-only"));
        write(project + QStringLiteral("/main.py"), "print(1)\n");
        write(project + QStringLiteral("/other.py"), "if __name__ == '__main__': pass\n");
        QCOMPARE(ProjectInspector::inspect(project).estimator.entryScript, QStringLiteral("main.py"));
    }

    void guessesTheOnlyScriptWithMain()
    {
        const QString project = folder(QStringLiteral("single-main"));
        write(project + QStringLiteral("/helpers.py"), "def f(): pass\n");
        write(project + QStringLiteral("/fit_model.py"), "import sys\nif __name__ == \"__main__\":\n    sys.exit(0)\n");
        QCOMPARE(ProjectInspector::inspect(project).estimator.entryScript, QStringLiteral("fit_model.py"));

        // Two candidates: no guess rather than a wrong one.
        write(project + QStringLiteral("/eval.py"), "if __name__ == '__main__': pass\n");
        QCOMPARE(ProjectInspector::inspect(project).estimator.entryScript, QString());
    }

    void offersRequirementsAndEnvironmentFiles()
    {
        const QString project = folder(QStringLiteral("with-env"));
        write(project + QStringLiteral("/train.py"), "print(1)\n");
        write(project + QStringLiteral("/environment.yml"), "name: x\n");
        QCOMPARE(ProjectInspector::inspect(project).estimator.environmentDefinition, QStringLiteral("environment.yml"));
        write(project + QStringLiteral("/requirements.txt"), "numpy\n");
        const ProjectInspection result = ProjectInspector::inspect(project);
        QCOMPARE(result.estimator.environmentDefinition, QStringLiteral("requirements.txt"));
        const QStringList errors = EstimatorParser::validate(result.estimator, QStringLiteral("estimator"));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    }

    void listsScriptsSkippingToolFolders()
    {
        const QString project = folder(QStringLiteral("scripts"));
        write(project + QStringLiteral("/train.py"), "");
        write(project + QStringLiteral("/tools/prepare.sh"), "");
        write(project + QStringLiteral("/pkg/sub/model.py"), "");
        write(project + QStringLiteral("/README.md"), "");
        write(project + QStringLiteral("/.git/hooks/x.py"), "");
        write(project + QStringLiteral("/venv/lib/site.py"), "");
        write(project + QStringLiteral("/node_modules/a/b.sh"), "");
        write(project + QStringLiteral("/pkg/__pycache__/model.py"), "");
        bool truncated = true;
        const QStringList scripts = ProjectInspector::listScripts(project, 100, &truncated);
        QVERIFY(!truncated);
        QCOMPARE(scripts, (QStringList{QStringLiteral("pkg/sub/model.py"), QStringLiteral("tools/prepare.sh"),
                                       QStringLiteral("train.py")}));
    }

    void boundsTheScriptList()
    {
        const QString project = folder(QStringLiteral("many"));
        for (int i = 0; i < 30; ++i)
            write(project + QStringLiteral("/s%1.py").arg(i, 2, 10, QLatin1Char('0')), "");
        bool truncated = false;
        const QStringList scripts = ProjectInspector::listScripts(project, 10, &truncated);
        QVERIFY(truncated);
        QCOMPARE(scripts.size(), 10);
    }

    void refusesAFile()
    {
        const QString file = m_dir->path() + QStringLiteral("/train.py");
        write(file, "print(1)\n");
        QString why;
        QVERIFY(!ProjectInspector::checkFolder(file, &why));
        QVERIFY2(why.contains(file) && why.contains(QStringLiteral("not a folder")), qPrintable(why));
        const ProjectInspection result = ProjectInspector::inspect(file);
        QVERIFY(!result.usable);
        QCOMPARE(result.whyNot, why);
    }

    void refusesAMissingFolder()
    {
        const QString missing = m_dir->path() + QStringLiteral("/nope");
        const ProjectInspection result = ProjectInspector::inspect(missing);
        QVERIFY(!result.usable);
        QVERIFY2(result.whyNot.contains(missing) && result.whyNot.contains(QStringLiteral("does not exist")),
                 qPrintable(result.whyNot));
        QString why;
        QVERIFY(!ProjectInspector::checkFolder(QString(), &why));
        QVERIFY(!why.isEmpty());
    }

    void refusesAnUnreadableFolder()
    {
        const QString project = folder(QStringLiteral("locked"));
        QVERIFY(QFile::setPermissions(project, QFileDevice::WriteOwner));
        const bool readableAnyway = QFileInfo(project).isReadable(); // root ignores permissions
        QString why;
        const bool ok = ProjectInspector::checkFolder(project, &why);
        QFile::setPermissions(project, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (readableAnyway) {
            QVERIFY(ok);
        } else {
            QVERIFY(!ok);
            QVERIFY2(why.contains(QStringLiteral("cannot be read")), qPrintable(why));
        }
    }

    void reportsGitStateOfADirtyRepository()
    {
        const QString project = folder(QStringLiteral("repo"));
        write(project + QStringLiteral("/train.py"), "print(1)\n");
        QVERIFY(git(project, {QStringLiteral("init"), QStringLiteral("-q")}));
        QVERIFY(git(project, {QStringLiteral("add"), QStringLiteral("-A")}));
        QVERIFY(git(project, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("first")}));

        ProjectInspection result = ProjectInspector::inspect(project);
        QVERIFY2(result.gitError.isEmpty(), qPrintable(result.gitError));
        QVERIFY(result.git.inRepository);
        QCOMPARE(result.git.branch, QStringLiteral("trunk"));
        QCOMPARE(result.git.commit.size(), 40);
        QVERIFY(!result.git.dirty);

        write(project + QStringLiteral("/train.py"), "print(2)\n");
        result = ProjectInspector::inspect(project);
        QVERIFY(result.git.dirty);

        const ProjectInspection outside = ProjectInspector::inspect(folder(QStringLiteral("plain")));
        // QTemporaryDir lives under /tmp, outside any repository.
        QVERIFY(!outside.git.inRepository);
    }

    void callableFromAWorkerThread()
    {
        const QString project = folder(QStringLiteral("threaded"));
        write(project + QStringLiteral("/train.py"), "print(1)\n");
        QFuture<ProjectInspection> future = QtConcurrent::run(&ProjectInspector::inspect, project);
        future.waitForFinished();
        QCOMPARE(future.result().estimator.entryScript, QStringLiteral("train.py"));
    }
};

QTEST_GUILESS_MAIN(TestProjectInspector)
#include "TestProjectInspector.moc"
