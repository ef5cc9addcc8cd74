#include <QtTest>

#include "metrics/StdoutMetricParser.h"
#include "TestSupport.h"

#include <cmath>

// Guild-style `name: value` lines in a run's stdout, fed in arbitrary chunks.
class TestStdoutMetricParser : public QObject
{
    Q_OBJECT

    struct Seen
    {
        QString name;
        std::optional<qint64> step;
        double value;
    };

    static QVector<Seen> parse(const QByteArray& text, int chunk = 0, const QStringList& patterns = {})
    {
        QVector<Seen> seen;
        StdoutMetricParser parser([&seen](const QString& n, std::optional<qint64> s, double v) {
            seen.append(Seen{n, s, v});
        });
        if (!patterns.isEmpty())
            parser.setPatterns(patterns);
        if (chunk <= 0) {
            parser.feed(text);
        } else {
            for (qsizetype i = 0; i < text.size(); i += chunk)
                parser.feed(text.constData() + i, qMin<qsizetype>(chunk, text.size() - i));
        }
        parser.finish();
        return seen;
    }

private slots:
    void defaultFormat()
    {
        const QByteArray text = "Epoch 1/10 done\n"
                                "loss: 0.25\n"
                                "  val/acc = 9.5e-1  \r\n"
                                "lr:1E+3\n"
                                "step: 7\n"
                                "x_1: -3\n"
                                "bad: 0.5 extra\n"
                                "9name: 1\n"
                                "name: 1.2.3\n"
                                "name: 0x10\n"
                                "name:\n"
                                "a b: 1\n"
                                "grad-norm: .5\n"
                                "last: 42";
        for (int chunk : {0, 1, 3, 7}) {
            const QVector<Seen> seen = parse(text, chunk);
            QCOMPARE(seen.size(), 6);
            QCOMPARE(seen[0].name, QStringLiteral("loss"));
            QCOMPARE(seen[0].value, 0.25);
            QVERIFY(!seen[0].step);
            QCOMPARE(seen[1].name, QStringLiteral("val/acc"));
            QCOMPARE(seen[1].value, 0.95);
            QCOMPARE(seen[2].value, 1000.0);
            QCOMPARE(seen[3].name, QStringLiteral("x_1"));
            QCOMPARE(seen[3].step, std::optional<qint64>(7));
            QCOMPARE(seen[3].value, -3.0);
            QCOMPARE(seen[4].name, QStringLiteral("grad-norm"));
            QCOMPARE(seen[5].name, QStringLiteral("last")); // the unterminated line, via finish()
        }
        QVector<Seen> withLast;
        StdoutMetricParser parser([&withLast](const QString& n, std::optional<qint64> s, double v) {
            withLast.append(Seen{n, s, v});
        });
        parser.feed(QByteArray("last: 42"));
        QVERIFY(withLast.isEmpty());
        parser.finish();
        QCOMPARE(withLast.size(), 1);
        QCOMPARE(withLast[0].value, 42.0);
    }

    void nonFiniteNumbers()
    {
        const QVector<Seen> seen = parse("a: nan\nb: INF\nc: -inf\nd: Infinity\ne: -NaN\nf: infin\ng: 1e999\n");
        QCOMPARE(seen.size(), 6);
        QVERIFY(std::isnan(seen[0].value));
        QVERIFY(std::isinf(seen[1].value) && seen[1].value > 0);
        QVERIFY(std::isinf(seen[2].value) && seen[2].value < 0);
        QVERIFY(std::isinf(seen[3].value));
        QVERIFY(std::isnan(seen[4].value));
        QCOMPARE(seen[5].name, QStringLiteral("g"));
        QVERIFY(std::isinf(seen[5].value));
    }

    void stepLinesAreNotMetrics()
    {
        const QVector<Seen> seen = parse("step: 1\nloss: 1\nstep: 2.5\nloss: 2\nstep: 3\nloss: 3\n");
        QCOMPARE(seen.size(), 3);
        QCOMPARE(*seen[0].step, 1);
        QCOMPARE(*seen[1].step, 1); // 2.5 is not a step
        QCOMPARE(*seen[2].step, 3);
    }

    void nameLengthLimit()
    {
        const QByteArray ok = QByteArray(256, 'n') + ": 1\n";
        const QByteArray tooLong = QByteArray(257, 'n') + ": 1\n";
        QCOMPARE(parse(ok).size(), 1);
        QCOMPARE(parse(tooLong).size(), 0);
    }

    void longLinesAreSkippedWithoutBuffering()
    {
        QVector<Seen> seen;
        StdoutMetricParser parser([&seen](const QString& n, std::optional<qint64> s, double v) {
            seen.append(Seen{n, s, v});
        });
        parser.feed(QByteArray("before: 1\nx: "));
        const QByteArray junk(1 << 20, '7');
        for (int i = 0; i < 64; ++i) // 64 MB without a newline
            parser.feed(junk);
        parser.feed(QByteArray("\nafter: 2\n"));
        parser.finish();
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[1].name, QStringLiteral("after"));
        QCOMPARE(parser.skippedLongLines(), 1);
        // A line just under the limit, split across chunks, still parses.
        const QByteArray padded = "v: 5" + QByteArray(StdoutMetricParser::kMaxLineBytes - 10, ' ') + "\n";
        QCOMPARE(parse(padded, 1000).size(), 1);
    }

    void binaryAndInvalidUtf8AreHarmless()
    {
        QByteArray bytes;
        for (int i = 0; i < 100000; ++i)
            bytes.append(char((i * 7919) % 256));
        bytes += "\n\xff\xfe: 1\nok\xc3: 2\nfine: 3\n";
        const QVector<Seen> seen = parse(bytes, 4096);
        QCOMPARE(seen.last().name, QStringLiteral("fine"));
        for (const Seen& s : seen)
            QVERIFY(!s.name.contains(QChar::ReplacementCharacter));
        QVERIFY(!parse(bytes, 0, {QStringLiteral("(?<name>\\w+): (?<value>\\S+)")}).isEmpty());
    }

    void customPatterns()
    {
        const QStringList patterns = {QStringLiteral("(?P<name>\\w+)=(?P<value>[-+.\\deE]+|nan)"),
                                      QStringLiteral("^Iteration (?<step>\\d+)$")};
        const QVector<Seen> seen = parse("Iteration 4\nloss=0.5 acc=0.75 ignored\nloss: 9\n", 0, patterns);
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0].name, QStringLiteral("loss"));
        QCOMPARE(*seen[0].step, 4);
        QCOMPARE(seen[1].name, QStringLiteral("acc"));
        QCOMPARE(seen[1].value, 0.75);

        StdoutMetricParser parser(nullptr);
        QString error;
        QVERIFY(!parser.setPatterns({QStringLiteral("(?<name>\\w+)=(?<value>")}, &error));
        QVERIFY(error.contains(QStringLiteral("(?<name>\\w+)=(?<value>")));
        QVERIFY(!parser.setPatterns({QStringLiteral("(?<value>\\d+)")}, &error));
        QVERIFY(error.contains(QStringLiteral("name")));
    }

    void patternWithoutNameGroupIsNamedByItsLiteralStart()
    {
        const QVector<Seen> seen = parse("acc=0.5\nval acc=9\nstep: 3\nacc=0.75\n", 0, {QStringLiteral("^acc=(?<value>\\S+)")});
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0].name, QStringLiteral("acc"));
        QCOMPARE(seen[0].value, 0.5);
        QCOMPARE(seen[1].name, QStringLiteral("acc"));
        QCOMPARE(*seen[1].step, 3);

        QCOMPARE(StdoutMetricParser::literalMetricName(QStringLiteral("^acc=(?<value>\\S+)")), QStringLiteral("acc"));
        QCOMPARE(StdoutMetricParser::literalMetricName(QStringLiteral("^\\s*val_loss: (?<value>\\S+)")),
                 QStringLiteral("val_loss"));
        QCOMPARE(StdoutMetricParser::literalMetricName(QStringLiteral("train\\.loss/avg=(?<value>\\S+)")),
                 QStringLiteral("train.loss/avg"));
        QCOMPARE(StdoutMetricParser::literalMetricName(QStringLiteral("accs?=(?<value>\\S+)")), QStringLiteral("acc"));
        QCOMPARE(StdoutMetricParser::literalMetricName(QStringLiteral("loss-(?<value>\\S+)")), QStringLiteral("loss"));
        QVERIFY(StdoutMetricParser::literalMetricName(QStringLiteral("(?<value>\\S+)")).isEmpty());
        QVERIFY(StdoutMetricParser::literalMetricName(QStringLiteral("1st=(?<value>\\S+)")).isEmpty());
        QVERIFY(StdoutMetricParser::literalMetricName(QStringLiteral("(?i)acc=(?<value>\\S+)")).isEmpty());
        QVERIFY(StdoutMetricParser::literalMetricName(QStringLiteral(".acc=(?<value>\\S+)")).isEmpty());
    }

    void scansNonMetricLinesFast()
    {
        // 64 MB of typical log noise; the target is 1 GB/s, the test only guards against a regression to
        // something an order of magnitude slower.
        QByteArray line = "Epoch 3/100: 100%|##########| 938/938 [00:12<00:00, 75.2it/s] training...\n";
        QByteArray text;
        while (text.size() < 64 * 1024 * 1024)
            text += line;
        int hits = 0;
        StdoutMetricParser parser([&hits](const QString&, std::optional<qint64>, double) { ++hits; });
        QElapsedTimer t;
        t.start();
        parser.feed(text);
        const double seconds = t.nsecsElapsed() / 1e9;
        QCOMPARE(hits, 0);
        qInfo("non-metric scan: %.2f GB/s", text.size() / seconds / 1e9);
        QVERIFY(seconds < 1.0);
    }
};

QTEST_GUILESS_MAIN(TestStdoutMetricParser)
#include "TestStdoutMetricParser.moc"
