#include "targets/TargetRegistry.h"

#include "targets/TargetKind.h"
#include "workspace/DatabaseError.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace {
TargetConfig fromQuery(const QSqlQuery& q)
{
    TargetConfig t;
    t.name = q.value(0).toString();
    t.kind = q.value(1).toString();
    t.settings = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
    return t;
}
} // namespace

QStringList TargetRegistry::knownKinds() { return TargetKinds::names(); }

QVector<TargetConfig> TargetRegistry::list(QString* error) const
{
    if (error)
        error->clear();
    QSqlQuery q(m_workspace.database());
    QVector<TargetConfig> result;
    const QString action = QStringLiteral("cannot read the compute targets");
    if (!q.exec(QStringLiteral("SELECT name, kind, config_json FROM targets ORDER BY name"))) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return {};
    }
    while (q.next())
        result << fromQuery(q);
    for (TargetConfig& target : result) {
        const QString login = target.settings.value(QStringLiteral("login")).toString();
        for (const TargetConfig& other : std::as_const(result))
            if (!login.isEmpty() && other.name == login && other.name != target.name)
                target.login = std::make_shared<const TargetConfig>(other);
    }
    // A step that fails (a damaged page) ends next() early with the reason in lastError().
    if (q.lastError().isValid()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return {};
    }
    return result;
}

std::optional<TargetConfig> TargetRegistry::find(const QString& name, QString* error) const
{
    if (error)
        error->clear();
    QSqlQuery q(m_workspace.database());
    // A damaged schema fails the prepare; its reason ("malformed") is the one to report, not the "parameter
    // count mismatch" an exec of the unprepared statement would give.
    if (!q.prepare(QStringLiteral("SELECT name, kind, config_json FROM targets WHERE name = ?"))) {
        DatabaseError::report(error, QStringLiteral("cannot read compute target %1").arg(name), q.lastError(),
                              m_workspace.databasePath());
        return std::nullopt;
    }
    q.addBindValue(name);
    if (q.exec() && q.next()) {
        TargetConfig target = fromQuery(q);
        const QString login = target.settings.value(QStringLiteral("login")).toString();
        q.finish();
        if (!login.isEmpty() && login != name) {
            // One level only: the login's own login (there should be none) is not followed.
            QSqlQuery l(m_workspace.database());
            l.prepare(QStringLiteral("SELECT name, kind, config_json FROM targets WHERE name = ?"));
            l.addBindValue(login);
            if (l.exec() && l.next())
                target.login = std::make_shared<const TargetConfig>(fromQuery(l));
            else if (l.lastError().isValid()) {
                DatabaseError::report(error, QStringLiteral("cannot read compute target %1").arg(login),
                                      l.lastError(), m_workspace.databasePath());
                return std::nullopt;
            }
        }
        return target;
    }
    if (q.lastError().isValid())
        DatabaseError::report(error, QStringLiteral("cannot read compute target %1").arg(name), q.lastError(),
                              m_workspace.databasePath());
    return std::nullopt;
}

QStringList TargetRegistry::validate(const TargetConfig& target)
{
    QStringList errors;
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!namePattern.match(target.name).hasMatch())
        errors << QStringLiteral("target name \"%1\": expected 1-64 letters, digits, '.', '_' or '-'").arg(target.name);
    const TargetKind* kind = TargetKinds::find(target.kind);
    if (!kind)
        errors << QStringLiteral("target %1: unknown kind \"%2\" (known: %3)")
                      .arg(target.name, target.kind, knownKinds().join(QStringLiteral(", ")));
    const QVector<TargetSetting> settings = kind ? kind->settings : TargetKinds::commonSettings();
    for (const TargetSetting& setting : settings) {
        const QJsonValue value = target.settings.value(setting.key);
        // Keys no setting names are kept as written: a newer Trainyard may know them.
        const QString problem = value.isUndefined() || !setting.validate ? QString() : setting.validate(value);
        if (!problem.isEmpty())
            errors << QStringLiteral("target %1: %2: %3").arg(target.name, setting.key, problem);
    }
    return errors;
}

bool TargetRegistry::save(const TargetConfig& target, QString* error)
{
    QStringList errors = validate(target);
    const TargetKind* kind = TargetKinds::find(target.kind);
    if (errors.isEmpty() && kind && kind->validateTarget) {
        TargetConfig resolved = target;
        const QString login = target.settings.value(QStringLiteral("login")).toString();
        resolved.login.reset();
        if (!login.isEmpty() && login != target.name) {
            QString findError;
            const auto found = find(login, &findError);
            if (!findError.isEmpty()) {
                *error = findError;
                return false;
            }
            if (found)
                resolved.login = std::make_shared<const TargetConfig>(*found);
        }
        const QString problem = kind->validateTarget(resolved);
        if (!problem.isEmpty())
            errors << QStringLiteral("target %1: %2").arg(target.name, problem);
    }
    if (!errors.isEmpty()) {
        *error = errors.join(QLatin1Char('\n'));
        return false;
    }
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO targets (name, kind, config_json) VALUES (?,?,?)"));
    q.addBindValue(target.name);
    q.addBindValue(target.kind);
    q.addBindValue(QString::fromUtf8(QJsonDocument(target.settings).toJson(QJsonDocument::Compact)));
    if (!q.exec()) {
        *error = QStringLiteral("cannot save target %1: %2").arg(target.name, q.lastError().text());
        return false;
    }
    return true;
}

bool TargetRegistry::remove(const QString& name, QString* error)
{
    if (name == QLatin1String("local")) {
        *error = QStringLiteral("the built-in target local cannot be removed");
        return false;
    }
    // A live run still needs its target to be watched, canceled and brought home.
    QSqlQuery live(m_workspace.database());
    live.prepare(QStringLiteral("SELECT count(*) FROM runs WHERE compute_target = ? AND status IN "
                                "('Queued', 'Preparing', 'Starting', 'Running', 'Finalizing')"));
    live.addBindValue(name);
    if (!live.exec() || !live.next()) {
        DatabaseError::report(error, QStringLiteral("cannot read the runs of target %1").arg(name), live.lastError());
        return false;
    }
    if (live.value(0).toInt() > 0) {
        *error = QStringLiteral("target %1 has %2 live run(s); cancel them or wait for them to end before removing it")
                     .arg(name)
                     .arg(live.value(0).toInt());
        return false;
    }
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("DELETE FROM targets WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec() || q.numRowsAffected() != 1) {
        *error = QStringLiteral("unknown target %1").arg(name);
        return false;
    }
    return true;
}
