#include "TargetsTrustCommand.h"

#include "targets/TargetRegistry.h"
#include "targets/ssh/SshConnection.h"
#include "targets/ssh/SshHostKeys.h"
#include "targets/ssh/SshHosts.h"

#include <QTextStream>

#include <cstdio>

TargetsTrustCommand::TargetsTrustCommand()
    : Command(QStringLiteral("targets trust"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Shows the host key fingerprints an SSH target offers and, once you accept them, trusts "
                             "them in this workspace's known_hosts. A key that differs from a trusted one is refused."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the SSH target's name"));
    addFlag(QStringLiteral("yes"), QStringLiteral("accept without asking (for scripts that checked the fingerprint)"));
}

int TargetsTrustCommand::run()
{
    const auto target = openTarget();
    if (!target)
        return openFailure();
    QString error;
    if (target->kind != QLatin1String("ssh"))
        return fail(QStringLiteral("%1 is a %2 target; only ssh targets have host keys").arg(target->name, target->kind),
                    InvalidInput);
    // Every host of the target: a multi-node run reaches each with the same known_hosts.
    for (const TargetConfig& host : SshHosts::configs(*target)) {
        const SshConnection connection(host, workspace().root());
        const auto offered = SshHostKeys::scan(connection, &error);
        if (!offered)
            return fail(error);
        const QVector<SshHostKey> trusted = SshHostKeys::trusted(connection, *offered);
        const QString changed = SshHostKeys::changedKeyMessage(*offered, trusted);
        if (!changed.isEmpty())
            return fail(changed);
        QTextStream& out = output().out();
        if (SshHostKeys::allTrusted(*offered, trusted)) {
            out << "The host key of " << connection.endpoint().display() << " is trusted already.\n";
            continue;
        }
        out << "The host " << connection.endpoint().display() << " offers:\n";
        for (const SshHostKey& key : *offered)
            out << "  " << key.host << "  " << key.type << "  " << key.fingerprint << "\n";
        if (!isSet(QStringLiteral("yes"))) {
            out << "Compare with the host's own fingerprint (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub there). "
                   "Trust it? [y/N] ";
            out.flush();
            char answer[16] = {};
            if (!std::fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y'))
                return fail(QStringLiteral("not trusted: the host key of %1 was not accepted").arg(connection.endpoint().display()));
        }
        if (!SshHostKeys::trust(workspace().root(), *offered, &error))
            return fail(error);
        out << "Trusted; written to " << SshConnection::knownHostsPath(workspace().root()) << "\n";
    }
    return Ok;
}
