#include "targets/slurm/SlurmQueue.h"

#include "targets/slurm/SlurmCommands.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QThread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {
constexpr int kSqueueTimeoutMs = 30000;
constexpr qint64 kSlowAnswerMs = 3000;
constexpr qint64 kMaxPenaltyMs = 120000;
// A job file nobody refreshed for this long, of a job squeue no longer lists, belongs to a runner that died;
// a living one registers its job again at its next look.
constexpr qint64 kStaleRegistrationMs = 10 * 60 * 1000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

class LockFile
{
public:
    explicit LockFile(const QString& path)
        : m_fd(::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600))
    {
    }
    ~LockFile()
    {
        if (m_fd >= 0)
            ::close(m_fd); // releases the lock
    }
    // Waits for the lock at most timeoutMs (the holder is making an squeue call with a time limit).
    bool lock(int timeoutMs)
    {
        if (m_fd < 0)
            return false;
        for (int waited = 0;; waited += 20) {
            if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0)
                return true;
            if (waited >= timeoutMs)
                return false;
            QThread::msleep(20);
        }
    }

private:
    int m_fd;
};
} // namespace

SlurmQueue::SlurmQueue(const QString& stateDir, const SlurmCommands& commands)
    : m_dir(stateDir), m_commands(commands)
{
}

void SlurmQueue::registerJob(const QString& jobId)
{
    QDir().mkpath(m_dir + QStringLiteral("/jobs"));
    QFile file(m_dir + QStringLiteral("/jobs/") + jobId);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QByteArray::number(nowMs()));
}

void SlurmQueue::unregisterJob(const QString& jobId)
{
    QFile::remove(m_dir + QStringLiteral("/jobs/") + jobId);
}

QStringList SlurmQueue::registeredJobs() const
{
    QStringList ids = QDir(m_dir + QStringLiteral("/jobs")).entryList(QDir::Files);
    // Numeric order keeps the call's argument the same from poll to poll.
    std::sort(ids.begin(), ids.end(),
              [](const QString& a, const QString& b) { return a.toLongLong() < b.toLongLong(); });
    return ids;
}

QStringList SlurmQueue::squeueArguments(const QStringList& jobIds)
{
    // --states=all also lists jobs that ended, for as long as the controller keeps them (MinJobAge).
    return {QStringLiteral("squeue"), QStringLiteral("--noheader"), QStringLiteral("--states=all"),
            QStringLiteral("--format=%i|%T|%N|%r"),
            QStringLiteral("--jobs=") + jobIds.join(QLatin1Char(','))};
}

QHash<QString, SlurmJobState> SlurmQueue::parseSqueue(const QByteArray& output)
{
    QHash<QString, SlurmJobState> jobs;
    for (const QByteArray& raw : output.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        // The reason comes last: it is the one field that may hold spaces.
        const QStringList fields = line.split(QLatin1Char('|'));
        if (fields.size() < 4)
            continue;
        SlurmJobState job;
        job.jobId = fields.at(0).trimmed();
        job.state = fields.at(1).trimmed().toUpper();
        job.nodes = fields.at(2).trimmed();
        job.reason = fields.mid(3).join(QLatin1Char('|')).trimmed();
        if (!job.jobId.isEmpty())
            jobs.insert(job.jobId, job);
    }
    return jobs;
}

std::optional<SlurmQueue::Cache> SlurmQueue::readCache() const
{
    QFile file(m_dir + QStringLiteral("/queue.json"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    if (o.isEmpty())
        return std::nullopt;
    Cache cache;
    cache.polledAtMs = o.value(QStringLiteral("polled_at_ms")).toInteger();
    cache.penaltyMs = o.value(QStringLiteral("penalty_ms")).toInteger();
    cache.error = o.value(QStringLiteral("error")).toString();
    for (const QJsonValue& id : o.value(QStringLiteral("asked")).toArray())
        cache.asked << id.toString();
    const QJsonObject jobs = o.value(QStringLiteral("jobs")).toObject();
    for (auto it = jobs.begin(); it != jobs.end(); ++it) {
        const QJsonObject j = it.value().toObject();
        SlurmJobState job;
        job.jobId = it.key();
        job.state = j.value(QStringLiteral("state")).toString();
        job.reason = j.value(QStringLiteral("reason")).toString();
        job.nodes = j.value(QStringLiteral("nodes")).toString();
        cache.jobs.insert(job.jobId, job);
    }
    return cache;
}

bool SlurmQueue::writeCache(const Cache& cache) const
{
    QJsonObject jobs;
    for (const SlurmJobState& job : cache.jobs)
        jobs.insert(job.jobId, QJsonObject{{QStringLiteral("state"), job.state},
                                           {QStringLiteral("reason"), job.reason},
                                           {QStringLiteral("nodes"), job.nodes}});
    const QJsonObject o{{QStringLiteral("polled_at_ms"), cache.polledAtMs},
                        {QStringLiteral("penalty_ms"), cache.penaltyMs},
                        {QStringLiteral("asked"), QJsonArray::fromStringList(cache.asked)},
                        {QStringLiteral("jobs"), jobs},
                        {QStringLiteral("error"), cache.error}};
    // Readers take the file without the lock: it is replaced whole, never seen half-written.
    QSaveFile file(m_dir + QStringLiteral("/queue.json"));
    return file.open(QIODevice::WriteOnly) &&
           file.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) >= 0 && file.commit();
}

SlurmQueue::Cache SlurmQueue::refresh(const Cache& previous)
{
    Cache cache;
    cache.asked = registeredJobs();
    const qint64 startedAt = nowMs();
    if (cache.asked.isEmpty()) {
        cache.polledAtMs = startedAt;
        return cache;
    }
    ++m_calls;
    const SlurmCommandResult result = m_commands.run(squeueArguments(cache.asked), kSqueueTimeoutMs);
    cache.polledAtMs = nowMs();
    const QByteArray said = result.err + result.out;
    if (result.ok()) {
        cache.jobs = parseSqueue(result.out);
    } else if (result.started && !result.timedOut && SlurmJobState::saysInvalidJob(result.err)) {
        // Asked for one job only, squeue fails when the controller has forgotten it: an answer, not an error.
    } else {
        cache.error = result.failure(QStringLiteral("squeue"));
    }
    // Slow or rate-limited answers make everyone wait longer before the next call, up to two minutes.
    const bool strained = result.elapsedMs > kSlowAnswerMs || result.timedOut ||
                          said.contains("rate limit") || said.contains("Rate limit") ||
                          said.contains("Socket timed out");
    cache.penaltyMs = strained ? qMin(kMaxPenaltyMs, qMax<qint64>(2 * result.elapsedMs,
                                                                  qMax<qint64>(5000, 2 * previous.penaltyMs)))
                               : previous.penaltyMs / 2;
    if (cache.penaltyMs < 1000)
        cache.penaltyMs = 0;
    // Registrations of runners that died go once squeue has forgotten their jobs.
    for (const QString& id : cache.asked)
        if (cache.error.isEmpty() && !cache.jobs.contains(id)) {
            const QFileInfo info(m_dir + QStringLiteral("/jobs/") + id);
            if (info.lastModified().toMSecsSinceEpoch() < startedAt - kStaleRegistrationMs)
                QFile::remove(info.filePath());
        }
    return cache;
}

SlurmQueueAnswer SlurmQueue::answerFrom(const Cache& cache, const QString& jobId) const
{
    SlurmQueueAnswer answer;
    answer.polledAtMs = cache.polledAtMs;
    answer.error = cache.error;
    answer.answered = cache.error.isEmpty();
    answer.listed = cache.jobs.contains(jobId);
    if (answer.listed)
        answer.job = cache.jobs.value(jobId);
    return answer;
}

SlurmQueueAnswer SlurmQueue::lookup(const QString& jobId, qint64 notBeforeMs)
{
    QDir().mkpath(m_dir);
    const auto usable = [&](const Cache& cache) {
        // A controller under strain is asked again only after the penalty, whoever wants it sooner.
        const qint64 oldestAccepted = qMin(notBeforeMs, nowMs() - cache.penaltyMs);
        return cache.asked.contains(jobId) && cache.polledAtMs >= oldestAccepted;
    };
    if (!QFileInfo::exists(m_dir + QStringLiteral("/jobs/") + jobId))
        registerJob(jobId);
    if (const auto cache = readCache(); cache && usable(*cache)) {
        m_penaltyMs = cache->penaltyMs;
        return answerFrom(*cache, jobId);
    }
    LockFile lock(m_dir + QStringLiteral("/queue.lock"));
    if (!lock.lock(kSqueueTimeoutMs + 10000)) {
        SlurmQueueAnswer answer;
        answer.error =
            QStringLiteral("another runner has held the Slurm queue lock of this target for over 40 s");
        return answer;
    }
    // Whoever held the lock may just have made the call this one needs.
    const Cache previous = readCache().value_or(Cache{});
    if (usable(previous)) {
        m_penaltyMs = previous.penaltyMs;
        return answerFrom(previous, jobId);
    }
    const Cache fresh = refresh(previous);
    m_penaltyMs = fresh.penaltyMs;
    if (!writeCache(fresh)) {
        SlurmQueueAnswer answer = answerFrom(fresh, jobId);
        return answer; // this runner still has the answer; the others call again
    }
    return answerFrom(fresh, jobId);
}
