#include "targets/TargetSshPage.h"

#include "shell/UserPrompts.h"
#include "targets/HostKeyTrustDialog.h"
#include "targets/TargetKind.h"
#include "targets/TargetSecretField.h"
#include "targets/ssh/SshConnection.h"
#include "targets/ssh/SshProbe.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QtConcurrent>

#include <algorithm>
#include <memory>

namespace {
const QString kHost = QStringLiteral("host");
const QString kPort = QStringLiteral("port");
const QString kUser = QStringLiteral("user");
const QString kIdentityFile = QStringLiteral("identity_file");
const QString kWorkdir = QStringLiteral("workdir");
const QString kPython = QStringLiteral("python");
const QString kMaxConcurrent = QStringLiteral("max_concurrent_runs");
const QString kCleanup = QStringLiteral("cleanup");
const QString kConnectionLimit = QStringLiteral("connection_limit_seconds");
const QString kGrace = QStringLiteral("cancel_grace_seconds");
const QString kEnvironment = QStringLiteral("environment");
const QString kExtraHosts = QStringLiteral("extra_hosts");
constexpr int kDefaultConnectionLimit = 900;

QLineEdit* textField(const QString& objectName, const QString& accessibleName, const QString& placeholder,
                     const QString& toolTip)
{
    auto* field = new QLineEdit;
    field->setObjectName(objectName);
    field->setAccessibleName(accessibleName);
    field->setPlaceholderText(placeholder);
    field->setToolTip(toolTip);
    return field;
}

// An optional text setting: empty leaves it to the default (ssh's configuration, the remote's python3).
void putText(QJsonObject& settings, const QString& key, const QString& text)
{
    const QString value = text.trimmed();
    if (value.isEmpty())
        settings.remove(key);
    else
        settings.insert(key, value);
}

struct PendingSecret
{
    QString key;
    QString word;
    QByteArray secret;
};

// Blocking; on a worker. The secrets are held once (shared_ptr), so that wiping them reaches their bytes.
SecretsWrite writeSecrets(const std::shared_ptr<QVector<PendingSecret>>& pending)
{
    SecretsWrite result;
    for (PendingSecret& secret : *pending) {
        if (result.error.isEmpty()) {
            if (SecretStore::write(secret.key, secret.secret, &result.error))
                result.storedWords << secret.word;
        }
        SecretStore::wipe(secret.secret);
    }
    return result;
}

QString expandHome(const QString& path)
{
    if (path == QLatin1String("~"))
        return QDir::homePath();
    if (path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}
} // namespace

TargetSshPage::TargetSshPage(QWidget* parent) : TargetKindPage(parent)
{
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);

    m_host = textField(QStringLiteral("sshHost"), tr("SSH host"), tr("Name, address or ~/.ssh/config alias"),
                       tr("An alias of ~/.ssh/config works as is, with its ProxyJump, User, Port and IdentityFile"));
    connect(m_host, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    form->addRow(tr("&Host:"), m_host);

    m_port = new QSpinBox;
    m_port->setObjectName(QStringLiteral("sshPort"));
    m_port->setAccessibleName(tr("SSH port"));
    // Up to five digits so a mistyped port is named by the check on Save instead of keys silently refused;
    // 0 shows as "default" and leaves the port to ssh's configuration.
    m_port->setRange(0, 99999);
    m_port->setSpecialValueText(tr("default"));
    m_port->setToolTip(tr("Default: ssh's configuration, usually 22"));
    connect(m_port, &QSpinBox::valueChanged, this, &TargetKindPage::edited);
    form->addRow(tr("P&ort:"), m_port);

    m_user = textField(QStringLiteral("sshUser"), tr("Remote user"), tr("Default: ssh's configuration"),
                       tr("The account on the remote machine"));
    connect(m_user, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    form->addRow(tr("&User:"), m_user);

    m_identityFile = textField(QStringLiteral("sshIdentityFile"), tr("Identity file"),
                               tr("Default: the SSH agent and ssh's configuration"),
                               tr("The private key to log in with; a passphrase comes from the system keychain"));
    connect(m_identityFile, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("browseIdentityFile"));
    browse->setAccessibleName(tr("Choose the identity file"));
    connect(browse, &QPushButton::clicked, this, &TargetSshPage::browseIdentityFile);
    form->addRow(tr("&Identity file:"), withButton(m_identityFile, browse));

    const SshEndpoint defaults;
    m_workdir = textField(QStringLiteral("sshWorkdir"), tr("Remote working folder"), defaults.workDir,
                          tr("Where runs, uploaded snapshots and datasets live on the remote machine"));
    connect(m_workdir, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    form->addRow(tr("&Working folder:"), m_workdir);

    m_python = textField(QStringLiteral("sshPython"), tr("Remote Python interpreter"), defaults.python,
                         tr("Runs .py entry scripts on the remote machine"));
    connect(m_python, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    form->addRow(tr("&Python on the remote:"), m_python);

    m_extraHosts = textField(QStringLiteral("sshExtraHosts"), tr("Other hosts of multi-node runs"),
                             tr("none: every run on the host above"),
                             tr("More hosts for runs with node_count above 1, comma-separated (gpu2, gpu3:2222): they "
                                "share the working folder and the host above reaches them over ssh"));
    connect(m_extraHosts, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    form->addRow(tr("Other &hosts:"), m_extraHosts);

    m_maxConcurrent = addMaxConcurrentRuns(form, QStringLiteral("sshMaxConcurrentRuns"));

    m_cleanup = new QComboBox;
    m_cleanup->setObjectName(QStringLiteral("sshCleanup"));
    m_cleanup->setAccessibleName(tr("Remote run folder cleanup"));
    m_cleanup->setToolTip(tr("What happens to a run's folder on the remote once its outputs and logs are home"));
    m_cleanup->addItem(tr("keep"), QStringLiteral("keep"));
    m_cleanup->addItem(tr("delete on success"), QStringLiteral("success"));
    m_cleanup->addItem(tr("delete always"), QStringLiteral("always"));
    connect(m_cleanup, &QComboBox::currentIndexChanged, this, &TargetKindPage::edited);
    form->addRow(tr("&Cleanup:"), m_cleanup);

    m_connectionLimit = new QSpinBox;
    m_connectionLimit->setObjectName(QStringLiteral("sshConnectionLimit"));
    m_connectionLimit->setAccessibleName(tr("Connection limit seconds"));
    m_connectionLimit->setRange(1, 7 * 24 * 3600);
    m_connectionLimit->setSuffix(tr(" s"));
    m_connectionLimit->setToolTip(tr("How long a run may stay disconnected before it fails; the remote job goes on "
                                     "while the app reconnects"));
    connect(m_connectionLimit, &QSpinBox::valueChanged, this, &TargetKindPage::edited);
    form->addRow(tr("Connection &limit:"), m_connectionLimit);

    m_graceSeconds = addCancelGrace(form, QStringLiteral("sshCancelGraceSeconds"));

    m_environment = textField(QStringLiteral("sshEnvironment"), tr("Passed environment variables"),
                              tr("NAME,NAME,…"),
                              tr("Variables of this machine's environment that runs see, besides LANG and LC_*"));
    connect(m_environment, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    form->addRow(tr("&Environment:"), m_environment);

    m_password = new TargetSecretField(SecretStore::passwordWord(), QStringLiteral("sshPassword"), tr("Login password"));
    m_password->setToolTip(tr("For a host that asks for a password; ssh gets it from the system keychain"));
    connect(m_password, &TargetSecretField::edited, this, &TargetKindPage::edited);
    form->addRow(tr("P&assword:"), m_password);

    m_passphrase = new TargetSecretField(SecretStore::passphraseWord(), QStringLiteral("sshPassphrase"),
                                         tr("Identity file passphrase"));
    m_passphrase->setToolTip(tr("For an identity file protected by a passphrase"));
    connect(m_passphrase, &TargetSecretField::edited, this, &TargetKindPage::edited);
    form->addRow(tr("Key pa&ssphrase:"), m_passphrase);

    m_secretsWatcher = new QFutureWatcher<SecretsWrite>(this);
    connect(m_secretsWatcher, &QFutureWatcher<SecretsWrite>::finished, this, &TargetSshPage::showSecretsWritten);

    load({});
}

void TargetSshPage::load(const QJsonObject& settings)
{
    m_host->setText(settings.value(kHost).toString());
    m_port->setValue(settings.value(kPort).toInt(0));
    m_user->setText(settings.value(kUser).toString());
    m_identityFile->setText(settings.value(kIdentityFile).toString());
    m_workdir->setText(settings.value(kWorkdir).toString());
    m_python->setText(settings.value(kPython).toString());
    m_maxConcurrent->setValue(TargetConfig{QString(), kind(), settings}.maxConcurrentRuns());
    // A policy this version does not know stays as stored (and Save names it) rather than turning into keep.
    while (m_cleanup->count() > 3)
        m_cleanup->removeItem(3);
    const QString cleanup = settings.value(kCleanup).toString(QStringLiteral("keep"));
    if (m_cleanup->findData(cleanup) < 0)
        m_cleanup->addItem(cleanup, cleanup);
    m_cleanup->setCurrentIndex(m_cleanup->findData(cleanup));
    m_connectionLimit->setValue(int(settings.value(kConnectionLimit).toDouble(kDefaultConnectionLimit)));
    m_graceSeconds->setValue(settings.value(kGrace).toDouble(10));
    QStringList names;
    for (const QJsonValue& name : settings.value(kEnvironment).toArray())
        names << name.toString();
    m_environment->setText(names.join(QStringLiteral(",")));
    QStringList hosts;
    for (const QJsonValue& host : settings.value(kExtraHosts).toArray())
        hosts << host.toString();
    m_extraHosts->setText(hosts.join(QStringLiteral(", ")));
}

QJsonObject TargetSshPage::settings(const QJsonObject& base) const
{
    QJsonObject result = base;
    // The host is always written, even empty, so that Save names it as missing.
    result.insert(kHost, m_host->text().trimmed());
    if (m_port->value() == 0)
        result.remove(kPort);
    else
        result.insert(kPort, m_port->value());
    putText(result, kUser, m_user->text());
    putText(result, kIdentityFile, m_identityFile->text());
    putText(result, kWorkdir, m_workdir->text());
    putText(result, kPython, m_python->text());
    result.insert(kMaxConcurrent, m_maxConcurrent->value());
    result.insert(kCleanup, m_cleanup->currentData().toString());
    result.insert(kConnectionLimit, m_connectionLimit->value());
    result.insert(kGrace, m_graceSeconds->value());
    // The kind's own reading of a list, as `targets set --environment` reads it, so validation is the same.
    const TargetSetting* environment = TargetKinds::find(kind())->setting(kEnvironment);
    const QJsonValue names = environment->fromText(m_environment->text());
    if (names.isArray() && names.toArray().isEmpty())
        result.remove(kEnvironment);
    else
        result.insert(kEnvironment, names);
    const QJsonValue hosts = TargetSetting::listValue(m_extraHosts->text());
    if (hosts.toArray().isEmpty())
        result.remove(kExtraHosts);
    else
        result.insert(kExtraHosts, hosts);
    return result;
}

QStringList TargetSshPage::validate() const
{
    // The kind's checks of every value run in TargetRegistry::validate; this one needs this machine.
    QStringList errors;
    const QString identity = m_identityFile->text().trimmed();
    if (identity.isEmpty())
        return errors;
    const QFileInfo info(expandHome(identity));
    if (!info.exists())
        errors << tr("identity_file: %1 does not exist").arg(identity);
    else if (!info.isFile() || !info.isReadable())
        errors << tr("identity_file: %1 is not a readable file").arg(identity);
    return errors;
}

TargetConnectionJob TargetSshPage::connectionTest(const TargetConfig& target, const QString& workspaceRoot) const
{
    return [target, workspaceRoot]() { return probe(target, workspaceRoot, true); };
}

TargetConnectionResult TargetSshPage::probe(const TargetConfig& target, const QString& workspaceRoot, bool offerTrust)
{
    const QString endpoint = SshEndpoint::fromConfig(target).display();
    if (SshEndpoint::fromConfig(target).host.isEmpty())
        return {false, tr("host: expected a non-empty text"), {}, {}};
    QString error;
    SshFailure failure = SshFailure::None;
    if (const auto report = SshProbe::run(target, workspaceRoot, &error, &failure))
        return {true, tr("Connected to %1").arg(endpoint), report->lines(), {}};
    TargetConnectionResult result{false, error, {}, {}};
    if (failure != SshFailure::HostKeyUnknown || !offerTrust)
        return result;

    const SshConnection connection(target, workspaceRoot);
    QString scanError;
    const auto offered = SshHostKeys::scan(connection, &scanError);
    if (!offered) {
        result.message = tr("%1; reading its host key failed: %2").arg(error, scanError);
        return result;
    }
    const QVector<SshHostKey> trusted = SshHostKeys::trusted(connection, *offered);
    // A changed key is never offered for trust here: the user removes the old one knowingly.
    const QString changed = SshHostKeys::changedKeyMessage(*offered, trusted);
    if (!changed.isEmpty()) {
        result.message = changed;
        return result;
    }
    if (SshHostKeys::allTrusted(*offered, trusted))
        return result; // trusted under another name than ssh checks: trusting again would not help
    const QVector<SshHostKey> keys = *offered;
    const QString knownHosts = SshConnection::knownHostsPath(workspaceRoot);
    result.message = tr("The host key of %1 is not trusted yet").arg(endpoint);
    result.askUser = [target, workspaceRoot, keys, endpoint, knownHosts](QWidget* parent) -> TargetConnectionJob {
        if (HostKeyTrustDialog::ask(parent, endpoint, keys, knownHosts))
            return [target, workspaceRoot, keys]() { return trustAndProbe(target, workspaceRoot, keys); };
        const QString declined = tr("Not trusted: the host key of %1 was not accepted; nothing was written").arg(endpoint);
        return [declined]() { return TargetConnectionResult{false, declined, {}, {}}; };
    };
    return result;
}

TargetConnectionResult TargetSshPage::trustAndProbe(const TargetConfig& target, const QString& workspaceRoot,
                                                    const QVector<SshHostKey>& keys)
{
    QString error;
    if (!SshHostKeys::trust(workspaceRoot, keys, &error))
        return {false, error, {}, {}};
    return probe(target, workspaceRoot, false);
}

void TargetSshPage::showStoredSecrets(const QString& workspaceRoot, const QString& target)
{
    for (TargetSecretField* field : secretFields()) {
        field->setTarget(workspaceRoot, target);
        field->readStored();
    }
}

bool TargetSshPage::hasUnstoredSecrets() const
{
    const QList<TargetSecretField*> fields = secretFields();
    return std::any_of(fields.cbegin(), fields.cend(), [](const TargetSecretField* field) { return field->hasTyped(); });
}

void TargetSshPage::storeSecrets(const QString& workspaceRoot, const QString& target)
{
    if (m_secretsWatcher->isRunning())
        return;
    auto pending = std::make_shared<QVector<PendingSecret>>();
    for (TargetSecretField* field : secretFields()) {
        if (!field->hasTyped())
            continue;
        pending->append({SecretStore::targetKey(workspaceRoot, target, field->word()), field->word(),
                         field->typedSecret()});
        field->setStoring(true);
    }
    m_storingRoot = workspaceRoot;
    m_storingTarget = target;
    m_secretsWatcher->setFuture(QtConcurrent::run([pending]() { return writeSecrets(pending); }));
}

void TargetSshPage::showSecretsWritten()
{
    const SecretsWrite result = m_secretsWatcher->result();
    QStringList stored;
    for (TargetSecretField* field : secretFields()) {
        field->setStoring(false);
        if (!result.storedWords.contains(field->word()))
            continue;
        field->setTarget(m_storingRoot, m_storingTarget);
        field->markStored();
        stored << (field == m_password ? tr("the password") : tr("the key passphrase"));
    }
    if (!result.error.isEmpty())
        emit secretsStored(false, result.error);
    else
        emit secretsStored(true, tr("Stored in the system keychain: %1").arg(stored.join(tr(" and "))));
}

void TargetSshPage::browseIdentityFile()
{
    const QString path = UserPrompts::openFileName(this, tr("Identity file"), QDir::homePath() + QStringLiteral("/.ssh"));
    if (!path.isEmpty())
        m_identityFile->setText(path);
}
