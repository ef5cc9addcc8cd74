// `trainyard-cli compare` through the real program, on runs submitted and run to their end: a table with a
// column per run and the differing rows marked, --json, --only-differences, and bad input.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"

using namespace TestSupport;

class TestCompareCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_runs;

    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    QString submit(const QString& estimator, const QStringList& params)
    {
        QStringList args{QStringLiteral("submit"), estimator, QStringLiteral("--wait")};
        for (const QString& p : params)
            args << QStringLiteral("--param") << p;
        const CliResult r = runCli(workspace(), args);
        if (r.exitCode != 0)
            qWarning() << "submit exit" << r.exitCode << r.err.left(2000);
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

    static QJsonObject rowOf(const QJsonObject& comparison, const QString& key)
    {
        for (const QJsonValue& section : comparison.value(QStringLiteral("sections")).toArray())
            for (const QJsonValue& row : section.toObject().value(QStringLiteral("rows")).toArray())
                if (row.toObject().value(QStringLiteral("key")).toString() == key)
                    return row.toObject();
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The script's loss depends on its learning rate; its batch size is printed as a metric too.
        const QString estimator = makeProject(
            m_dir.path() + QStringLiteral("/project"),
            {{QStringLiteral("train.py"), "import argparse\n"
                                          "p = argparse.ArgumentParser()\n"
                                          "p.add_argument('--lr', type=float)\n"
                                          "p.add_argument('--batch', type=int)\n"
                                          "a = p.parse_args()\n"
                                          "print('step: 1')\nprint('loss: %g' % (1.0 + a.lr))\n"
                                          "print('step: 2')\nprint('loss: %g' % (a.lr * 2))\n"
                                          "print('accuracy: 0.75')\n"}},
            "experiment: cmp\nentry_script: train.py\nscript_params:\n  --lr: \"0.1\"\n  --batch: \"32\"\n");
        m_runs << submit(estimator, {}) << submit(estimator, {QStringLiteral("--lr=0.3")})
               << submit(estimator, {QStringLiteral("--lr=0.10")});
        for (const QString& id : m_runs)
            QVERIFY2(!id.isEmpty(), "a run did not complete");
    }

    void tableWithAColumnPerRun()
    {
        const CliResult r = runCli(workspace(), QStringList{QStringLiteral("compare")} + m_runs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
        // The header names every run, in the order given.
        const QString header = lines.value(0);
        QVERIFY2(header.indexOf(m_runs[0]) >= 0 && header.indexOf(m_runs[0]) < header.indexOf(m_runs[1]) &&
                     header.indexOf(m_runs[1]) < header.indexOf(m_runs[2]),
                 qPrintable(header));
        const auto lineOf = [&lines](const QString& label) {
            for (const QString& line : lines)
                if (line.mid(2).trimmed().startsWith(label + QLatin1Char(' ')))
                    return line;
            return QString();
        };
        QVERIFY2(lines.contains(QStringLiteral("  Parameters")) &&
                     lines.contains(QStringLiteral("  Metrics")),
                 r.out.constData());
        const QString lr = lineOf(QStringLiteral("lr"));
        QVERIFY2(lr.startsWith(QStringLiteral("* ")), qPrintable(lr));
        QVERIFY2(lr.contains(QStringLiteral("0.1")) && lr.contains(QStringLiteral("0.3")) &&
                     lr.contains(QStringLiteral("0.10")),
                 qPrintable(lr));
        const QString batch = lineOf(QStringLiteral("batch"));
        QVERIFY2(batch.startsWith(QStringLiteral("  ")) && batch.count(QStringLiteral("32")) == 3,
                 qPrintable(batch));
        const QString loss = lineOf(QStringLiteral("loss (last)"));
        QVERIFY2(loss.startsWith(QStringLiteral("* ")) && loss.contains(QStringLiteral("0.2")) &&
                     loss.contains(QStringLiteral("0.6")),
                 qPrintable(loss));
        const QString accuracy = lineOf(QStringLiteral("accuracy (last)"));
        QVERIFY2(accuracy.startsWith(QStringLiteral("  ")) && accuracy.count(QStringLiteral("0.75")) == 3,
                 qPrintable(accuracy));
        QVERIFY2(!r.out.contains("\x1b["), "no terminal escapes in a pipe");
    }

    void onlyDifferences()
    {
        const CliResult r =
            runCli(workspace(),
                   QStringList{QStringLiteral("compare"), QStringLiteral("--only-differences")} + m_runs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("* ") && r.out.contains("lr") && r.out.contains("loss (last)"),
                 r.out.constData());
        QVERIFY2(!r.out.contains("batch") && !r.out.contains("accuracy") && !r.out.contains("Experiment"),
                 r.out.constData());
        for (const QByteArray& line : r.out.split('\n').mid(1))
            QVERIFY2(line.isEmpty() || line.startsWith("* ") || !line.startsWith("    "), line.constData());
    }

    void json()
    {
        const CliResult r =
            runCli(workspace(), QStringList{QStringLiteral("compare"), QStringLiteral("--json")} + m_runs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.json().object();
        const QJsonArray runs = o.value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 3);
        QCOMPARE(runs.at(1).toObject().value(QStringLiteral("id")).toString(), m_runs[1]);
        const QJsonObject lr = rowOf(o, QStringLiteral("params.lr"));
        QCOMPARE(lr.value(QStringLiteral("differs")).toBool(), true);
        QCOMPARE(lr.value(QStringLiteral("values")).toArray().at(2).toString(), QStringLiteral("0.10"));
        QCOMPARE(lr.value(QStringLiteral("numbers")).toArray().at(1).toDouble(), 0.3);
        const QJsonObject batch = rowOf(o, QStringLiteral("params.batch"));
        QCOMPARE(batch.value(QStringLiteral("differs")).toBool(), false);
        const QJsonObject loss = rowOf(o, QStringLiteral("metrics.loss"));
        QCOMPARE(loss.value(QStringLiteral("numbers")).toArray().at(1).toDouble(), 0.6);
        QCOMPARE(loss.value(QStringLiteral("differs")).toBool(), true);
        // The first and third runs differ in how lr was written only: their losses are the same.
        QCOMPARE(loss.value(QStringLiteral("numbers")).toArray().at(0).toDouble(),
                 loss.value(QStringLiteral("numbers")).toArray().at(2).toDouble());
        QCOMPARE(
            rowOf(o, QStringLiteral("status")).value(QStringLiteral("values")).toArray().at(0).toString(),
            QStringLiteral("Completed"));

        const CliResult only =
            runCli(workspace(), QStringList{QStringLiteral("compare"), QStringLiteral("--json"),
                                            QStringLiteral("--only-differences"), m_runs[0], m_runs[2]});
        QVERIFY2(only.exitCode == 0, only.err.constData());
        QVERIFY(rowOf(only.json().object(), QStringLiteral("params.batch")).isEmpty());
        QVERIFY(rowOf(only.json().object(), QStringLiteral("metrics.loss")).isEmpty());
        QVERIFY(rowOf(only.json().object(), QStringLiteral("params.lr")).isEmpty()); // 0.1 and 0.10
        QVERIFY(rowOf(only.json().object(), QStringLiteral("status")).isEmpty());
    }

    void badInput()
    {
        const CliResult one = runCli(workspace(), {QStringLiteral("compare"), m_runs[0]});
        QCOMPARE(one.exitCode, 2);
        QVERIFY2(one.err.contains("expected at least 2 argument(s)"), one.err.constData());
        const CliResult same = runCli(workspace(), {QStringLiteral("compare"), m_runs[0], m_runs[0]});
        QCOMPARE(same.exitCode, 2);
        QVERIFY2(same.err.contains("at least two runs"), same.err.constData());
        const CliResult unknown =
            runCli(workspace(), {QStringLiteral("compare"), m_runs[0], QStringLiteral("cmp_999")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("unknown run cmp_999"), unknown.err.constData());
        QVERIFY(unknown.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCompareCli)
#include "TestCompareCli.moc"
