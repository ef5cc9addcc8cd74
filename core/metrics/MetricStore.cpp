#include "metrics/MetricStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace {

// Metrics live in the private workspace: new files and folders are owner-only, whatever the umask.
constexpr QFileDevice::Permissions kOwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerOnlyFolder = kOwnerOnlyFile | QFileDevice::ExeOwner;

static_assert(sizeof(qint64) == 8 && sizeof(double) == 8, "metric records assume 64-bit fields");

void encodeRecord(char* out, qint64 step, double value, double time)
{
    quint64 bits[3];
    bits[0] = quint64(step);
    std::memcpy(&bits[1], &value, 8);
    std::memcpy(&bits[2], &time, 8);
    for (quint64& b : bits)
        b = qToLittleEndian(b);
    std::memcpy(out, bits, 24);
}

MetricPoint decodeRecord(const char* in)
{
    quint64 bits[3];
    std::memcpy(bits, in, 24);
    MetricPoint p;
    p.step = qint64(qFromLittleEndian(bits[0]));
    const quint64 v = qFromLittleEndian(bits[1]);
    const quint64 t = qFromLittleEndian(bits[2]);
    std::memcpy(&p.value, &v, 8);
    std::memcpy(&p.time, &t, 8);
    return p;
}

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

} // namespace

MetricStore::MetricStore(const QString& metricsDir)
    : m_dir(metricsDir)
{
    open();
}

MetricStore::~MetricStore()
{
    flush(nullptr);
}

void MetricStore::open()
{
    if (!QDir().mkpath(m_dir)) {
        m_openError = QStringLiteral("cannot create metrics folder %1").arg(m_dir);
        return;
    }
    QFile(m_dir).setPermissions(kOwnerOnlyFolder);
    QFile index(QDir(m_dir).filePath(MetricStoreFormat::indexFileName()));
    if (!index.exists()) {
        if (!index.open(QIODevice::WriteOnly, kOwnerOnlyFile)) {
            m_openError = QStringLiteral("cannot create %1: %2").arg(index.fileName(), index.errorString());
            return;
        }
        char header[MetricStoreFormat::kIndexHeaderSize];
        std::memcpy(header, MetricStoreFormat::kIndexMagic, 4);
        qToLittleEndian(MetricStoreFormat::kIndexVersion, header + 4);
        index.write(header, sizeof header);
        return;
    }
    if (!index.open(QIODevice::ReadWrite)) {
        m_openError = QStringLiteral("cannot open %1: %2").arg(index.fileName(), index.errorString());
        return;
    }
    // The index holds names only (a few KB even for thousands of series), so reading it whole is fine.
    const QByteArray data = index.readAll();
    if (data.size() < MetricStoreFormat::kIndexHeaderSize) {
        // A header cut short by a crash: rewrite it.
        index.resize(0);
        char header[MetricStoreFormat::kIndexHeaderSize];
        std::memcpy(header, MetricStoreFormat::kIndexMagic, 4);
        qToLittleEndian(MetricStoreFormat::kIndexVersion, header + 4);
        index.seek(0);
        index.write(header, sizeof header);
        return;
    }
    if (std::memcmp(data.constData(), MetricStoreFormat::kIndexMagic, 4) != 0) {
        m_openError = QStringLiteral("%1 is not a Trainyard metric index").arg(index.fileName());
        return;
    }
    const quint32 version = qFromLittleEndian<quint32>(data.constData() + 4);
    if (version != MetricStoreFormat::kIndexVersion) {
        m_openError = QStringLiteral("%1 has unsupported version %2").arg(index.fileName()).arg(version);
        return;
    }
    qsizetype pos = MetricStoreFormat::kIndexHeaderSize;
    while (pos + 4 <= data.size()) {
        const quint32 len = qFromLittleEndian<quint32>(data.constData() + pos);
        if (len == 0 || len > quint32(MetricStoreFormat::kMaxNameBytes) || pos + 4 + qsizetype(len) > data.size())
            break;
        Series s;
        s.name = QString::fromUtf8(data.constData() + pos + 4, len);
        const int idx = m_series.size();
        if (!m_indexByName.contains(s.name))
            m_indexByName.insert(s.name, idx);
        m_series.append(s);
        pos += 4 + len;
    }
    if (pos != data.size())
        index.resize(pos); // drop a record the previous writer did not finish

    for (int i = 0; i < m_series.size(); ++i) {
        Series& s = m_series[i];
        QFile bin(QDir(m_dir).filePath(MetricStoreFormat::seriesFileName(i)));
        if (!bin.open(QIODevice::ReadWrite))
            continue;
        qint64 size = bin.size();
        if (size % MetricStoreFormat::kRecordSize != 0) {
            size -= size % MetricStoreFormat::kRecordSize;
            bin.resize(size);
        }
        s.flushedCount = size / MetricStoreFormat::kRecordSize;
        // The range of the points already there, read once in bounded chunks, so that a continued store's
        // summaries cover the whole series.
        constexpr qint64 kChunkRecords = 16384;
        qint64 done = 0;
        while (done < s.flushedCount && bin.seek(done * MetricStoreFormat::kRecordSize)) {
            const qint64 records = std::min(kChunkRecords, s.flushedCount - done);
            const QByteArray chunk = bin.read(records * MetricStoreFormat::kRecordSize);
            if (chunk.size() != records * MetricStoreFormat::kRecordSize)
                break;
            for (qint64 r = 0; r < records; ++r)
                s.include(decodeRecord(chunk.constData() + r * MetricStoreFormat::kRecordSize).value);
            done += records;
        }
        if (s.flushedCount > 0 && bin.seek(size - MetricStoreFormat::kRecordSize)) {
            const QByteArray rec = bin.read(MetricStoreFormat::kRecordSize);
            if (rec.size() == MetricStoreFormat::kRecordSize) {
                s.last = decodeRecord(rec.constData());
                s.hasLast = true;
                s.nextStep = s.last.step + 1;
            }
        }
    }
}

std::optional<QString> MetricStore::validatedName(const QString& name, QString* error)
{
    // Find the trimmed bounds without copying, so a huge name costs only the check.
    qsizetype begin = 0;
    qsizetype end = name.size();
    while (begin < end && name.at(begin).isSpace())
        ++begin;
    while (end > begin && name.at(end - 1).isSpace())
        --end;
    const qsizetype units = end - begin;
    if (units == 0) {
        setError(error, QStringLiteral("metric name is empty"));
        return std::nullopt;
    }
    // Every UTF-16 unit is at least one UTF-8 byte, so this bound rejects long names before converting.
    if (units > MetricStoreFormat::kMaxNameBytes) {
        setError(error, QStringLiteral("metric name is longer than %1 bytes (%2 characters)")
                            .arg(MetricStoreFormat::kMaxNameBytes)
                            .arg(units));
        return std::nullopt;
    }
    QString trimmed = name.mid(begin, units);
    const qsizetype bytes = trimmed.toUtf8().size();
    if (bytes > MetricStoreFormat::kMaxNameBytes) {
        setError(error, QStringLiteral("metric name \"%1…\" is %2 UTF-8 bytes; the limit is %3")
                            .arg(trimmed.left(32))
                            .arg(bytes)
                            .arg(MetricStoreFormat::kMaxNameBytes));
        return std::nullopt;
    }
    return trimmed;
}

int MetricStore::seriesIndexFor(const QString& name, QString* error)
{
    if (m_lastSeries >= 0 && m_series[m_lastSeries].name == name)
        return m_lastSeries;
    auto it = m_indexByName.constFind(name);
    if (it != m_indexByName.constEnd())
        return m_lastSeries = it.value();
    const std::optional<QString> valid = validatedName(name, error);
    if (!valid)
        return -1;
    it = m_indexByName.constFind(*valid);
    if (it != m_indexByName.constEnd())
        return m_lastSeries = it.value();

    const int idx = m_series.size();
    Series s;
    s.name = *valid;
    m_series.append(s);
    m_indexByName.insert(*valid, idx);
    const QByteArray utf8 = valid->toUtf8();
    char len[4];
    qToLittleEndian(quint32(utf8.size()), len);
    m_pendingIndex.append(len, 4);
    m_pendingIndex.append(utf8);
    return m_lastSeries = idx;
}

bool MetricStore::append(const QString& name, std::optional<qint64> step, double value, double time,
                         QString* error)
{
    if (!m_openError.isEmpty()) {
        setError(error, m_openError);
        return false;
    }
    const int idx = seriesIndexFor(name, error);
    if (idx < 0)
        return false;
    Series& s = m_series[idx];
    MetricPoint p;
    p.step = step ? *step : s.nextStep;
    p.value = value;
    p.time = time;
    const qsizetype at = s.pending.size();
    s.pending.resize(at + MetricStoreFormat::kRecordSize);
    encodeRecord(s.pending.data() + at, p.step, p.value, p.time);
    s.last = p;
    s.hasLast = true;
    s.nextStep = p.step + 1;
    s.include(value);
    if (++m_bufferedPoints >= kAutoFlushPoints)
        return flush(error);
    return true;
}

bool MetricStore::flush(QString* error)
{
    if (!m_openError.isEmpty()) {
        setError(error, m_openError);
        return false;
    }
    const QDir dir(m_dir);
    // Names first: a data file must never exist for an index the names file does not know yet, or a
    // crash between the two writes would make the next writer reuse that index for another name.
    if (!m_pendingIndex.isEmpty()) {
        QFile index(dir.filePath(MetricStoreFormat::indexFileName()));
        if (!index.open(QIODevice::WriteOnly | QIODevice::Append)
            || index.write(m_pendingIndex) != m_pendingIndex.size()) {
            setError(error, QStringLiteral("cannot write %1: %2").arg(index.fileName(), index.errorString()));
            return false;
        }
        m_pendingIndex.clear();
    }
    for (int i = 0; i < m_series.size(); ++i) {
        Series& s = m_series[i];
        if (s.pending.isEmpty())
            continue;
        QFile bin(dir.filePath(MetricStoreFormat::seriesFileName(i)));
        if (!bin.open(QIODevice::WriteOnly | QIODevice::Append, kOwnerOnlyFile)) {
            setError(error, QStringLiteral("cannot open %1: %2").arg(bin.fileName(), bin.errorString()));
            return false;
        }
        const qint64 written = bin.write(s.pending);
        if (written != s.pending.size()) {
            setError(error, QStringLiteral("cannot write %1: %2").arg(bin.fileName(), bin.errorString()));
            // Keep what did not make it; a partially written record is cut off by the next open.
            return false;
        }
        const qint64 points = s.pending.size() / MetricStoreFormat::kRecordSize;
        s.flushedCount += points;
        m_bufferedPoints -= points;
        s.pending.clear();
    }
    return true;
}

QVector<MetricSeriesSummary> MetricStore::summaries() const
{
    QVector<MetricSeriesSummary> out;
    out.reserve(m_series.size());
    for (const Series& s : m_series) {
        MetricSeriesSummary sum;
        sum.name = s.name;
        sum.count = s.flushedCount + s.pending.size() / MetricStoreFormat::kRecordSize;
        sum.last = s.last;
        sum.min = s.min;
        sum.max = s.max;
        out.append(sum);
    }
    return out;
}
