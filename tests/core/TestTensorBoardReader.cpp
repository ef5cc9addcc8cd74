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
    // The pieces of the Event protobuf as the writers serialise them: fields in number order, proto3 packed
    // repeated numbers, empty sub-messages still written when set.
    static QByteArray packedDoubles(const QVector<double>& values)
    {
        QByteArray out;
        for (double v : values)
            out += fixed64(v);
        return out;
    }
    static QByteArray packedFloats(const QVector<float>& values)
    {
        QByteArray out;
        for (float v : values)
            out += fixed32(v);
        return out;
    }
    static QByteArray fileVersion(double wall) { return record(key(1, 1) + fixed64(wall) + lengthDelimited(3, "brain.Event:2")); }
    // TensorShapeProto with the given dimensions; rank 0 is the empty message.
    static QByteArray shape(const QVector<qint64>& dims)
    {
        QByteArray out;
        for (qint64 d : dims)
            out += lengthDelimited(2, key(1, 0) + varint(quint64(d)));
        return out;
    }
    // SummaryMetadata{plugin_data{plugin_name, content}, data_class}; data_class 0 is left out as proto3 does.
    static QByteArray metadata(const QByteArray& plugin, int dataClass = 0, const QByteArray& content = QByteArray())
    {
        QByteArray pluginData = lengthDelimited(1, plugin);
        if (!content.isEmpty())
            pluginData += lengthDelimited(2, content);
        QByteArray out = lengthDelimited(1, pluginData);
        if (dataClass)
            out += key(4, 0) + varint(quint64(dataClass));
        return out;
    }
    static QByteArray summaryValue(const QByteArray& tag, const QByteArray& fields) { return lengthDelimited(1, lengthDelimited(1, tag) + fields); }
    static QStringList tags(const QVector<TensorBoardScalar>& scalars)
    {
        QStringList out;
        for (const TensorBoardScalar& s : scalars)
            if (!out.contains(s.tag))
                out << s.tag;
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

    // torch.utils.tensorboard.SummaryWriter: add_scalar (simple_value, and new_style: a float_val tensor of the
    // scalars plugin), add_histogram (a HistogramProto in `histo`), add_image (`image`), add_text (a string
    // tensor of the text plugin, tag suffixed "/text_summary").
    void pytorchSummaryWriterLayout()
    {
        QTemporaryDir dir;
        QByteArray bytes = fileVersion(1700000000.25);
        bytes += record(event(1700000001.0, 3, summaryValue("loss", key(2, 5) + fixed32(0.5f))));
        bytes += record(event(1700000002.0, 4, summaryValue("loss", key(2, 5) + fixed32(0.25f))));
        // new_style=True: tensor (8) then metadata (9); no shape, so rank 0.
        bytes += record(event(1700000003.0, 5,
                              summaryValue("lr", lengthDelimited(8, key(1, 0) + varint(1) + lengthDelimited(5, packedFloats({0.01f})))
                                                     + lengthDelimited(9, metadata("scalars")))));
        // HistogramProto: min 1, max 2, num 3, sum 4, sum_squares 5, bucket_limit 6, bucket 7 (packed doubles).
        const QByteArray histo = key(1, 1) + fixed64(-0.9) + key(2, 1) + fixed64(0.8) + key(3, 1) + fixed64(1000)
            + key(4, 1) + fixed64(3.5) + key(5, 1) + fixed64(250.0) + lengthDelimited(6, packedDoubles({-0.5, 0.0, 0.5, 1e308}))
            + lengthDelimited(7, packedDoubles({100, 400, 400, 100}));
        bytes += record(event(1700000004.0, 5, summaryValue("fc1.weight", lengthDelimited(5, histo))));
        // Summary.Image: height 1, width 2, colorspace 3, encoded_image_string 4.
        const QByteArray image = key(1, 0) + varint(28) + key(2, 0) + varint(28) + key(3, 0) + varint(1)
            + lengthDelimited(4, QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(64, 'p'));
        bytes += record(event(1700000005.0, 5, summaryValue("samples", lengthDelimited(4, image))));
        // add_text: DT_STRING (7) tensor of shape [1] with string_val (8), plugin "text" with TextPluginData.
        const QByteArray text = key(1, 0) + varint(7) + lengthDelimited(2, shape({1})) + lengthDelimited(8, "epoch 5: done");
        bytes += record(event(1700000006.0, 5,
                              summaryValue("notes/text_summary", lengthDelimited(8, text) + lengthDelimited(9, metadata("text", 0, QByteArray())))));
        appendTo(dir.filePath(QStringLiteral("runs/Dec01_10-00-00_host/events.out.tfevents.1700000000.host.1234.0")), bytes);

        TensorBoardReader reader(dir.path());
        const QVector<TensorBoardScalar> got = reader.poll();
        QCOMPARE(reader.corruptRecords(), 0);
        QCOMPARE(tags(got), (QStringList{QStringLiteral("loss"), QStringLiteral("lr")}));
        QCOMPARE(got.size(), 3);
        QCOMPARE(got[0].value, 0.5);
        QCOMPARE(got[0].step, 3);
        QCOMPARE(got[1].value, 0.25);
        QCOMPARE(got[2].tag, QStringLiteral("lr"));
        QCOMPARE(got[2].value, double(0.01f));
        QCOMPARE(got[2].step, 5);
        QCOMPARE(got[2].wallTime, 1700000003.0);
    }

    // TensorFlow 2 (tf.summary.* through the C++ summary file writer): every value is a tensor with
    // tensor_content and a shape, and metadata naming the plugin and the data class (1 scalar, 2 tensor,
    // 3 blob sequence). Only tf.summary.scalar's rank-0 tensor is a scalar.
    void tensorflow2Layout()
    {
        QTemporaryDir dir;
        QByteArray bytes = fileVersion(1700000000.0);
        const auto tensor = [](int dtype, const QVector<qint64>& dims, const QByteArray& content) {
            return lengthDelimited(8, key(1, 0) + varint(quint64(dtype)) + lengthDelimited(2, shape(dims)) + lengthDelimited(4, content));
        };
        // tf.summary.scalar("epoch_loss", 0.75, step=1): rank-0 DT_FLOAT.
        bytes += record(event(1700000001.0, 1, summaryValue("epoch_loss", tensor(1, {}, fixed32(0.75f)) + lengthDelimited(9, metadata("scalars", 1)))));
        // tf.summary.histogram("dense/kernel", …, step=1): a [30,3] tensor of (left edge, right edge, count).
        QVector<double> buckets;
        for (int i = 0; i < 30; ++i)
            buckets << -1.5 + i * 0.1 << -1.4 + i * 0.1 << double(i % 7);
        bytes += record(event(1700000001.5, 1,
                              summaryValue("dense/kernel", tensor(2, {30, 3}, packedDoubles(buckets)) + lengthDelimited(9, metadata("histograms", 2)))));
        // The same as float32, and a histogram of a constant: one bucket, [1,3].
        bytes += record(event(1700000001.6, 1,
                              summaryValue("dense/bias", tensor(1, {1, 3}, packedFloats({0.1f, 0.1f, 64.0f})) + lengthDelimited(9, metadata("histograms", 2)))));
        // tf.summary.text("notes", "hello", step=1): rank-0 DT_STRING in string_val.
        bytes += record(event(1700000002.0, 1,
                              summaryValue("notes", lengthDelimited(8, key(1, 0) + varint(7) + lengthDelimited(2, shape({})) + lengthDelimited(8, "hello"))
                                                        + lengthDelimited(9, metadata("text", 2)))));
        // tf.summary.image("inputs", …, step=1): DT_STRING [3] (width, height, PNG), blob sequence.
        bytes += record(event(1700000003.0, 1,
                              summaryValue("inputs", lengthDelimited(8, key(1, 0) + varint(7) + lengthDelimited(2, shape({3})) + lengthDelimited(8, "28")
                                                                          + lengthDelimited(8, "28") + lengthDelimited(8, QByteArray("\x89PNG", 4)))
                                                         + lengthDelimited(9, metadata("images", 3)))));
        // A one-element tensor without a plugin and with rank 1 says nothing about being a scalar.
        bytes += record(event(1700000003.5, 1, summaryValue("mystery", tensor(1, {1}, fixed32(9.0f)))));
        // A one-element [1] float of the scalars plugin is a scalar.
        bytes += record(event(1700000004.0, 2, summaryValue("epoch_loss", tensor(1, {1}, fixed32(0.5f)) + lengthDelimited(9, metadata("scalars", 1)))));
        appendTo(dir.filePath(QStringLiteral("logs/train/events.out.tfevents.1700000000.host.99.0.v2")), bytes);

        TensorBoardReader reader(dir.path());
        const QVector<TensorBoardScalar> got = reader.poll();
        QCOMPARE(reader.corruptRecords(), 0);
        QCOMPARE(tags(got), QStringList{QStringLiteral("epoch_loss")});
        QCOMPARE(got.size(), 2);
        QCOMPARE(got[0].value, 0.75);
        QCOMPARE(got[0].step, 1);
        QCOMPARE(got[1].value, 0.5);
        QCOMPARE(got[1].step, 2);
    }
};

QTEST_GUILESS_MAIN(TestTensorBoardReader)
#include "TestTensorBoardReader.moc"
