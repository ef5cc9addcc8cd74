#include <QtTest>

#include "metrics/TensorBoardReader.h"
#include "TestSupport.h"

#include <QtEndian>
#include <cstring>

// Event files written byte by byte here (TFRecord framing + hand-encoded protobuf), as TensorFlow,
// PyTorch and tensorboardX write them, read incrementally while they grow.
class TestTensorBoardReader : public QObject
{
    Q_OBJECT

    static QByteArray varint(quint64 v)
    {
        QByteArray out;
        while (v >= 0x80) {
            out.append(char((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out.append(char(v));
        return out;
    }
    static QByteArray key(int field, int wire) { return varint(quint64(field) << 3 | quint64(wire)); }
    static QByteArray lengthDelimited(int field, const QByteArray& data)
    {
        return key(field, 2) + varint(quint64(data.size())) + data;
    }
    static QByteArray fixed64(double d)
    {
        char b[8];
        qToLittleEndian(d, b);
        return QByteArray(b, 8);
    }
    static QByteArray fixed32(float f)
    {
        char b[4];
        qToLittleEndian(f, b);
        return QByteArray(b, 4);
    }
    static QByteArray simpleValue(const QByteArray& tag, float v)
    {
        return lengthDelimited(1, lengthDelimited(1, tag) + key(2, 5) + fixed32(v));
    }
    static QByteArray event(double wall, qint64 step, const QByteArray& summaryValues)
    {
        QByteArray e = key(1, 1) + fixed64(wall) + key(2, 0) + varint(quint64(step));
        if (!summaryValues.isEmpty())
            e += lengthDelimited(5, summaryValues);
        return e;
    }
    static QByteArray record(const QByteArray& data)
    {
        char len[8];
        qToLittleEndian(quint64(data.size()), len);
        QByteArray out(len, 8);
        char crc[4];
        qToLittleEndian(TensorBoardReader::maskedCrc32c(len, 8), crc);
        out.append(crc, 4);
        out += data;
        qToLittleEndian(TensorBoardReader::maskedCrc32c(data.constData(), data.size()), crc);
        out.append(crc, 4);
        return out;
    }
    static void appendTo(const QString& path, const QByteArray& bytes)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        QCOMPARE(f.write(bytes), bytes.size());
    }

private slots:
    void crc32cKnownValues()
    {
        // Standard check value of CRC-32C (Castagnoli).
        QCOMPARE(TensorBoardReader::crc32c("123456789", 9), 0xE3069283u);
        QCOMPARE(TensorBoardReader::crc32c("", 0), 0u);
    }

    void readsSimpleValuesAndTensors()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("train/events.out.tfevents.1700000000.host.1.0"));
        QByteArray bytes;
        bytes += record(key(1, 1) + fixed64(1.7e9) + lengthDelimited(3, "brain.Event:2")); // file_version
        bytes += record(event(1700000001.5, 3, simpleValue("loss", 0.5f) + simpleValue("acc", 0.25f)));
        // TF2 scalar: tensor with dtype float in tensor_content, plus metadata (field 9) to skip.
        const QByteArray floatTensor = key(1, 0) + varint(1) + lengthDelimited(2, QByteArray())
            + lengthDelimited(4, fixed32(2.5f));
        bytes += record(event(1700000002.0, 4,
                              lengthDelimited(1, lengthDelimited(1, "tf2/loss") + lengthDelimited(9, "meta")
                                                     + lengthDelimited(8, floatTensor))));
        // Double tensor via packed double_val, and a float tensor via unpacked float_val.
        const QByteArray doubleTensor = key(1, 0) + varint(2) + lengthDelimited(6, fixed64(-7.25) + fixed64(1));
        const QByteArray floatVal = key(1, 0) + varint(1) + key(5, 5) + fixed32(8.0f);
        bytes += record(event(1700000003.0, 5,
                              lengthDelimited(1, lengthDelimited(1, "d") + lengthDelimited(8, doubleTensor))
                                  + lengthDelimited(1, lengthDelimited(1, "f") + lengthDelimited(8, floatVal))));
        // An image value (field 4) is not a scalar: skipped.
        bytes += record(event(1700000004.0, 6, lengthDelimited(1, lengthDelimited(1, "img") + lengthDelimited(4, "png"))));
        appendTo(path, bytes);

        TensorBoardReader reader(dir.path());
        const QVector<TensorBoardScalar> got = reader.poll();
        QCOMPARE(got.size(), 5);
        QCOMPARE(got[0].tag, QStringLiteral("loss"));
        QCOMPARE(got[0].step, 3);
        QCOMPARE(got[0].value, 0.5);
        QCOMPARE(got[0].wallTime, 1700000001.5);
        QCOMPARE(got[1].tag, QStringLiteral("acc"));
        QCOMPARE(got[2].tag, QStringLiteral("tf2/loss"));
        QCOMPARE(got[2].value, 2.5);
        QCOMPARE(got[3].value, -7.25);
        QCOMPARE(got[4].value, 8.0);
        QCOMPARE(got[4].step, 5);
        QVERIFY(reader.poll().isEmpty()); // nothing new
        QCOMPARE(reader.corruptRecords(), 0);
    }

    void partialRecordsWaitForTheNextPoll()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.out.tfevents.1.a"));
        const QByteArray rec = record(event(10, 1, simpleValue("x", 1.0f)));
        const QByteArray rec2 = record(event(11, 2, simpleValue("x", 2.0f)));
        appendTo(path, QByteArray());
        TensorBoardReader reader(dir.path());
        QVERIFY(reader.poll().isEmpty());
        int total = 0;
        const QByteArray all = rec + rec2;
        for (char c : all) { // byte by byte, as a slow writer would
            appendTo(path, QByteArray(1, c));
            total += reader.poll().size();
        }
        QCOMPARE(total, 2);
        QCOMPARE(reader.corruptRecords(), 0);
    }

    void corruptDataIsSkippedAndBadLengthStopsTheFile()
    {
        QTemporaryDir dir;
        QByteArray bad = record(event(1, 1, simpleValue("a", 1.0f)));
        bad[bad.size() - 6] = char(bad[bad.size() - 6] ^ 0x55); // flip data bits: data CRC fails
        appendTo(dir.filePath(QStringLiteral("events.out.tfevents.1.x")),
                 bad + record(event(2, 2, simpleValue("a", 2.0f))));
        QByteArray badLength = record(event(1, 1, simpleValue("b", 1.0f)));
        badLength[0] = char(badLength[0] + 1); // length no longer matches its CRC
        appendTo(dir.filePath(QStringLiteral("sub/events.out.tfevents.2.y")), badLength);
        TensorBoardReader reader(dir.path());
        const QVector<TensorBoardScalar> got = reader.poll();
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].value, 2.0);
        QCOMPARE(reader.corruptRecords(), 1);
        QCOMPARE(reader.brokenFiles().size(), 1);
        QVERIFY(reader.brokenFiles()[0].endsWith(QStringLiteral("2.y")));
    }

    void hostileProtobufDoesNotCrash()
    {
        QVector<TensorBoardScalar> out;
        QVERIFY(!TensorBoardReader::decodeEvent("\x2a\xff\xff\xff\xff\x0f", 6, out)); // huge length
        QVERIFY(!TensorBoardReader::decodeEvent("\x0b", 1, out));                     // group wire type
        QVERIFY(!TensorBoardReader::decodeEvent("\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 12, out));
        QVERIFY(out.isEmpty());
        QTemporaryDir dir;
        QByteArray garbage;
        for (int i = 0; i < 5000; ++i)
            garbage.append(char(i * 31 % 251));
        appendTo(dir.filePath(QStringLiteral("events.out.tfevents.3.z")), record(garbage));
        TensorBoardReader reader(dir.path());
        QVERIFY(reader.poll().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTensorBoardReader)
#include "TestTensorBoardReader.moc"
