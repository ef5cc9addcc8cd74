#include "metrics/TensorBoardReader.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>

#include <cstring>

namespace {

struct Crc32cTable
{
    quint32 entries[256];
    Crc32cTable()
    {
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1; // Castagnoli polynomial, reflected
            entries[i] = c;
        }
    }
};

// A cursor over protobuf wire format; every read checks bounds, so hostile bytes end in `ok = false`.
struct ProtoReader
{
    const uchar* p;
    const uchar* end;
    bool ok = true;

    bool atEnd() const { return p >= end; }

    quint64 varint()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= end) {
                ok = false;
                return 0;
            }
            const uchar b = *p++;
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        ok = false;
        return 0;
    }
    quint64 fixed64()
    {
        if (end - p < 8) {
            ok = false;
            return 0;
        }
        const quint64 v = qFromLittleEndian<quint64>(p);
        p += 8;
        return v;
    }
    quint32 fixed32()
    {
        if (end - p < 4) {
            ok = false;
            return 0;
        }
        const quint32 v = qFromLittleEndian<quint32>(p);
        p += 4;
        return v;
    }
    // Returns the sub-range of a length-delimited field.
    ProtoReader bytes()
    {
        const quint64 len = varint();
        if (!ok || quint64(end - p) < len) {
            ok = false;
            return ProtoReader{end, end, false};
        }
        ProtoReader sub{p, p + len};
        p += len;
        return sub;
    }
    void skip(int wireType)
    {
        switch (wireType) {
        case 0: varint(); break;
        case 1: fixed64(); break;
        case 2: bytes(); break;
        case 5: fixed32(); break;
        default: ok = false; // groups (3, 4) are obsolete and never used by TensorBoard
        }
    }
};

double doubleFromBits(quint64 bits)
{
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
}

float floatFromBits(quint32 bits)
{
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// What a TensorProto holds, as far as telling a scalar from anything else needs: its type, its shape and its
// first float or double value.
struct TensorSummary
{
    quint64 dtype = 0;
    qint64 rank = 0;     // an absent shape is rank 0 (TensorShapeProto's default)
    qint64 elements = 1; // product of the dimensions; 1 for rank 0
    bool unknownRank = false;
    bool haveValue = false;
    double firstValue = 0;
};

constexpr quint64 kDtypeFloat = 1, kDtypeDouble = 2;

// TensorShapeProto: dim (2) repeated {size (1)}, unknown_rank (3).
bool decodeShape(ProtoReader r, TensorSummary& tensor)
{
    tensor.rank = 0;
    tensor.elements = 1;
    while (!r.atEnd() && r.ok) {
        const quint64 key = r.varint();
        const int field = int(key >> 3);
        const int wire = int(key & 7);
        if (field == 2 && wire == 2) {
            ProtoReader dim = r.bytes();
            qint64 size = 0;
            while (!dim.atEnd() && dim.ok) {
                const quint64 dkey = dim.varint();
                if ((dkey >> 3) == 1 && (dkey & 7) == 0)
                    size = qint64(dim.varint());
                else
                    dim.skip(int(dkey & 7));
            }
            if (!dim.ok)
                return false;
            ++tensor.rank;
            // -1 is an unknown size: not a single element either.
            tensor.elements = size < 0 ? -1 : (tensor.elements < 0 ? -1 : tensor.elements * size);
        } else if (field == 3 && wire == 0) {
            tensor.unknownRank = r.varint() != 0;
        } else {
            r.skip(wire);
        }
    }
    return r.ok;
}

// TensorProto: dtype (1), tensor_shape (2), tensor_content (4), float_val (5), double_val (6).
bool decodeTensor(ProtoReader r, TensorSummary& tensor)
{
    bool haveContent = false, haveFloat = false, haveDouble = false;
    QByteArray content;
    float firstFloat = 0;
    double firstDouble = 0;
    while (!r.atEnd() && r.ok) {
        const quint64 key = r.varint();
        const int field = int(key >> 3);
        const int wire = int(key & 7);
        if (field == 1 && wire == 0) {
            tensor.dtype = r.varint();
        } else if (field == 2 && wire == 2) {
            if (!decodeShape(r.bytes(), tensor))
                return false;
        } else if (field == 4 && wire == 2) {
            const ProtoReader b = r.bytes();
            if (!haveContent && b.ok) {
                content = QByteArray(reinterpret_cast<const char*>(b.p), qsizetype(qMin<ptrdiff_t>(b.end - b.p, 8)));
                haveContent = true;
            }
        } else if (field == 5 && wire == 2) { // packed floats
            ProtoReader b = r.bytes();
            if (!haveFloat && b.ok && b.end - b.p >= 4) {
                firstFloat = floatFromBits(b.fixed32());
                haveFloat = true;
            }
        } else if (field == 5 && wire == 5) {
            const float f = floatFromBits(r.fixed32());
            if (!haveFloat) {
                firstFloat = f;
                haveFloat = true;
            }
        } else if (field == 6 && wire == 2) { // packed doubles
            ProtoReader b = r.bytes();
            if (!haveDouble && b.ok && b.end - b.p >= 8) {
                firstDouble = doubleFromBits(b.fixed64());
                haveDouble = true;
            }
        } else if (field == 6 && wire == 1) {
            const double d = doubleFromBits(r.fixed64());
            if (!haveDouble) {
                firstDouble = d;
                haveDouble = true;
            }
        } else {
            r.skip(wire);
        }
    }
    if (!r.ok)
        return false;
    if (tensor.dtype == kDtypeFloat) {
        if (haveContent && content.size() >= 4) {
            tensor.firstValue = floatFromBits(qFromLittleEndian<quint32>(content.constData()));
            tensor.haveValue = true;
        } else if (haveFloat) {
            tensor.firstValue = firstFloat;
            tensor.haveValue = true;
        }
    } else if (tensor.dtype == kDtypeDouble) {
        if (haveContent && content.size() >= 8) {
            tensor.firstValue = doubleFromBits(qFromLittleEndian<quint64>(content.constData()));
            tensor.haveValue = true;
        } else if (haveDouble) {
            tensor.firstValue = firstDouble;
            tensor.haveValue = true;
        }
    }
    return true;
}

// SummaryMetadata: plugin_data (1) {plugin_name (1)}, data_class (4).
struct SummaryMetadata
{
    QString pluginName;
    quint64 dataClass = 0; // DATA_CLASS_UNKNOWN
};
constexpr quint64 kDataClassScalar = 1;

bool decodeMetadata(ProtoReader r, SummaryMetadata& metadata)
{
    while (!r.atEnd() && r.ok) {
        const quint64 key = r.varint();
        const int field = int(key >> 3);
        const int wire = int(key & 7);
        if (field == 1 && wire == 2) {
            ProtoReader plugin = r.bytes();
            while (!plugin.atEnd() && plugin.ok) {
                const quint64 pkey = plugin.varint();
                if ((pkey >> 3) == 1 && (pkey & 7) == 2) {
                    const ProtoReader name = plugin.bytes();
                    metadata.pluginName = QString::fromUtf8(reinterpret_cast<const char*>(name.p), qsizetype(name.end - name.p));
                } else {
                    plugin.skip(int(pkey & 7));
                }
            }
            if (!plugin.ok)
                return false;
        } else if (field == 4 && wire == 0) {
            metadata.dataClass = r.varint();
        } else {
            r.skip(wire);
        }
    }
    return r.ok;
}

// A tensor value is a scalar metric only when it holds exactly one float or double and nothing says it is
// something else: rank 0 (tf.summary.scalar, PyTorch's new-style add_scalar), or one element under the scalars
// plugin. A TF2 histogram is a [k,3] tensor of the "histograms" plugin: its first element is a bucket edge.
bool isScalarTensor(const TensorSummary& tensor, const SummaryMetadata& metadata)
{
    if (!tensor.haveValue || tensor.unknownRank || tensor.elements != 1)
        return false;
    const bool scalarPlugin = metadata.pluginName == QLatin1String("scalars") || metadata.dataClass == kDataClassScalar;
    if (!metadata.pluginName.isEmpty() && !scalarPlugin)
        return false; // histograms, images, audio, text, pr_curves, … whatever their shape
    return tensor.rank == 0 || scalarPlugin;
}

} // namespace

TensorBoardReader::TensorBoardReader(const QString& logsDir)
    : m_dir(logsDir)
{
}

quint32 TensorBoardReader::crc32c(const char* data, qsizetype n)
{
    static const Crc32cTable table;
    quint32 crc = 0xFFFFFFFFu;
    const auto* p = reinterpret_cast<const uchar*>(data);
    for (qsizetype i = 0; i < n; ++i)
        crc = table.entries[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

quint32 TensorBoardReader::maskedCrc32c(const char* data, qsizetype n)
{
    const quint32 crc = crc32c(data, n);
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

bool TensorBoardReader::decodeEvent(const char* data, qsizetype n, QVector<TensorBoardScalar>& out)
{
    const auto* begin = reinterpret_cast<const uchar*>(data);
    ProtoReader event{begin, begin + n};
    double wallTime = 0;
    qint64 step = 0;
    QVector<ProtoReader> summaries;
    while (!event.atEnd() && event.ok) {
        const quint64 key = event.varint();
        const int field = int(key >> 3);
        const int wire = int(key & 7);
        if (field == 1 && wire == 1)
            wallTime = doubleFromBits(event.fixed64());
        else if (field == 2 && wire == 0)
            step = qint64(event.varint());
        else if (field == 5 && wire == 2)
            summaries.append(event.bytes()); // step may come after the summary, so decode it later
        else
            event.skip(wire);
    }
    if (!event.ok)
        return false;
    QVector<TensorBoardScalar> found;
    for (ProtoReader summary : summaries) {
        while (!summary.atEnd() && summary.ok) {
            const quint64 key = summary.varint();
            if ((key >> 3) != 1 || (key & 7) != 2) {
                summary.skip(int(key & 7));
                continue;
            }
            ProtoReader value = summary.bytes();
            QString tag;
            bool haveSimpleValue = false;
            double simpleValue = 0;
            bool haveTensor = false;
            TensorSummary tensor;
            SummaryMetadata metadata;
            while (!value.atEnd() && value.ok) {
                const quint64 vkey = value.varint();
                const int field = int(vkey >> 3);
                const int wire = int(vkey & 7);
                if (field == 1 && wire == 2) {
                    const ProtoReader s = value.bytes();
                    tag = QString::fromUtf8(reinterpret_cast<const char*>(s.p), qsizetype(s.end - s.p));
                } else if (field == 2 && wire == 5) {
                    simpleValue = floatFromBits(value.fixed32());
                    haveSimpleValue = true;
                } else if (field == 8 && wire == 2) {
                    if (!decodeTensor(value.bytes(), tensor))
                        return false;
                    haveTensor = true;
                } else if (field == 9 && wire == 2) {
                    // The metadata may come before or after the tensor: decide once both are read.
                    // Metadata that does not decode says nothing about the value: judge by the tensor alone.
                    if (!decodeMetadata(value.bytes(), metadata))
                        metadata = SummaryMetadata{};
                } else {
                    value.skip(wire); // image (4), histo (5), audio (6): never scalars
                }
            }
            if (!value.ok)
                return false;
            bool haveValue = haveSimpleValue;
            double scalar = simpleValue;
            if (!haveValue && haveTensor && isScalarTensor(tensor, metadata)) {
                scalar = tensor.firstValue;
                haveValue = true;
            }
            if (haveValue && !tag.isEmpty())
                found.append(TensorBoardScalar{tag, step, scalar, wallTime});
        }
        if (!summary.ok)
            return false;
    }
    out += found;
    return true;
}

QVector<TensorBoardScalar> TensorBoardReader::poll()
{
    QVector<TensorBoardScalar> out;
    QStringList paths;
    QDirIterator it(m_dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (it.fileName().contains(QLatin1String("tfevents")))
            paths.append(path);
    }
    paths.sort(); // deterministic order: TensorBoard names files by creation time
    for (const QString& path : paths) {
        FileState& state = m_files[path];
        if (!state.broken)
            readFile(path, state, out);
    }
    return out;
}

void TensorBoardReader::readFile(const QString& path, FileState& state, QVector<TensorBoardScalar>& out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const qint64 size = file.size();
    if (size < state.offset)
        state.offset = 0; // the file was replaced by a shorter one: start over
    while (size - state.offset >= 12) {
        if (!file.seek(state.offset))
            return;
        char header[12];
        if (file.read(header, 12) != 12)
            return;
        const quint64 length = qFromLittleEndian<quint64>(header);
        const quint32 lengthCrc = qFromLittleEndian<quint32>(header + 8);
        if (maskedCrc32c(header, 8) != lengthCrc) {
            // Without a trustworthy length the next record boundary is unknown.
            state.broken = true;
            return;
        }
        if (length > quint64(size - state.offset - 12) || quint64(size - state.offset - 12) - length < 4)
            return; // still being written
        const qint64 next = state.offset + 12 + qint64(length) + 4;
        if (length > kMaxRecordBytes) {
            state.offset = next;
            continue;
        }
        const QByteArray data = file.read(qint64(length) + 4);
        if (data.size() != qsizetype(length) + 4)
            return;
        const quint32 dataCrc = qFromLittleEndian<quint32>(data.constData() + length);
        if (maskedCrc32c(data.constData(), qsizetype(length)) != dataCrc
            || !decodeEvent(data.constData(), qsizetype(length), out))
            ++m_corruptRecords;
        state.offset = next;
    }
}

QStringList TensorBoardReader::brokenFiles() const
{
    QStringList out;
    for (auto it = m_files.constBegin(); it != m_files.constEnd(); ++it)
        if (it.value().broken)
            out.append(it.key());
    out.sort();
    return out;
}

QHash<QString, qint64> TensorBoardReader::offsets() const
{
    QHash<QString, qint64> result;
    for (auto it = m_files.constBegin(); it != m_files.constEnd(); ++it)
        result.insert(it.key(), it.value().offset);
    return result;
}

void TensorBoardReader::restoreOffsets(const QHash<QString, qint64>& offsets)
{
    for (auto it = offsets.constBegin(); it != offsets.constEnd(); ++it)
        m_files[it.key()].offset = it.value();
}
