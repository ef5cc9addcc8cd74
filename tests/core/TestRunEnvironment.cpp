// Tests for RunEnvironment: what a run's job sees is decided from the submitting process, in the documented
// order, and secret values are never recorded.
#include <QtTest>

#include "estimator/Estimator.h"
#include "run/RunEnvironment.h"
#include "targets/TargetKind.h"

#include <QJsonArray>
#include <QJsonObject>

class TestRunEnvironment : public QObject
{
    Q_OBJECT

    static QProcessEnvironment submitter()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        env.insert(QStringLiteral("HOME"), QStringLiteral("/home/ada"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("LC_TIME"), QStringLiteral("en_GB.UTF-8"));
        env.insert(QStringLiteral("FOO"), QStringLiteral("leak"));
        env.insert(QStringLiteral("GITHUB_TOKEN"), QStringLiteral("ghp_secret"));
        env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), QStringLiteral("1"));
        env.insert(QStringLiteral("WANDB_API_KEY"), QStringLiteral("wandb_secret"));
        return env;
    }

private slots:
    void baseThenTargetThenEstimator()
    {
        const TargetKind* local = TargetKinds::find(QStringLiteral("local"));
        QVERIFY(local);
        TargetConfig target{QStringLiteral("gpu"), QStringLiteral("local"),
                            {{QStringLiteral("environment"), QJsonArray{QStringLiteral("CUDA_VISIBLE_DEVICES"), QStringLiteral("WANDB_API_KEY")}}}};
        Estimator estimator;
        estimator.environmentVariables = {{QStringLiteral("HOME"), QStringLiteral("/scratch")}, {QStringLiteral("MINE"), QStringLiteral("1")}};
        const RunEnvironment env = RunEnvironment::decide(*local, target, estimator, submitter());
        const QHash<QString, QString> job = env.resolve(estimator, QProcessEnvironment());
        QCOMPARE(job.value(QStringLiteral("PATH")), QStringLiteral("/usr/bin:/bin"));
        QCOMPARE(job.value(QStringLiteral("LC_ALL")), QStringLiteral("C.UTF-8"));
        QCOMPARE(job.value(QStringLiteral("LC_TIME")), QStringLiteral("en_GB.UTF-8"));
        QCOMPARE(job.value(QStringLiteral("CUDA_VISIBLE_DEVICES")), QStringLiteral("1"));
        QCOMPARE(job.value(QStringLiteral("HOME")), QStringLiteral("/scratch")); // the estimator wins
        QCOMPARE(job.value(QStringLiteral("MINE")), QStringLiteral("1"));
        QVERIFY(!job.contains(QStringLiteral("FOO")));
        QVERIFY(!job.contains(QStringLiteral("GITHUB_TOKEN")));
    }

    void secretsAreRecordedByNameOnly()
    {
        const TargetKind* local = TargetKinds::find(QStringLiteral("local"));
        TargetConfig target{QStringLiteral("gpu"), QStringLiteral("local"),
                            {{QStringLiteral("environment"), QJsonArray{QStringLiteral("WANDB_API_KEY")}}}};
        const RunEnvironment env = RunEnvironment::decide(*local, target, Estimator(), submitter());
        const QJsonArray recorded = env.toJson();
        const QByteArray text = QJsonDocument(recorded).toJson();
        QVERIFY(text.contains("WANDB_API_KEY"));
        QVERIFY(!text.contains("wandb_secret"));
        // Restored from the record, the job gets the secret from the process that starts it, and only then.
        const RunEnvironment restored = RunEnvironment::fromJson(recorded);
        QVERIFY(!restored.resolve(Estimator(), QProcessEnvironment()).contains(QStringLiteral("WANDB_API_KEY")));
        QProcessEnvironment starter;
        starter.insert(QStringLiteral("WANDB_API_KEY"), QStringLiteral("from-starter"));
        starter.insert(QStringLiteral("FOO"), QStringLiteral("leak"));
        const QHash<QString, QString> job = restored.resolve(Estimator(), starter);
        QCOMPARE(job.value(QStringLiteral("WANDB_API_KEY")), QStringLiteral("from-starter"));
        QVERIFY(!job.contains(QStringLiteral("FOO")));
        QCOMPARE(job.value(QStringLiteral("HOME")), QStringLiteral("/home/ada"));
    }

    void secretNames()
    {
        for (const char* name : {"GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD", "WANDB_API_KEY", "my_credentials"})
            QVERIFY2(RunEnvironment::isSecretName(QString::fromLatin1(name)), name);
        for (const char* name : {"PATH", "HOME", "KEYBOARD", "LC_ALL", "CUDA_VISIBLE_DEVICES"})
            QVERIFY2(!RunEnvironment::isSecretName(QString::fromLatin1(name)), name);
    }

    void recordFileLeavesSecretValuesOut()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/environment.json");
        QString error;
        QVERIFY2(RunEnvironment::writeRecord(path, {{QStringLiteral("PATH"), QStringLiteral("/bin")},
                                                   {QStringLiteral("HF_TOKEN"), QStringLiteral("hf_secret")}},
                                             &error),
                 qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("HF_TOKEN") && text.contains("/bin"));
        QVERIFY(!text.contains("hf_secret"));
    }
};

QTEST_GUILESS_MAIN(TestRunEnvironment)
#include "TestRunEnvironment.moc"
