// The command line a login node's shell runs for a Slurm client call: every word quoted, SLURM_CONF as a
// quoted env prefix only when the target sets slurm_conf, and the run's environment never on it. The shell
// that reads the line back is a real sh, so what it hands the program is checked, not the text alone.
#include <QtTest>

#include "TestSupport.h"
#include "targets/slurm/SlurmLoginCommands.h"

class TestSlurmLoginCommands : public QObject
{
    Q_OBJECT

    // What sh makes of the line, with the program replaced by a printer of its environment and arguments.
    static QByteArray asTheShellSeesIt(QString line)
    {
        line.replace(QStringLiteral("'squeue'"),
                     QStringLiteral("sh -c 'printf \"%s\\n\" \"conf=$SLURM_CONF\" \"$@\"' x"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("SLURM_CONF"));
        return TestSupport::runProgram(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), line}, {}, env).out;
    }

private slots:
    void everyWordIsQuotedForTheLoginShell()
    {
        const QString line =
            SlurmLoginCommands::commandLine({QStringLiteral("squeue"), QStringLiteral("--jobs=1,2"),
                                             QStringLiteral("a b'c $(touch /x) `id`;")},
                                            QString());
        QCOMPARE(line, QStringLiteral("'squeue' '--jobs=1,2' 'a b'\\''c $(touch /x) `id`;'"));
        QCOMPARE(asTheShellSeesIt(line), QByteArray("conf=\n--jobs=1,2\na b'c $(touch /x) `id`;\n"));
    }

    void slurmConfTravelsAsAQuotedEnvPrefix()
    {
        const QString line = SlurmLoginCommands::commandLine({QStringLiteral("squeue"), QStringLiteral("-h")},
                                                             QStringLiteral("/shared/my slurm'/slurm.conf"));
        QVERIFY2(line.startsWith(QStringLiteral("env 'SLURM_CONF=/shared/my slurm'\\''/slurm.conf' ")),
                 qPrintable(line));
        QCOMPARE(asTheShellSeesIt(line), QByteArray("conf=/shared/my slurm'/slurm.conf\n-h\n"));
    }

    void aRunsEnvironmentIsRefusedRatherThanPutOnACommandLine()
    {
        const TargetConfig slurm{QStringLiteral("cluster"), QStringLiteral("slurm"), {}};
        const TargetConfig login{QStringLiteral("login"), QStringLiteral("ssh"),
                                 QJsonObject{{QStringLiteral("host"), QStringLiteral("login.invalid")}}};
        const QTemporaryDir workspace;
        const SlurmLoginCommands commands(slurm, login, workspace.path());
        const SlurmCommandResult result = commands.run(
            {QStringLiteral("sbatch")}, 1000, {{QStringLiteral("API_TOKEN"), QStringLiteral("s3cret")}});
        QVERIFY(!result.started);
        QVERIFY2(result.startError.contains(QStringLiteral("agent")), qPrintable(result.startError));
        QVERIFY(!commands.onThisMachine());
    }
};

QTEST_GUILESS_MAIN(TestSlurmLoginCommands)
#include "TestSlurmLoginCommands.moc"
