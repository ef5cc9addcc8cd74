#include "targets/slurm/SlurmJobState.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>

SlurmJobState::Phase SlurmJobState::phaseOf(const QString& state)
{
    static const QHash<QString, Phase> phases{
        {QStringLiteral("PENDING"), Phase::Queued},
        // A requeued job waits in the queue again; held ones wait for someone to release them.
        {QStringLiteral("REQUEUED"), Phase::Queued},
        {QStringLiteral("REQUEUE_HOLD"), Phase::Queued},
        {QStringLiteral("REQUEUE_FED"), Phase::Queued},
        {QStringLiteral("RESV_DEL_HOLD"), Phase::Queued},
        {QStringLiteral("CONFIGURING"), Phase::Starting},
        {QStringLiteral("RUNNING"), Phase::Running},
        {QStringLiteral("COMPLETING"), Phase::Running},
        {QStringLiteral("SUSPENDED"), Phase::Running},
        {QStringLiteral("STOPPED"), Phase::Running},
        {QStringLiteral("SIGNALING"), Phase::Running},
        {QStringLiteral("STAGE_OUT"), Phase::Running},
        {QStringLiteral("RESIZING"), Phase::Running},
        {QStringLiteral("COMPLETED"), Phase::Completed},
        {QStringLiteral("FAILED"), Phase::Failed},
        {QStringLiteral("TIMEOUT"), Phase::Failed},
        {QStringLiteral("OUT_OF_MEMORY"), Phase::Failed},
        {QStringLiteral("NODE_FAIL"), Phase::Failed},
        {QStringLiteral("PREEMPTED"), Phase::Failed},
        {QStringLiteral("BOOT_FAIL"), Phase::Failed},
        {QStringLiteral("DEADLINE"), Phase::Failed},
        {QStringLiteral("REVOKED"), Phase::Failed},
        {QStringLiteral("SPECIAL_EXIT"), Phase::Failed},
        {QStringLiteral("CANCELLED"), Phase::Canceled},
    };
    return phases.value(state.trimmed().toUpper(), Phase::Unknown);
}

SlurmJobState::Phase SlurmJobState::phase() const
{
    return phaseOf(state);
}

bool SlurmJobState::isTerminal() const
{
    const Phase p = phase();
    return p == Phase::Completed || p == Phase::Failed || p == Phase::Canceled;
}

QString SlurmJobState::failureReason() const
{
    static const QHash<QString, QString> reasons{
        {QStringLiteral("TIMEOUT"), QStringLiteral("time limit")},
        {QStringLiteral("OUT_OF_MEMORY"), QStringLiteral("out of memory")},
        {QStringLiteral("NODE_FAIL"), QStringLiteral("node failure")},
        {QStringLiteral("PREEMPTED"), QStringLiteral("preempted")},
        {QStringLiteral("BOOT_FAIL"), QStringLiteral("node boot failure")},
        {QStringLiteral("DEADLINE"), QStringLiteral("deadline reached")},
        {QStringLiteral("REVOKED"), QStringLiteral("revoked by the federation")},
        {QStringLiteral("SPECIAL_EXIT"), QStringLiteral("special exit")},
    };
    return reasons.value(state.toUpper());
}

QString SlurmJobState::queuedReason() const
{
    const QString r = reason.trimmed();
    if (r.isEmpty() || r == QLatin1String("None") || r == QLatin1String("(null)"))
        return QStringLiteral("queued");
    return QStringLiteral("queued: ") + r;
}

void SlurmJobState::parseExitCode(const QString& text, SlurmJobState* into)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+):(\\d+)$"));
    const auto m = pattern.match(text.trimmed());
    if (!m.hasMatch())
        return;
    into->exitCode = m.captured(1).toInt();
    const int signal = m.captured(2).toInt();
    into->exitSignal = signal ? std::optional<int>(signal) : std::nullopt;
}

namespace {
// sacct writes "CANCELLED by 0"; squeue and scontrol the word alone.
QString baseState(const QString& text)
{
    return text.trimmed().section(QLatin1Char(' '), 0, 0).toUpper();
}
} // namespace

std::optional<SlurmJobState> SlurmJobState::fromScontrol(const QByteArray& output)
{
    const QString text = QString::fromUtf8(output).trimmed();
    // Key=Value words; values with spaces (Command=, Comment=) do not concern the keys read here, which are
    // matched at a word start.
    const auto field = [&text](const QString& key) -> std::optional<QString> {
        const QRegularExpression pattern(QStringLiteral("(?:^|\\s)%1=(\\S*)").arg(key));
        const auto m = pattern.match(text);
        return m.hasMatch() ? std::optional<QString>(m.captured(1)) : std::nullopt;
    };
    const auto id = field(QStringLiteral("JobId"));
    const auto state = field(QStringLiteral("JobState"));
    if (!id || !state)
        return std::nullopt;
    SlurmJobState result;
    result.jobId = *id;
    result.state = baseState(*state);
    result.reason = field(QStringLiteral("Reason")).value_or(QString());
    const QString nodes = field(QStringLiteral("NodeList")).value_or(QString());
    result.nodes = nodes == QLatin1String("(null)") ? QString() : nodes;
    parseExitCode(field(QStringLiteral("ExitCode")).value_or(QString()), &result);
    return result;
}

std::optional<SlurmJobState> SlurmJobState::fromSacct(const QByteArray& output, const QString& jobId)
{
    for (const QByteArray& raw : output.split('\n')) {
        const QStringList fields = QString::fromUtf8(raw).trimmed().split(QLatin1Char('|'));
        if (fields.size() < 3 || fields.at(0) != jobId)
            continue;
        SlurmJobState result;
        result.jobId = jobId;
        result.state = baseState(fields.at(1));
        parseExitCode(fields.at(2), &result);
        if (fields.size() > 3)
            result.reason = fields.at(3).trimmed();
        return result;
    }
    return std::nullopt;
}

bool SlurmJobState::saysInvalidJob(const QByteArray& text)
{
    return text.contains("Invalid job id specified");
}

bool SlurmJobState::saysAccountingDisabled(const QByteArray& text)
{
    return text.contains("accounting storage is disabled");
}
