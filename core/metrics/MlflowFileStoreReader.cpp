#include "metrics/MlflowFileStoreReader.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace {

constexpr qint64 kMaxBytesPerFile = 1024 * 1024;

struct RunMeta {
    QString id;
    QString name;
    qint64 startTime = 0;
};

QString yamlScalar(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && ((value.startsWith(QLatin1Char('\'')) && value.endsWith(QLatin1Char('\''))) ||
                              (value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))))
        value = value.mid(1, value.size() - 2);
    return value == QLatin1String("null") ? QString() : value;
}

// meta.yaml is a flat mapping that MLflow writes with yaml.safe_dump; only three keys matter here. A file
// still being written (no run id or start time yet) is taken at a later poll.
std::optional<RunMeta> readMeta(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > 1024 * 1024)
        return std::nullopt;
    RunMeta meta;
    bool haveStart = false;
    for (const QByteArray& raw : file.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw);
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0 || line.startsWith(QLatin1Char(' ')))
            continue;
        const QString key = line.left(colon);
        const QString value = yamlScalar(line.mid(colon + 1));
        if ((key == QLatin1String("run_id") || key == QLatin1String("run_uuid")) && meta.id.isEmpty())
            meta.id = value;
        else if (key == QLatin1String("run_name") && meta.name.isEmpty())
            meta.name = value;
        else if (key == QLatin1String("start_time") && !haveStart)
            meta.startTime = value.toLongLong(&haveStart);
    }
    if (meta.id.isEmpty() || !haveStart)
        return std::nullopt;
    return meta;
}

bool parseNumber(QByteArrayView text, double& out)
{
    const QByteArray lower = text.toByteArray().toLower();
    if (lower == "nan" || lower == "-nan") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (lower == "inf" || lower == "+inf" || lower == "infinity") {
        out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (lower == "-inf" || lower == "-infinity") {
        out = -std::numeric_limits<double>::infinity();
        return true;
    }
    bool ok = false;
    out = lower.toDouble(&ok);
    return ok;
}

// Every file under `folder`, by its key (its path below the folder, '/'-separated as MLflow's keys are).
QVector<QPair<QString, QFileInfo>> filesByKey(const QString& folder)
{
    QVector<QPair<QString, QFileInfo>> files;
    QDirIterator it(folder, QDir::Files | QDir::NoSymLinks, QDirIterator::Subdirectories);
    const QDir base(folder);
    while (it.hasNext()) {
        it.next();
        files.append({base.relativeFilePath(it.filePath()), it.fileInfo()});
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return files;
}

} // namespace

MlflowFileStoreReader::MlflowFileStoreReader(const QString& root) : m_root(root) {}

qint64 MlflowFileStoreReader::malformedLines() const
{
    qint64 n = m_malformed;
    for (const auto& [folder, run] : m_runs)
        for (const auto& [key, tail] : run.metrics)
            n += tail.overlongLines();
    return n;
}

bool MlflowFileStoreReader::parseMetricLine(const char* begin, const char* end, MlflowMetricPoint& point)
{
    const QList<QByteArray> fields = QByteArray(begin, end - begin).trimmed().split(' ');
    if (fields.size() < 2)
        return false;
    bool ok = false;
    const qint64 timestamp = fields[0].toLongLong(&ok);
    if (!ok || !parseNumber(fields[1], point.value))
        return false;
    point.time = double(timestamp) / 1000.0;
    point.step = 0; // the file store's first format had no step; MLflow reads such points as step 0
    if (fields.size() >= 3) {
        point.step = fields[2].toLongLong(&ok);
        if (!ok)
            return false;
    }
    return true;
}

QString MlflowFileStoreReader::prefixFor(const QString& name, const QString& id) const
{
    const QString base = name.isEmpty() ? id.left(8) : name;
    // Two runs of the same name (a sweep that names every run alike) stay apart by their ids.
    for (const auto& [folder, run] : m_runs)
        if (run.prefix == base + QLatin1Char('/'))
            return base + QLatin1Char('-') + id.left(8) + QLatin1Char('/');
    return base + QLatin1Char('/');
}

void MlflowFileStoreReader::scan()
{
    QVector<QPair<QString, RunMeta>> found;
    const QDir root(m_root);
    for (const QString& experiment :
         root.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Name)) {
        if (experiment.startsWith(QLatin1Char('.'))) // .trash
            continue;
        const QDir experimentDir(root.filePath(experiment));
        for (const QString& runFolder :
             experimentDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Name)) {
            const QString relative = experiment + QLatin1Char('/') + runFolder;
            if (m_runs.count(relative))
                continue;
            // Folders without a run's meta.yaml (MLflow 3's models/, an experiment's other records) are not
            // runs.
            if (const auto meta = readMeta(experimentDir.filePath(runFolder) + QStringLiteral("/meta.yaml")))
                found.append({relative, *meta});
        }
    }
    // Several runs that appear in one poll: the one started first is the own run when there is none yet.
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.second.startTime != b.second.startTime ? a.second.startTime < b.second.startTime
                                                        : a.second.id < b.second.id;
    });
    for (const auto& [relative, meta] : found) {
        MlflowRun run;
        run.id = meta.id;
        run.folder = relative;
        run.name = meta.name;
        if (m_ownRun.isEmpty())
            m_ownRun = meta.id;
        if (meta.id != m_ownRun)
            run.prefix = prefixFor(meta.name, meta.id);
        else
            m_pendingName = meta.name.simplified();
        m_runs.emplace(relative, std::move(run));
    }
}

MlflowFileStoreReader::Batch MlflowFileStoreReader::poll()
{
    Batch batch;
    if (!m_hasMore)
        scan();
    m_hasMore = false;
    qint64 budget = kMaxBytesPerPoll;
    batch.displayName = std::exchange(m_pendingName, QString());
    for (auto& [folder, run] : m_runs) {
        readRun(run, batch, budget);
        if (budget <= 0) {
            m_hasMore = true;
            break;
        }
    }
    return batch;
}

void MlflowFileStoreReader::readRun(MlflowRun& run, Batch& batch, qint64& budget)
{
    const QString runDir = m_root + QLatin1Char('/') + run.folder;
    readValues(runDir + QStringLiteral("/params"), run.params, batch.params, run, batch, false);
    readValues(runDir + QStringLiteral("/tags"), run.tags, batch.tags, run, batch, true);
    for (const auto& [key, info] : filesByKey(runDir + QStringLiteral("/metrics"))) {
        auto it = run.metrics.find(key);
        if (it == run.metrics.end()) {
            it = run.metrics.emplace(key, JsonLinesTail(info.filePath(), kMaxLineBytes, kMaxBytesPerFile))
                     .first;
            it->second.setOffset(m_restoredOffsets.take(run.folder + QStringLiteral("/metrics/") + key));
        }
        JsonLinesTail& tail = it->second;
        // The listing already knows the size: a file with nothing new is not opened (thousands per second).
        if (info.size() == tail.offset())
            continue;
        const QString name = run.prefix + key;
        do {
            const qint64 before = tail.offset();
            tail.poll([&](const char* begin, const char* end) {
                MlflowMetricPoint point;
                if (!parseMetricLine(begin, end, point)) {
                    if (begin != end)
                        ++m_malformed;
                    return;
                }
                point.name = name;
                batch.metrics.append(point);
            });
            budget -= qMax<qint64>(0, tail.offset() - before);
        } while (tail.hasMore() && budget > 0);
        if (budget <= 0)
            return;
    }
}

void MlflowFileStoreReader::readValues(const QString& folder, QHash<QString, ValueFile>& seen,
                                       QVector<QPair<QString, QString>>& out, const MlflowRun& run,
                                       Batch& batch, bool tags)
{
    for (const auto& [key, info] : filesByKey(folder)) {
        ValueFile& state = seen[key];
        const qint64 modified = info.lastModified().toMSecsSinceEpoch();
        if (state.size == info.size() && state.modified == modified)
            continue;
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue; // the next poll tries again
        state.size = info.size();
        state.modified = modified;
        if (info.size() > kMaxValueBytes) {
            ++m_malformed;
            continue;
        }
        const QString value = QString::fromUtf8(file.readAll());
        if (tags && key.startsWith(QLatin1String("mlflow."))) {
            // MLflow's own bookkeeping (user, source, git commit, model history); its run name is the name.
            if (key == QLatin1String("mlflow.runName") && run.id == m_ownRun && !value.trimmed().isEmpty())
                batch.displayName = value.simplified();
            continue;
        }
        out.append({run.prefix + key, value});
    }
}

QHash<QString, qint64> MlflowFileStoreReader::offsets() const
{
    QHash<QString, qint64> result = m_restoredOffsets; // files not seen again yet keep their offsets
    for (const auto& [folder, run] : m_runs)
        for (const auto& [key, tail] : run.metrics)
            result.insert(folder + QStringLiteral("/metrics/") + key, tail.offset());
    return result;
}

void MlflowFileStoreReader::restore(const QHash<QString, qint64>& offsets, const QString& ownRun)
{
    m_restoredOffsets = offsets;
    m_ownRun = ownRun;
}
