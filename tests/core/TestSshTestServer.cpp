// Tests for the SSH test servers (tests/support/SshTestServer) with the real OpenSSH client: the servers the
// ssh target's tests run against must really behave as the cases they stand for (a second host, a changed
// host key, a dropped connection, a full remote disk). The user's own ~/.ssh never takes part: every ssh
// gets -F /dev/null and an explicit known_hosts file.
#include <QtTest>

#include "SshTestServer.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace TestSupport;

namespace {

struct SshResult {
    int exitCode = -1;
    QString out;
    QString err;
};

QProcessEnvironment clientEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("SSH_AUTH_SOCK"));
    env.remove(QStringLiteral("DISPLAY"));
    return env;
}

QStringList baseArgs(const SshTestServer& server, const QString& knownHosts)
{
    return {QStringLiteral("-F"), QStringLiteral("/dev/null"),
            QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"),
            QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + knownHosts,
            QStringLiteral("-o"), QStringLiteral("GlobalKnownHostsFile=/dev/null"),
            QStringLiteral("-o"), QStringLiteral("ConnectTimeout=10"),
            QStringLiteral("-p"), QString::number(server.port()),
            QStringLiteral("-l"), server.user()};
}

// Key login: the server's client key only, never a password prompt.
QStringList keyArgs(const SshTestServer& server, const QString& knownHosts)
{
    return baseArgs(server, knownHosts) +
           QStringList{QStringLiteral("-o"), QStringLiteral("BatchMode=yes"),
                       QStringLiteral("-o"), QStringLiteral("IdentitiesOnly=yes"),
                       QStringLiteral("-o"), QStringLiteral("IdentityAgent=none"),
                       QStringLiteral("-i"), server.clientKeyPath()};
}

SshResult runSsh(const QStringList& args, const QProcessEnvironment& env = clientEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral("/usr/bin/ssh"), args);
    SshResult result;
    if (!process.waitForStarted(10000))
        return result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    result.err = QString::fromLocal8Bit(process.readAllStandardError());
    return result;
}

QByteArray toolOutput(const QString& program, const QStringList& args)
{
    QProcess process;
    process.start(program, args);
    process.waitForFinished(30000);
    return process.readAllStandardOutput();
}

} // namespace

class TestSshTestServer : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString knownHostsFile(const QString& name, const QString& line)
    {
        const QString path = m_dir.filePath(name);
        writeFile(path, (line + QLatin1Char('\n')).toUtf8());
        return path;
    }

    static SshTestServerOptions passwordServer()
    {
        SshTestServerOptions options;
        options.passwordLogin = true;
        return options;
    }
    static SshTestServerOptions namespacedServer()
    {
        SshTestServerOptions options;
        options.inNetworkNamespace = true;
        return options;
    }

    std::unique_ptr<SshTestServer> startServer(const SshTestServerOptions& options)
    {
        QString error;
        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<SshTestServer> server = SshTestServer::start(options, &error);
        if (server)
            qInfo("%s server on %s:%d up in %lld ms", options.inNetworkNamespace ? "namespace" : "loopback",
                  qPrintable(server->host()), server->port(), timer.elapsed());
        else
            qWarning("%s", qPrintable(error));
        return server;
    }

private slots:
    void keyLoginOnLoopback()
    {
        const auto server = startServer({});
        QVERIFY(server);
        QCOMPARE(server->host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(server->user(), QStringLiteral("root"));
        QVERIFY(server->password().isEmpty());
        QVERIFY(server->port() > 0);
        QCOMPARE(modeOf(server->clientKeyPath()), 0600u);

        const QString knownHosts =
            knownHostsFile(QStringLiteral("loopback_known_hosts"), server->knownHostsLine());
        // The fingerprint is the one ssh-keygen computes from the known_hosts line.
        QVERIFY2(toolOutput(QStringLiteral("/usr/bin/ssh-keygen"),
                            {QStringLiteral("-l"), QStringLiteral("-f"), knownHosts})
                     .contains(server->hostKeyFingerprint().toLatin1()),
                 qPrintable(server->hostKeyFingerprint()));

        const SshResult result =
            runSsh(keyArgs(*server, knownHosts)
                   << server->host()
                   << QStringLiteral("echo ok; echo \"$SSH_CONNECTION\"; touch %1/written && echo wrote")
                          .arg(server->workRoot()));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err + QLatin1Char('\n') +
                                                  QString::fromLocal8Bit(readFile(server->logPath()))));
        const QStringList lines = result.out.split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), QStringLiteral("ok"));
        QCOMPARE(lines.value(1).section(QLatin1Char(' '), 2, 3),
                 QStringLiteral("127.0.0.1 %1").arg(server->port()));
        QCOMPARE(lines.value(2), QStringLiteral("wrote"));
        QVERIFY(QFileInfo::exists(server->workRoot() + QStringLiteral("/written")));
    }

    void passwordLoginThroughAskpass()
    {
        auto server = startServer(passwordServer());
        QVERIFY(server);
        QVERIFY(server->user() != QStringLiteral("root"));
        QVERIFY(server->password().size() >= 16);
        const QString knownHosts =
            knownHostsFile(QStringLiteral("password_known_hosts"), server->knownHostsLine());

        auto loginWith = [&](const QString& password) {
            // A throwaway askpass script in the test's private folder; the product's askpass reads the
            // keychain.
            const QString askpass = m_dir.filePath(QStringLiteral("askpass-%1.sh").arg(qHash(password)));
            writeFile(askpass, QStringLiteral("#!/bin/sh\nprintf '%s\\n' '%1'\n").arg(password).toUtf8());
            QFile::setPermissions(askpass, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QProcessEnvironment env = clientEnvironment();
            env.insert(QStringLiteral("SSH_ASKPASS"), askpass);
            env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
            return runSsh(
                baseArgs(*server, knownHosts)
                    << QStringLiteral("-o") << QStringLiteral("PreferredAuthentications=password")
                    << QStringLiteral("-o") << QStringLiteral("PubkeyAuthentication=no")
                    << QStringLiteral("-o") << QStringLiteral("NumberOfPasswordPrompts=1") << server->host()
                    << QStringLiteral("id -un; echo \"$0\"; cd && pwd; touch %1/written && echo wrote")
                           .arg(server->workRoot()),
                env);
        };

        const SshResult wrong = loginWith(QStringLiteral("not-the-password"));
        QCOMPARE(wrong.exitCode, 255);
        QVERIFY2(wrong.err.contains(QLatin1String("Permission denied")), qPrintable(wrong.err));

        const SshResult right = loginWith(server->password());
        QVERIFY2(right.exitCode == 0, qPrintable(right.err + QLatin1Char('\n') +
                                                 QString::fromLocal8Bit(readFile(server->logPath()))));
        const QStringList lines = right.out.split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), server->user());
        QVERIFY2(lines.value(1).endsWith(QLatin1String("sh")),
                 qPrintable(lines.value(1))); // a POSIX login shell
        QVERIFY2(server->workRoot().startsWith(lines.value(2) + QLatin1Char('/')),
                 qPrintable(lines.value(2)));
        QCOMPARE(lines.value(3), QStringLiteral("wrote"));

        // The same user also takes the client key.
        const SshResult key =
            runSsh(keyArgs(*server, knownHosts) << server->host() << QStringLiteral("id -un"));
        QVERIFY2(key.exitCode == 0, qPrintable(key.err));
        QCOMPARE(key.out.trimmed(), server->user());

        // The user goes with the server.
        const QString user = server->user();
        const QString home = lines.value(2);
        server.reset();
        QVERIFY(toolOutput(QStringLiteral("/usr/bin/getent"), {QStringLiteral("passwd"), user}).isEmpty());
        QVERIFY(!QFileInfo::exists(home));
    }

    void networkNamespaceIsASecondHost()
    {
        const auto loopback = startServer({});
        QVERIFY(loopback);
        auto remote = startServer(namespacedServer());
        QVERIFY(remote);
        QVERIFY(remote->host().startsWith(QLatin1String("10.231.")));
        QVERIFY(remote->host() != loopback->host());
        QVERIFY(remote->hostKeyFingerprint() != loopback->hostKeyFingerprint());

        const QString knownHosts =
            knownHostsFile(QStringLiteral("namespace_known_hosts"), remote->knownHostsLine());
        // Inside the namespace: its own address, and loopback there is not this machine's loopback.
        const SshResult result =
            runSsh(keyArgs(*remote, knownHosts)
                   << remote->host()
                   << QStringLiteral("echo \"$SSH_CONNECTION\"; "
                                     "if (exec 3<>/dev/tcp/127.0.0.1/%1) 2>/dev/null; then echo reachable; "
                                     "else echo isolated; fi")
                          .arg(loopback->port()));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err + QLatin1Char('\n') +
                                                  QString::fromLocal8Bit(readFile(remote->logPath()))));
        const QStringList lines = result.out.split(QLatin1Char('\n'));
        const QStringList connection = lines.value(0).split(QLatin1Char(' '));
        QCOMPARE(connection.value(2), remote->host());
        QCOMPARE(connection.value(0), remote->host().section(QLatin1Char('.'), 0, 2) + QStringLiteral(".1"));
        QCOMPARE(lines.value(1), QStringLiteral("isolated"));

        // The loopback server's key is not accepted for the second host: a different machine to ssh.
        const QString wrongHosts = knownHostsFile(QStringLiteral("wrong_known_hosts"),
                                                  QString(loopback->knownHostsLine())
                                                      .replace(loopback->host(), remote->host())
                                                      .replace(QStringLiteral(":%1 ").arg(loopback->port()),
                                                               QStringLiteral(":%1 ").arg(remote->port())));
        const SshResult refused =
            runSsh(keyArgs(*remote, wrongHosts) << remote->host() << QStringLiteral("true"));
        QCOMPARE(refused.exitCode, 255);
        QVERIFY2(refused.err.contains(QLatin1String("REMOTE HOST IDENTIFICATION HAS CHANGED")),
                 qPrintable(refused.err));

        // Gone with the server: its address, namespace and veth.
        const QString address = remote->host().section(QLatin1Char('.'), 0, 2) + QStringLiteral(".1/");
        QVERIFY(toolOutput(QStringLiteral("ip"),
                           {QStringLiteral("-o"), QStringLiteral("-4"), QStringLiteral("addr")})
                    .contains(address.toLatin1()));
        const QByteArray name = remote->networkNamespace().toLatin1();
        QVERIFY(name.startsWith("tyssh-"));
        QVERIFY(toolOutput(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("list")})
                    .contains(name));
        QVERIFY(loopback->networkNamespace().isEmpty());
        remote.reset();
        QVERIFY(!toolOutput(QStringLiteral("ip"),
                            {QStringLiteral("-o"), QStringLiteral("-4"), QStringLiteral("addr")})
                     .contains(address.toLatin1()));
        QVERIFY(!toolOutput(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("list")})
                     .contains(name));
    }

    // Servers on one SshTestNetwork reach each other (a small cluster), each with its own host name; a hidden
    // folder is empty on that host only.
    void serversOnOneNetworkReachEachOther()
    {
        QString error;
        auto network = SshTestNetwork::create(&error);
        QVERIFY2(network, qPrintable(error));
        const QString hidden = m_dir.filePath(QStringLiteral("hidden"));
        QVERIFY(QDir().mkpath(hidden));
        QVERIFY(writeFile(hidden + QStringLiteral("/here"), "x"));
        SshTestServerOptions first;
        first.inNetworkNamespace = true;
        first.network = network.get();
        first.hostName = QStringLiteral("tytest-a");
        SshTestServerOptions second = first;
        second.hostName = QStringLiteral("tytest-b");
        second.hiddenFolder = hidden;
        auto a = startServer(first);
        QVERIFY(a);
        auto b = startServer(second);
        QVERIFY(b);
        const QString prefix = network->subnet().section(QLatin1Char('.'), 0, 2);
        QCOMPARE(a->host(), prefix + QStringLiteral(".2"));
        QCOMPARE(b->host(), prefix + QStringLiteral(".3"));

        const SshResult fromA =
            runSsh(keyArgs(*a, knownHostsFile(QStringLiteral("a_known_hosts"), a->knownHostsLine()))
                   << a->host()
                   << QStringLiteral("uname -n; if (exec 3<>/dev/tcp/%1/%2) 2>/dev/null; then echo reachable; "
                                     "else echo isolated; fi; ls %3")
                          .arg(b->host())
                          .arg(b->port())
                          .arg(hidden));
        QVERIFY2(fromA.exitCode == 0, qPrintable(fromA.err));
        QCOMPARE(fromA.out, QStringLiteral("tytest-a\nreachable\nhere\n"));
        const SshResult onB =
            runSsh(keyArgs(*b, knownHostsFile(QStringLiteral("b_known_hosts"), b->knownHostsLine()))
                   << b->host() << QStringLiteral("uname -n; ls -A %1; echo end").arg(hidden));
        QVERIFY2(onB.exitCode == 0, qPrintable(onB.err));
        QCOMPARE(onB.out, QStringLiteral("tytest-b\nend\n"));
        // This machine keeps its own name and sees the folder as it is.
        QVERIFY(QFileInfo::exists(hidden + QStringLiteral("/here")));
        QVERIFY(QSysInfo::machineHostName() != QLatin1String("tytest-a"));

        b.reset();
        a.reset();
        network.reset();
        QVERIFY(!toolOutput(QStringLiteral("ip"), {QStringLiteral("-o"), QStringLiteral("-4"), QStringLiteral("addr")})
                     .contains((prefix + QStringLiteral(".1/")).toLatin1()));
    }

    void replacedHostKeyIsRefused()
    {
        const auto server = startServer(namespacedServer());
        QVERIFY(server);
        const QString oldFingerprint = server->hostKeyFingerprint();
        const int port = server->port();
        const QString oldHosts = knownHostsFile(QStringLiteral("old_known_hosts"), server->knownHostsLine());
        QCOMPARE(runSsh(keyArgs(*server, oldHosts) << server->host() << QStringLiteral("true")).exitCode, 0);

        QString error;
        QVERIFY2(server->replaceHostKey(&error), qPrintable(error));
        QCOMPARE(server->port(), port);
        QVERIFY(server->hostKeyFingerprint() != oldFingerprint);

        const SshResult refused =
            runSsh(keyArgs(*server, oldHosts) << server->host() << QStringLiteral("echo ok"));
        QCOMPARE(refused.exitCode, 255);
        QVERIFY2(refused.err.contains(QLatin1String("REMOTE HOST IDENTIFICATION HAS CHANGED")),
                 qPrintable(refused.err));
        QVERIFY2(refused.err.contains(server->hostKeyFingerprint()), qPrintable(refused.err));
        QVERIFY(refused.out.isEmpty());

        const QString newHosts = knownHostsFile(QStringLiteral("new_known_hosts"), server->knownHostsLine());
        const SshResult accepted =
            runSsh(keyArgs(*server, newHosts) << server->host() << QStringLiteral("echo ok"));
        QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err));
        QCOMPARE(accepted.out, QStringLiteral("ok\n"));
    }

    void killConnectionsDropsOpenSessions()
    {
        const auto server = startServer({});
        QVERIFY(server);
        const QString knownHosts =
            knownHostsFile(QStringLiteral("kill_known_hosts"), server->knownHostsLine());

        QProcess session;
        session.setProcessEnvironment(clientEnvironment());
        session.setStandardInputFile(QProcess::nullDevice());
        session.start(QStringLiteral("/usr/bin/ssh"),
                      keyArgs(*server, knownHosts)
                          << server->host() << QStringLiteral("echo started $$; exec sleep 60"));
        QVERIFY(session.waitForStarted());
        QByteArray sessionOutput;
        QTRY_VERIFY_WITH_TIMEOUT((sessionOutput += session.readAllStandardOutput()).contains("started") ||
                                     session.state() == QProcess::NotRunning,
                                 30000);
        QCOMPARE(session.state(), QProcess::Running);
        // The remote command's pid (same machine): it must outlive the dropped connection, as a detached job
        // would.
        const pid_t remoteCommand =
            pid_t(sessionOutput.mid(sessionOutput.indexOf("started ") + 8).trimmed().toLongLong());
        QVERIFY(remoteCommand > 0);

        const qint64 listener = server->listenerPid();
        server->killConnections();
        QVERIFY2(session.waitForFinished(15000), "the open session survived killConnections");
        QCOMPARE(session.exitCode(), 255);
        QCOMPARE(server->listenerPid(), listener);
        QCOMPARE(::kill(remoteCommand, 0), 0);
        ::kill(remoteCommand, SIGKILL);

        const SshResult again =
            runSsh(keyArgs(*server, knownHosts) << server->host() << QStringLiteral("echo ok"));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(again.out, QStringLiteral("ok\n"));
    }

    void stopAndRestart()
    {
        const auto server = startServer({});
        QVERIFY(server);
        const QString knownHosts =
            knownHostsFile(QStringLiteral("restart_known_hosts"), server->knownHostsLine());
        QVERIFY(server->stop());
        QCOMPARE(server->listenerPid(), 0);
        const SshResult down =
            runSsh(keyArgs(*server, knownHosts) << server->host() << QStringLiteral("true"));
        QCOMPARE(down.exitCode, 255);
        QVERIFY2(down.err.contains(QLatin1String("Connection refused")), qPrintable(down.err));

        QString error;
        QVERIFY2(server->restart(&error), qPrintable(error));
        const SshResult up =
            runSsh(keyArgs(*server, knownHosts) << server->host() << QStringLiteral("echo ok"));
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QCOMPARE(up.out, QStringLiteral("ok\n"));
    }

    void tmpfsFillsUp()
    {
        constexpr qint64 size = 4 * 1024 * 1024;
        const auto server = startServer(passwordServer());
        QVERIFY(server);
        QString error;
        auto disk = TmpfsMount::mount(size, server->user(), &error);
        QVERIFY2(disk, qPrintable(error));
        QVERIFY(toolOutput(QStringLiteral("/usr/bin/findmnt"), {QStringLiteral("-n"), QStringLiteral("-o"),
                                                                QStringLiteral("FSTYPE"), disk->path()})
                    .startsWith("tmpfs"));

        // Here: a write beyond the size fails with ENOSPC after at most `size` bytes.
        const QByteArray chunk(64 * 1024, 'x');
        const int fd = ::open(QFile::encodeName(disk->path() + QStringLiteral("/local")).constData(),
                              O_WRONLY | O_CREAT, 0600);
        QVERIFY(fd >= 0);
        qint64 written = 0;
        int writeErrno = 0;
        while (written < 2 * size) {
            const ssize_t n = ::write(fd, chunk.constData(), size_t(chunk.size()));
            if (n < 0) {
                writeErrno = errno;
                break;
            }
            written += n;
        }
        ::close(fd);
        QCOMPARE(writeErrno, ENOSPC);
        QVERIFY(written <= size);
        QFile::remove(disk->path() + QStringLiteral("/local"));

        // Over ssh, as the owner, the way a remote run meets it.
        const QString knownHosts =
            knownHostsFile(QStringLiteral("tmpfs_known_hosts"), server->knownHostsLine());
        const SshResult full = runSsh(keyArgs(*server, knownHosts)
                                      << server->host()
                                      << QStringLiteral("touch %1/mine && head -c %2 /dev/zero > %1/fill")
                                             .arg(disk->path())
                                             .arg(2 * size));
        QVERIFY2(full.exitCode != 0 && full.exitCode != 255, qPrintable(full.err));
        QVERIFY2(full.err.contains(QLatin1String("No space left on device")), qPrintable(full.err));
        QVERIFY(QFileInfo::exists(disk->path() + QStringLiteral("/mine")));

        const QString path = disk->path();
        disk.reset();
        QVERIFY(toolOutput(QStringLiteral("/usr/bin/findmnt"), {QStringLiteral("-n"), path}).isEmpty());
        QVERIFY(!QFileInfo::exists(path));
    }

    void leftoversOfADeadProcessAreRemoved()
    {
        // A pid that has ended stands for a test process that crashed with a namespace and a user still
        // there.
        QProcess gone;
        gone.start(QStringLiteral("/bin/true"));
        QVERIFY(gone.waitForStarted());
        const QString name = QStringLiteral("tyssh-%1-1").arg(gone.processId());
        QVERIFY(gone.waitForFinished());
        QCOMPARE(
            QProcess::execute(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("add"), name}),
            0);
        QCOMPARE(QProcess::execute(QStringLiteral("useradd"), {QStringLiteral("-M"), name}), 0);
        // (Not checked here that they exist: another test process starting a server may clean them up first.)
        const auto server = startServer({});
        QVERIFY(server);
        QVERIFY(!toolOutput(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("list")})
                     .contains(name.toLatin1()));
        QVERIFY(toolOutput(QStringLiteral("/usr/bin/getent"), {QStringLiteral("passwd"), name}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSshTestServer)
#include "TestSshTestServer.moc"
