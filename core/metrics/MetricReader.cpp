#include "metrics/MetricReader.h"

#include "metrics/MetricStore.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>

#include <cerrno>
#include <unistd.h>

namespace {

constexpr qint64 kRecord = MetricStoreFormat::kRecordSize;

inline qint64 stepAt(const uchar* rec)
{
    return qFromLittleEndian<qint64>(rec);
}

inline double doubleAt(const uchar* p)
{
    const quint64 bits = qFromLittleEndian<quint64>(p);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
}

inline MetricPoint pointAt(const uchar* base, qint64 i)
{
    const uchar* rec = base + i * kRecord;
    MetricPoint p;
    p.step = stepAt(rec);
    p.value = doubleAt(rec + 8);
    p.time = doubleAt(rec + 16);
    return p;
}

inline double xAt(const uchar* base, qint64 i, bool byTime)
{
    const uchar* rec = base + i * kRecord;
    return byTime ? doubleAt(rec + 16) : double(stepAt(rec));
}

} // namespace

MetricReader::MetricReader(const QString& metricsDir)
    : m_dir(metricsDir)
{
    refresh();
}

MetricReader::~MetricReader() = default; // QFile unmaps on destruction

void MetricReader::refresh()
{
    readNewNames();
    for (size_t i = 0; i < m_series.size(); ++i)
        remap(m_series[i], int(i));
}

void MetricReader::readNewNames()
{
    QFile index(QDir(m_dir).filePath(MetricStoreFormat::indexFileName()));
    if (!index.open(QIODevice::ReadOnly))
        return; // the writer has not created the store yet
    const qint64 size = index.size();
    if (m_indexOffset == 0) {
        if (size < MetricStoreFormat::kIndexHeaderSize)
            return;
        const QByteArray header = index.read(MetricStoreFormat::kIndexHeaderSize);
        if (header.size() != MetricStoreFormat::kIndexHeaderSize
            || std::memcmp(header.constData(), MetricStoreFormat::kIndexMagic, 4) != 0
            || qFromLittleEndian<quint32>(header.constData() + 4) != MetricStoreFormat::kIndexVersion)
            return; // not a store we understand: show nothing rather than garbage
        m_indexOffset = MetricStoreFormat::kIndexHeaderSize;
    }
    if (size <= m_indexOffset || !index.seek(m_indexOffset))
        return;
    // Only the new tail is read; it holds whole names, so it is small.
    const QByteArray tail = index.read(size - m_indexOffset);
    qsizetype pos = 0;
    while (pos + 4 <= tail.size()) {
        const quint32 len = qFromLittleEndian<quint32>(tail.constData() + pos);
        if (len == 0 || len > quint32(MetricStoreFormat::kMaxNameBytes))
            break; // corrupt; stop here rather than misread everything after
        if (pos + 4 + qsizetype(len) > tail.size())
            break; // a record still being written
        Series s;
        s.name = QString::fromUtf8(tail.constData() + pos + 4, len);
        if (!m_indexByName.contains(s.name))
            m_indexByName.insert(s.name, int(m_series.size()));
        m_series.push_back(std::move(s));
        pos += 4 + len;
    }
    m_indexOffset += pos;
}

void MetricReader::remap(Series& series, int index)
{
    if (!series.file) {
        series.file = std::make_unique<QFile>(QDir(m_dir).filePath(MetricStoreFormat::seriesFileName(index)));
        if (!series.file->open(QIODevice::ReadOnly)) {
            series.file.reset(); // not written yet; try again next refresh
            return;
        }
    }
    const qint64 records = series.file->size() / kRecord; // a partial trailing record is ignored
    if (records == series.count)
        return;
    if (series.data)
        series.file->unmap(const_cast<uchar*>(series.data));
    series.data = nullptr;
    series.count = 0;
    if (records <= 0)
        return;
    uchar* mapped = series.file->map(0, records * kRecord);
    if (!mapped)
        return;
    series.data = mapped;
    series.count = records;
}

const MetricReader::Series* MetricReader::find(const QString& name) const
{
    const auto it = m_indexByName.constFind(name);
    if (it == m_indexByName.constEnd())
        return nullptr;
    return &m_series[size_t(it.value())];
}

QStringList MetricReader::names() const
{
    QStringList out;
    out.reserve(int(m_series.size()));
    for (const Series& s : m_series)
        if (m_indexByName.value(s.name) == &s - m_series.data())
            out.append(s.name);
    return out;
}

QVector<MetricSeriesSummary> MetricReader::summaries() const
{
    QVector<MetricSeriesSummary> out;
    for (const Series& s : m_series) {
        if (m_indexByName.value(s.name) != &s - m_series.data())
            continue;
        MetricSeriesSummary sum;
        sum.name = s.name;
        sum.count = s.count;
        if (s.count > 0)
            sum.last = pointAt(s.data, s.count - 1);
        out.append(sum);
    }
    return out;
}

qint64 MetricReader::count(const QString& name) const
{
    const Series* s = find(name);
    return s ? s->count : 0;
}

QVector<MetricPoint> MetricReader::points(const QString& name, qint64 fromIndex) const
{
    const Series* s = find(name);
    QVector<MetricPoint> out;
    if (!s || !s->data)
        return out;
    fromIndex = std::max<qint64>(0, fromIndex);
    if (fromIndex >= s->count)
        return out;
    out.resize(s->count - fromIndex);
    for (qint64 i = fromIndex; i < s->count; ++i)
        out[i - fromIndex] = pointAt(s->data, i);
    return out;
}

bool MetricReader::readPoints(const QString& name,
                              const std::function<bool(const MetricPoint* points, qint64 count)>& consume,
                              QString* error, qint64 fromIndex) const
{
    const Series* s = find(name);
    if (!s || !s->file)
        return true; // a series without a file yet has no points
    const int fd = s->file->handle();
    std::vector<uchar> raw(size_t(kReadBatchPoints * kRecord));
    std::vector<MetricPoint> batch(static_cast<size_t>(kReadBatchPoints));
    for (qint64 next = std::max<qint64>(0, fromIndex); next < s->count;) {
        const qint64 wanted = std::min(kReadBatchPoints, s->count - next);
        qint64 got = 0; // bytes
        while (got < wanted * kRecord) {
            const ssize_t n = ::pread(fd, raw.data() + got, size_t(wanted * kRecord - got), off_t(next * kRecord + got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (error)
                    *error = QStringLiteral("cannot read metric \"%1\" from %2: %3")
                                 .arg(name, s->file->fileName(),
                                      n < 0 ? QString::fromLocal8Bit(std::strerror(errno)) : QStringLiteral("file shrank"));
                return false;
            }
            got += n;
        }
        for (qint64 i = 0; i < wanted; ++i)
            batch[size_t(i)] = pointAt(raw.data(), i);
        if (!consume(batch.data(), wanted))
            return true;
        next += wanted;
    }
    return true;
}

void MetricReader::checkOrder(const Series& series)
{
    if (series.orderChecked > series.count) { // the file was replaced by a shorter one: start over
        series.orderChecked = 0;
        series.stepsAscending = series.timesAscending = true;
        series.lastStep = series.lastTime = -std::numeric_limits<double>::infinity();
    }
    for (qint64 i = series.orderChecked; i < series.count && (series.stepsAscending || series.timesAscending); ++i) {
        const double step = xAt(series.data, i, false);
        const double time = xAt(series.data, i, true);
        // NaN compares false: a NaN x leaves the slow path in charge, which drops it.
        if (!(step >= series.lastStep))
            series.stepsAscending = false;
        if (!(time >= series.lastTime))
            series.timesAscending = false;
        series.lastStep = step;
        series.lastTime = time;
    }
    series.orderChecked = series.count;
}

QVector<MetricPoint> MetricReader::downsampled(const QString& name, int buckets, double xMin, double xMax,
                                               bool byTime) const
{
    const Series* s = find(name);
    QVector<MetricPoint> out;
    if (!s || !s->data || buckets <= 0 || !(xMin <= xMax))
        return out;
    const uchar* base = s->data;
    const qint64 n = s->count;

    checkOrder(*s);
    if (byTime ? s->timesAscending : s->stepsAscending) {
        // x never decreases: the range and each bucket are runs of consecutive records, found by binary
        // search; only the values inside are read, once. Same answer as the scan below, far less work.
        const auto firstAtLeast = [&](qint64 from, qint64 to, const auto& below) {
            while (from < to) {
                const qint64 mid = from + (to - from) / 2;
                if (below(mid))
                    from = mid + 1;
                else
                    to = mid;
            }
            return from;
        };
        const qint64 begin = firstAtLeast(0, n, [&](qint64 i) { return xAt(base, i, byTime) < xMin; });
        const qint64 end = firstAtLeast(begin, n, [&](qint64 i) { return xAt(base, i, byTime) <= xMax; });
        const qint64 inRange = end - begin;
        if (inRange <= 0)
            return out;
        if (inRange <= 4 * qint64(buckets)) {
            out.reserve(int(inRange));
            for (qint64 i = begin; i < end; ++i)
                out.append(pointAt(base, i));
            return out;
        }
        const double lo = xAt(base, begin, byTime);
        const double hi = xAt(base, end - 1, byTime);
        const double scale = hi > lo ? double(buckets) / (hi - lo) : 0.0;
        const auto bucketOf = [&](qint64 i) {
            return std::min(buckets - 1, int((xAt(base, i, byTime) - lo) * scale));
        };
        out.reserve(4 * buckets);
        for (qint64 first = begin; first < end;) {
            const int bucket = bucketOf(first);
            const qint64 next = firstAtLeast(first + 1, end, [&](qint64 i) { return bucketOf(i) == bucket; });
            qint64 minAt = -1;
            qint64 maxAt = -1;
            double minV = 0;
            double maxV = 0;
            for (qint64 i = first; i < next; ++i) {
                const double v = doubleAt(base + i * kRecord + 8);
                if (std::isnan(v))
                    continue;
                if (minAt < 0 || v < minV) {
                    minAt = i;
                    minV = v;
                }
                if (maxAt < 0 || v > maxV) {
                    maxAt = i;
                    maxV = v;
                }
            }
            // In record order, which is x order here; without repeats.
            qint64 picks[4] = {first, minAt, maxAt, next - 1};
            std::sort(picks, picks + 4);
            qint64 previous = -1;
            for (qint64 pick : picks) {
                if (pick < 0 || pick == previous)
                    continue;
                out.append(pointAt(base, pick));
                previous = pick;
            }
            first = next;
        }
        return out;
    }

    // Pass 1: how many points fall in the range, their real x extent, and whether x is already sorted
    // (it nearly always is; steps or times only go backwards when a script logs out of order).
    qint64 inRange = 0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool sorted = true;
    double prevX = -std::numeric_limits<double>::infinity();
    for (qint64 i = 0; i < n; ++i) {
        const double x = xAt(base, i, byTime);
        if (!(x >= xMin && x <= xMax)) // also drops NaN x
            continue;
        ++inRange;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        if (x < prevX)
            sorted = false;
        prevX = x;
    }
    if (inRange == 0)
        return out;

    const auto byX = [base, byTime](qint64 a, qint64 b) {
        const double xa = xAt(base, a, byTime);
        const double xb = xAt(base, b, byTime);
        return xa < xb || (xa == xb && a < b);
    };

    if (inRange <= 4 * qint64(buckets)) {
        std::vector<qint64> idx;
        idx.reserve(size_t(inRange));
        for (qint64 i = 0; i < n; ++i) {
            const double x = xAt(base, i, byTime);
            if (x >= xMin && x <= xMax)
                idx.push_back(i);
        }
        if (!sorted)
            std::stable_sort(idx.begin(), idx.end(), byX);
        out.reserve(int(idx.size()));
        for (qint64 i : idx)
            out.append(pointAt(base, i));
        return out;
    }

    // Pass 2: per bucket, the indices of the first and last point by x and of the min and max value.
    struct Bucket
    {
        qint64 first = -1, last = -1, min = -1, max = -1;
        double firstX = 0, lastX = 0, minV = 0, maxV = 0;
    };
    std::vector<Bucket> state(static_cast<size_t>(buckets));
    const double scale = hi > lo ? double(buckets) / (hi - lo) : 0.0;
    for (qint64 i = 0; i < n; ++i) {
        const uchar* rec = base + i * kRecord;
        const double x = byTime ? doubleAt(rec + 16) : double(stepAt(rec));
        if (!(x >= xMin && x <= xMax))
            continue;
        const double v = doubleAt(rec + 8);
        int b = int((x - lo) * scale);
        if (b >= buckets)
            b = buckets - 1;
        Bucket& k = state[size_t(b)];
        if (k.first < 0) {
            k.first = k.last = i;
            k.firstX = k.lastX = x;
        } else {
            if (x < k.firstX) {
                k.first = i;
                k.firstX = x;
            }
            if (x >= k.lastX) {
                k.last = i;
                k.lastX = x;
            }
        }
        if (!std::isnan(v)) {
            if (k.min < 0 || v < k.minV) {
                k.min = i;
                k.minV = v;
            }
            if (k.max < 0 || v > k.maxV) {
                k.max = i;
                k.maxV = v;
            }
        }
    }
    out.reserve(4 * buckets);
    for (const Bucket& k : state) {
        if (k.first < 0)
            continue;
        // At most four picks: an insertion sort by x, skipping missing and repeated ones.
        qint64 picks[4];
        int count = 0;
        for (qint64 candidate : {k.first, k.min, k.max, k.last}) {
            if (candidate < 0 || std::find(picks, picks + count, candidate) != picks + count)
                continue;
            int at = count++;
            while (at > 0 && byX(candidate, picks[at - 1])) {
                picks[at] = picks[at - 1];
                --at;
            }
            picks[at] = candidate;
        }
        for (int j = 0; j < count; ++j)
            out.append(pointAt(base, picks[j]));
    }
    return out;
}
