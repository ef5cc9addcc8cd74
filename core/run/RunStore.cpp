#include "run/RunStore.h"

#include "run/RunParam.h"
#include "workspace/DatabaseError.h"

#include <QDateTime>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace {

const char* const kColumns = "id, seq, experiment, status, compute_target, estimator_json, command_json, "
                             "snapshot_id, git_json, submitted_at, started_at, ended_at, exit_code, error, "
                             "runner_pid, process_group, runner_host, heartbeat_at, cancel_requested, runner_identity, "
                             "target_handle, waiting_reason, environment_json, display_name, note, archived";

RunRecord fromQuery(const QSqlQuery& q)
{
    RunRecord r;
    r.id = q.value(0).toString();
    r.seq = q.value(1).toLongLong();
    r.experiment = q.value(2).toString();
    r.status = runStatusFromName(q.value(3).toString()).value_or(RunStatus::Failed);
    r.computeTarget = q.value(4).toString();
    r.estimator = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
    const QJsonArray command = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).array();
    for (const auto& arg : command)
        r.command << arg.toString();
    r.snapshotId = q.value(7).toString();
    r.git = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
    r.submittedAt = q.value(9).toLongLong();
    r.startedAt = q.value(10).toLongLong();
    r.endedAt = q.value(11).toLongLong();
    if (!q.value(12).isNull())
        r.exitCode = q.value(12).toInt();
    r.error = q.value(13).toString();
    r.runnerPid = q.value(14).toLongLong();
    r.processGroup = q.value(15).toLongLong();
    r.runnerHost = q.value(16).toString();
    r.heartbeatAt = q.value(17).toLongLong();
    r.cancelRequested = q.value(18).toInt() != 0;
    r.runnerIdentity = q.value(19).toString();
    r.targetHandle = QJsonDocument::fromJson(q.value(20).toString().toUtf8()).object();
    r.waitingReason = q.value(21).toString();
    r.environment = QJsonDocument::fromJson(q.value(22).toString().toUtf8()).array();
    r.displayName = q.value(23).toString();
    r.note = q.value(24).toString();
    r.archived = q.value(25).toInt() != 0;
    return r;
}

QString whereClause(const RunFilter& filter)
{
    QStringList conditions;
    if (!filter.experiment.isEmpty())
        conditions << QStringLiteral("experiment = :experiment");
    if (filter.status)
        conditions << QStringLiteral("status = :status");
    return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

void bindFilter(QSqlQuery& q, const RunFilter& filter)
{
    if (!filter.experiment.isEmpty())
        q.bindValue(QStringLiteral(":experiment"), filter.experiment);
    if (filter.status)
        q.bindValue(QStringLiteral(":status"), runStatusName(*filter.status));
}

QString jsonText(const QJsonObject& o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

} // namespace

qint64 RunStore::nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

bool RunStore::insert(RunRecord& run, QString* error, const QVector<QPair<QString, QString>>& tags)
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    // The write lock is taken before reading the next sequence number, so concurrent submits from several
    // processes get distinct numbers and ids.
    if (!exec(q, QStringLiteral("cannot lock the workspace database"), error, QStringLiteral("BEGIN IMMEDIATE")))
        return false;
    if (!exec(q, QStringLiteral("cannot number the run"), error, QStringLiteral("SELECT COALESCE(MAX(seq), 0) + 1 FROM runs"))
        || !q.next()) {
        if (q.lastError().isValid())
            m_lastError = DatabaseError::report(error, QStringLiteral("cannot number the run"), q.lastError(), m_workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    run.seq = q.value(0).toLongLong();
    run.id = QStringLiteral("%1_%2").arg(run.experiment).arg(run.seq);
    run.submittedAt = nowMs();
    run.status = RunStatus::Queued;
    QSqlQuery ins(db);
    ins.prepare(QStringLiteral("INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, "
                               "command_json, snapshot_id, git_json, submitted_at, environment_json, display_name, note) "
                               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    ins.addBindValue(run.id);
    ins.addBindValue(run.seq);
    ins.addBindValue(run.experiment);
    ins.addBindValue(runStatusName(run.status));
    ins.addBindValue(run.computeTarget);
    ins.addBindValue(jsonText(run.estimator));
    ins.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(run.command)).toJson(QJsonDocument::Compact)));
    ins.addBindValue(run.snapshotId);
    ins.addBindValue(jsonText(run.git));
    ins.addBindValue(run.submittedAt);
    ins.addBindValue(QString::fromUtf8(QJsonDocument(run.environment).toJson(QJsonDocument::Compact)));
    ins.addBindValue(run.displayName.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(run.displayName));
    ins.addBindValue(run.note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(run.note));
    if (!exec(ins, QStringLiteral("cannot record the run"), error)) {
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    QSqlQuery param(db);
    param.prepare(QStringLiteral("INSERT OR REPLACE INTO run_params (run_id, name, position, value, number, source) "
                                 "VALUES (?,?,?,?,?,?)"));
    const QVector<RunParam> params = RunParam::fromEstimatorJson(run.estimator);
    for (int i = 0; i < params.size(); ++i) {
        param.addBindValue(run.id);
        param.addBindValue(params[i].name);
        param.addBindValue(i);
        param.addBindValue(params[i].value);
        param.addBindValue(params[i].number ? QVariant(*params[i].number) : QVariant(QMetaType(QMetaType::Double)));
        param.addBindValue(params[i].source);
        if (!exec(param, QStringLiteral("cannot record the parameters of the run"), error)) {
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    QSqlQuery tag(db);
    tag.prepare(QStringLiteral("INSERT OR REPLACE INTO run_tags (run_id, name, value) VALUES (?, ?, ?)"));
    for (const auto& item : tags) {
        tag.addBindValue(run.id);
        tag.addBindValue(item.first);
        tag.addBindValue(item.second);
        if (!exec(tag, QStringLiteral("cannot record the tags of the run"), error)) {
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    if (!exec(q, QStringLiteral("cannot record the run"), error, QStringLiteral("COMMIT"))) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

bool RunStore::exec(QSqlQuery& q, const QString& action, QString* error, const QString& sql) const
{
    if (sql.isEmpty() ? q.exec() : q.exec(sql)) {
        m_lastError.clear();
        if (error)
            error->clear();
        return true;
    }
    m_lastError = DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
    return false;
}

std::optional<RunRecord> RunStore::find(const QString& id, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(id);
    if (!exec(q, QStringLiteral("cannot read run %1").arg(id), error))
        return std::nullopt;
    if (q.next())
        return fromQuery(q);
    // A damaged page is often met only while stepping to the row.
    if (q.lastError().isValid()) {
        m_lastError = DatabaseError::report(error, QStringLiteral("cannot read run %1").arg(id), q.lastError(),
                                            m_workspace.databasePath());
    }
    return std::nullopt;
}

namespace {

// Steps through every row; false when stepping failed part-way (a damaged page met after the first rows).
template <typename Row>
bool collectRows(QSqlQuery& q, QVector<Row>& rows, Row (*convert)(const QSqlQuery&))
{
    while (q.next())
        rows << convert(q);
    return !q.lastError().isValid();
}

} // namespace

QVector<RunRecord> RunStore::readRuns(QSqlQuery& q, const QString& action, QString* error) const
{
    QVector<RunRecord> runs;
    if (!exec(q, action, error))
        return runs;
    // A step that fails half way is an error, never the rows read before it.
    if (!collectRows(q, runs, &fromQuery)) {
        m_lastError = DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return {};
    }
    return runs;
}

QVector<RunRecord> RunStore::list(const RunFilter& filter, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM runs%2 ORDER BY seq DESC LIMIT :limit OFFSET :offset")
                  .arg(QLatin1String(kColumns), whereClause(filter)));
    bindFilter(q, filter);
    q.bindValue(QStringLiteral(":limit"), filter.limit < 0 ? -1 : filter.limit);
    q.bindValue(QStringLiteral(":offset"), filter.offset);
    return readRuns(q, QStringLiteral("cannot list the runs"), error);
}

qint64 RunStore::count(const RunFilter& filter, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM runs%1").arg(whereClause(filter)));
    bindFilter(q, filter);
    const QString action = QStringLiteral("cannot count the runs");
    if (!exec(q, action, error))
        return 0;
    if (!q.next()) {
        m_lastError = DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return 0;
    }
    return q.value(0).toLongLong();
}

QVector<RunRecord> RunStore::liveRuns(QString* error) const
{
    QSqlQuery q(m_workspace.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE %2 ORDER BY seq").arg(QLatin1String(kColumns), liveStatusCondition()));
    return readRuns(q, QStringLiteral("cannot read the live runs"), error);
}

bool RunStore::transition(const QString& id, std::initializer_list<RunStatus> from, RunStatus to)
{
    QStringList names;
    for (RunStatus s : from)
        names << QLatin1Char('\'') + runStatusName(s) + QLatin1Char('\'');
    QSqlQuery q(m_workspace.database());
    const bool starts = to == RunStatus::Running;
    q.prepare(QStringLiteral("UPDATE runs SET status = ?%1 WHERE id = ? AND status IN (%2)")
                  .arg(starts ? QStringLiteral(", started_at = COALESCE(started_at, ?)") : QString(),
                       names.join(QLatin1Char(','))));
    q.addBindValue(runStatusName(to));
    if (starts)
        q.addBindValue(nowMs());
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot change the status of run %1").arg(id)) && q.numRowsAffected() == 1;
}

bool RunStore::finish(const QString& id, RunStatus to, std::optional<int> exitCode, const QString& error)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET status = ?, exit_code = ?, error = ?, ended_at = ? "
                             "WHERE id = ? AND status NOT IN ('Completed','Failed','Canceled')"));
    q.addBindValue(runStatusName(to));
    q.addBindValue(exitCode ? QVariant(*exitCode) : QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(error.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(error));
    q.addBindValue(nowMs());
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot record the end of run %1").arg(id)) && q.numRowsAffected() == 1;
}

bool RunStore::setRunner(const QString& id, qint64 pid, const QString& host)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET runner_pid = ?, runner_host = ?, heartbeat_at = ? WHERE id = ?"));
    q.addBindValue(pid);
    q.addBindValue(host);
    q.addBindValue(nowMs());
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot record the runner of run %1").arg(id));
}

bool RunStore::replaceRunner(const QString& id, qint64 expectedPid, qint64 pid, const QString& identity,
                             const QString& host)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET runner_pid = ?, runner_identity = ?, runner_host = ?, heartbeat_at = ? "
                             "WHERE id = ? AND COALESCE(runner_pid, 0) = ? AND %1").arg(liveStatusCondition()));
    q.addBindValue(pid);
    q.addBindValue(identity);
    q.addBindValue(host);
    q.addBindValue(nowMs());
    q.addBindValue(id);
    q.addBindValue(expectedPid);
    return exec(q, QStringLiteral("cannot record the new runner of run %1").arg(id)) && q.numRowsAffected() == 1;
}

bool RunStore::claimOrphan(const QString& id, qint64 expectedPid, qint64 expectedHeartbeatAt, const QString& host)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET runner_pid = 0, runner_identity = NULL, runner_host = ?, heartbeat_at = ? "
                             "WHERE id = ? AND COALESCE(runner_pid, 0) = ? AND COALESCE(heartbeat_at, 0) = ? AND %1")
                  .arg(liveStatusCondition()));
    q.addBindValue(host);
    q.addBindValue(nowMs());
    q.addBindValue(id);
    q.addBindValue(expectedPid);
    q.addBindValue(expectedHeartbeatAt);
    return exec(q, QStringLiteral("cannot claim the orphaned run %1").arg(id)) && q.numRowsAffected() == 1;
}

bool RunStore::setTargetHandle(const QString& id, const QJsonObject& handle)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET target_handle = ? WHERE id = ?"));
    q.addBindValue(jsonText(handle));
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot record the target handle of run %1").arg(id));
}

bool RunStore::setWaitingReason(const QString& id, const QString& reason)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET waiting_reason = ? WHERE id = ?"));
    q.addBindValue(reason.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(reason));
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot record why run %1 waits").arg(id));
}

bool RunStore::setProcessGroup(const QString& id, qint64 pgid)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET process_group = ? WHERE id = ?"));
    q.addBindValue(pgid);
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot record the process group of run %1").arg(id));
}

bool RunStore::setCommand(const QString& id, const QStringList& command)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET command_json = ? WHERE id = ?"));
    q.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(command)).toJson(QJsonDocument::Compact)));
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot record the command of run %1").arg(id));
}

bool RunStore::heartbeat(const QString& id)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET heartbeat_at = ? WHERE id = ?"));
    q.addBindValue(nowMs());
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot record the heartbeat of run %1").arg(id));
}

bool RunStore::requestCancel(const QString& id)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET cancel_requested = 1 WHERE id = ?"));
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot request the cancel of run %1").arg(id)) && q.numRowsAffected() == 1;
}

RunStore::CancelResult RunStore::cancel(const QString& id)
{
    QString error;
    const auto run = find(id, &error);
    if (!run) {
        m_lastError = error;
        return error.isEmpty() ? CancelResult::Unknown : CancelResult::Failed;
    }
    if (isTerminal(run->status))
        return CancelResult::AlreadyEnded;
    if (!requestCancel(id))
        return CancelResult::Failed;
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET status = 'Canceled', ended_at = ?, error = 'canceled' "
                             "WHERE id = ? AND status = 'Queued'"));
    q.addBindValue(nowMs());
    q.addBindValue(id);
    if (!exec(q, QStringLiteral("cannot record the cancel of run %1").arg(id)))
        return CancelResult::Failed;
    return q.numRowsAffected() == 1 ? CancelResult::Canceled : CancelResult::Requested;
}

bool RunStore::cancelRequested(const QString& id, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("SELECT cancel_requested FROM runs WHERE id = ?"));
    q.addBindValue(id);
    return exec(q, QStringLiteral("cannot read the cancel request of run %1").arg(id), error) && q.next()
           && q.value(0).toInt() != 0;
}

bool RunStore::setTag(const QString& id, const QString& name, const QString& value)
{
    QSqlQuery q(m_workspace.database());
    // One statement: a run deleted meanwhile gets no tag row that outlives it.
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO run_tags (run_id, name, value) "
                             "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?)"));
    q.addBindValue(id);
    q.addBindValue(name);
    q.addBindValue(value);
    q.addBindValue(id);
    if (!exec(q, QStringLiteral("cannot tag run %1").arg(id)))
        return false;
    if (q.numRowsAffected() == 0)
        return fail(QStringLiteral("unknown run %1").arg(id), nullptr);
    return true;
}

bool RunStore::fail(const QString& message, QString* error) const
{
    m_lastError = message;
    if (error)
        *error = message;
    return false;
}

bool RunStore::updateRun(QSqlQuery& q, const QString& id, const QString& action, QString* error)
{
    if (!exec(q, action, error))
        return false;
    // SQLite counts the rows the WHERE matched, changed or not: none means there is no such run.
    if (q.numRowsAffected() == 0)
        return fail(QStringLiteral("unknown run %1").arg(id), error);
    return true;
}

bool RunStore::isValidDisplayName(const QString& name, QString* error)
{
    QString problem;
    const QString trimmed = name.trimmed();
    if (trimmed.contains(QLatin1Char('\n')) || trimmed.contains(QLatin1Char('\r')))
        problem = QStringLiteral("a run's name is one line: \"%1\" has a line break").arg(trimmed.left(40));
    else if (trimmed.size() > kMaxDisplayNameLength)
        problem = QStringLiteral("a run's name has at most %1 characters (this one has %2)").arg(kMaxDisplayNameLength).arg(trimmed.size());
    if (error)
        *error = problem;
    return problem.isEmpty();
}

bool RunStore::setDisplayName(const QString& id, const QString& name, QString* error)
{
    QString problem;
    if (!isValidDisplayName(name, &problem))
        return fail(problem, error);
    const QString trimmed = name.trimmed();
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET display_name = ? WHERE id = ?"));
    q.addBindValue(trimmed.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(trimmed));
    q.addBindValue(id);
    return updateRun(q, id, QStringLiteral("cannot rename run %1").arg(id), error);
}

bool RunStore::setNote(const QString& id, const QString& note, QString* error)
{
    if (note.size() > kMaxNoteLength)
        return fail(QStringLiteral("a run's note has at most %1 characters (this one has %2)").arg(kMaxNoteLength).arg(note.size()),
                    error);
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET note = ? WHERE id = ?"));
    q.addBindValue(note.trimmed().isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(note));
    q.addBindValue(id);
    return updateRun(q, id, QStringLiteral("cannot record the note of run %1").arg(id), error);
}

bool RunStore::removeTag(const QString& id, const QString& name, QString* error)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("DELETE FROM run_tags WHERE run_id = ? AND name = ?"));
    q.addBindValue(id);
    q.addBindValue(name);
    if (!exec(q, QStringLiteral("cannot remove tag %1 of run %2").arg(name, id), error))
        return false;
    if (q.numRowsAffected() > 0)
        return true;
    // Nothing removed: say whether the run or the tag is what is missing.
    QString readError;
    const bool known = find(id, &readError).has_value();
    if (!readError.isEmpty())
        return fail(readError, error);
    return fail(known ? QStringLiteral("run %1 has no tag %2").arg(id, name) : QStringLiteral("unknown run %1").arg(id), error);
}

bool RunStore::setArchived(const QString& id, bool archived, QString* error)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE runs SET archived = ? WHERE id = ?"));
    q.addBindValue(archived ? 1 : 0);
    q.addBindValue(id);
    return updateRun(q, id, QStringLiteral("cannot %1 run %2").arg(archived ? QStringLiteral("archive") : QStringLiteral("unarchive"), id),
                     error);
}

QVector<QPair<QString, QString>> RunStore::tags(const QString& id, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("SELECT name, value FROM run_tags WHERE run_id = ? ORDER BY name"));
    q.addBindValue(id);
    QVector<QPair<QString, QString>> result;
    const QString action = QStringLiteral("cannot read the tags of run %1").arg(id);
    if (!exec(q, action, error))
        return result;
    while (q.next())
        result.append({q.value(0).toString(), q.value(1).toString()});
    if (q.lastError().isValid()) {
        m_lastError = DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return {};
    }
    return result;
}

bool RunStore::storeMetricSummaries(const QString& id, const QVector<RunMetricSummary>& summaries)
{
    QSqlDatabase db = m_workspace.database();
    const QString action = QStringLiteral("cannot record the metric summaries of run %1").arg(id);
    if (!db.transaction()) {
        m_lastError = DatabaseError::report(nullptr, action, db.lastError(), m_workspace.databasePath());
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO run_metrics (run_id, name, count, last_step, last_value, last_time, "
                             "min_value, max_value) VALUES (?,?,?,?,?,?,?,?)"));
    for (const auto& s : summaries) {
        q.addBindValue(id);
        q.addBindValue(s.name);
        q.addBindValue(s.count);
        q.addBindValue(s.lastStep);
        // SQLite stores NaN as NULL; keep non-finite values readable as text.
        q.addBindValue(std::isfinite(s.lastValue) ? QVariant(s.lastValue) : QVariant(QString::number(s.lastValue)));
        q.addBindValue(s.lastTime);
        q.addBindValue(s.minValue ? QVariant(*s.minValue) : QVariant());
        q.addBindValue(s.maxValue ? QVariant(*s.maxValue) : QVariant());
        if (!exec(q, action)) {
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        m_lastError = DatabaseError::report(nullptr, action, db.lastError(), m_workspace.databasePath());
        db.rollback();
        return false;
    }
    return true;
}

QVector<RunMetricSummary> RunStore::metricSummaries(const QString& id, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("SELECT name, count, last_step, last_value, last_time, min_value, max_value FROM run_metrics "
                             "WHERE run_id = ? ORDER BY name"));
    q.addBindValue(id);
    QVector<RunMetricSummary> result;
    const QString action = QStringLiteral("cannot read the metric summaries of run %1").arg(id);
    if (!exec(q, action, error))
        return result;
    while (q.next()) {
        RunMetricSummary s;
        s.name = q.value(0).toString();
        s.count = q.value(1).toLongLong();
        s.lastStep = q.value(2).toLongLong();
        const QVariant v = q.value(3);
        s.lastValue = v.typeId() == QMetaType::QString ? v.toString().toDouble() : v.toDouble();
        s.lastTime = q.value(4).toDouble();
        if (!q.value(5).isNull())
            s.minValue = q.value(5).toDouble();
        if (!q.value(6).isNull())
            s.maxValue = q.value(6).toDouble();
        result << s;
    }
    if (q.lastError().isValid()) {
        m_lastError = DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return {};
    }
    return result;
}

bool RunStore::setLoggedParam(const QString& id, const QString& name, const QString& value)
{
    const RunParam param = RunParam::fromText(name, value, RunParam::loggedSource());
    QSqlQuery q(m_workspace.database());
    // A logged param never replaces a script param of the same name: the command line the run was given is
    // what it ran with. Logged ones come after the script params, in the order first logged.
    q.prepare(QStringLiteral(
        "INSERT INTO run_params (run_id, name, position, value, number, source) "
        "VALUES (?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM run_params WHERE run_id = ?), ?, ?, ?) "
        "ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value, number = excluded.number "
        "WHERE run_params.source = excluded.source"));
    q.addBindValue(id);
    q.addBindValue(param.name);
    q.addBindValue(id);
    q.addBindValue(param.value);
    q.addBindValue(param.number ? QVariant(*param.number) : QVariant(QMetaType(QMetaType::Double)));
    q.addBindValue(param.source);
    return exec(q, QStringLiteral("cannot record parameter %1 of run %2").arg(name, id));
}

QVector<RunParam> RunStore::params(const QString& id, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT name, value, number, source FROM run_params WHERE run_id = ? ORDER BY position"));
    q.addBindValue(id);
    const QString action = QStringLiteral("cannot read the parameters of run %1").arg(id);
    QVector<RunParam> result;
    if (!exec(q, action, error))
        return result;
    while (q.next()) {
        RunParam param;
        param.name = q.value(0).toString();
        param.value = q.value(1).toString();
        if (!q.value(2).isNull())
            param.number = q.value(2).toDouble();
        param.source = q.value(3).toString();
        result << param;
    }
    if (q.lastError().isValid()) {
        m_lastError = DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return {};
    }
    return result;
}
