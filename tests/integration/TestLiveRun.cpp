// What a user sees while a run is still going: logs and metrics from every source (stdout lines, the
// trainyard helper, the Azure ML API, TensorBoard event files) appear before the run ends.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"

using namespace TestSupport;

namespace {

// A pure-Python TensorBoard event writer: TFRecord framing with masked CRC32C and a hand-made Event proto.
const QByteArray kTensorBoardWriter = R"py(
import struct, time, os

def _crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF

def _masked(data):
    crc = _crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF

def _varint(n):
    out = b''
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])

def _field(num, wire, payload):
    return _varint((num << 3) | wire) + payload

def scalar_event(tag, value, step):
    tag_b = tag.encode()
    val = _field(1, 2, _varint(len(tag_b)) + tag_b) + _field(2, 5, struct.pack('<f', value))
    summary = _field(1, 2, _varint(len(val)) + val)
    return (_field(1, 1, struct.pack('<d', time.time())) + _field(2, 0, _varint(step))
            + _field(5, 2, _varint(len(summary)) + summary))

def write(f, event):
    header = struct.pack('<Q', len(event))
    f.write(header + struct.pack('<I', _masked(header)) + event + struct.pack('<I', _masked(event)))
    f.flush()
)py";

} // namespace

class TestLiveRun : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    int pointCount(const QString& id, const QString& metric)
    {
        return runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object().value(metric).toArray().size();
    }

private slots:
    void cleanup()
    {
        // A failed check must not leave the gated run blocking the queue for the next test.
        writeFile(m_dir.path() + QStringLiteral("/live/gate"), "go");
    }

    void everySourceIsLiveBeforeTheRunEnds()
    {
        const QString dir = m_dir.path() + QStringLiteral("/live");
        const QString gate = dir + QStringLiteral("/gate");
        const QByteArray script =
            "import os, time, sys\n"
            "import tbwriter, trainyard\n"
            "from azureml.core import Run\n"
            "run = Run.get_context()\n"
            "print('step: 1')\nprint('loss: 0.75')\n"
            "print('throughput=12.5 items')\n"   // not a metric with the default pattern... but matches the custom one
            "trainyard.log('lr', 0.1, step=1)\n"
            "run.log('accuracy', 0.5)\nrun.log('accuracy', 0.625)\n"
            "run.log_list('curve', [1, 2, 3])\n"
            "run.tag('framework', 'sklearn')\n"
            "run.log('weird', float('nan'))\n"
            "os.makedirs('logs/tb', exist_ok=True)\n"
            "with open('logs/tb/events.out.tfevents.1.host', 'wb') as f:\n"
            "    tbwriter.write(f, tbwriter.scalar_event('tb/reward', 2.5, 7))\n"
            "open('logs/progress.txt', 'w').write('halfway')\n"
            "print('waiting for the gate', flush=True)\n"
            "while not os.path.exists(os.environ['GATE']):\n"
            "    time.sleep(0.05)\n"
            "print('loss: 0.5')\n";
        const QString est = makeProject(dir, {{QStringLiteral("live.py"), script}, {QStringLiteral("tbwriter.py"), kTensorBoardWriter}},
                                        "entry_script: live.py\nenvironment_variables: {GATE: \"" + gate.toUtf8() + "\"}\n"
                                        "metric_patterns: ['^(?<name>throughput)=(?<value>[0-9.]+)', '^(?<name>loss): (?<value>\\S+)']\n");
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est});
        QCOMPARE(submitted.exitCode, 0);
        const QString id = QString::fromUtf8(submitted.out).trimmed();

        // Logs while running, in well under a second of the script writing them.
        QTRY_VERIFY_WITH_TIMEOUT(runCli(workspace(), {QStringLiteral("logs"), id}).out.contains("waiting for the gate"), 20000);
        // Running comes from the runner once the job wrapper has recorded the job, which may be a poll after the
        // script's first line.
        QTRY_COMPARE_WITH_TIMEOUT(
            runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object().value(QStringLiteral("status")).toString(),
            QStringLiteral("Running"), 10000);
        QCOMPARE(runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--file"), QStringLiteral("logs/progress.txt")}).out, QByteArray("halfway"));
        // Metrics from all sources while running.
        QTRY_VERIFY_WITH_TIMEOUT(pointCount(id, QStringLiteral("tb/reward")) == 1, 10000);
        const QJsonObject metrics = runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(metrics.value(QStringLiteral("loss")).toArray().size(), 1);
        QCOMPARE(metrics.value(QStringLiteral("loss")).toArray().at(0).toObject().value(QStringLiteral("step")).toInt(), 1);
        QCOMPARE(metrics.value(QStringLiteral("throughput")).toArray().at(0).toObject().value(QStringLiteral("value")).toDouble(), 12.5);
        QCOMPARE(metrics.value(QStringLiteral("lr")).toArray().at(0).toObject().value(QStringLiteral("value")).toDouble(), 0.1);
        QCOMPARE(metrics.value(QStringLiteral("accuracy")).toArray().size(), 2);
        QCOMPARE(metrics.value(QStringLiteral("accuracy")).toArray().at(1).toObject().value(QStringLiteral("value")).toDouble(), 0.625);
        QCOMPARE(metrics.value(QStringLiteral("curve")).toArray().size(), 3);
        QCOMPARE(metrics.value(QStringLiteral("weird")).toArray().at(0).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("nan"));
        const QJsonObject reward = metrics.value(QStringLiteral("tb/reward")).toArray().at(0).toObject();
        QCOMPARE(reward.value(QStringLiteral("step")).toInt(), 7);
        QCOMPARE(reward.value(QStringLiteral("value")).toDouble(), 2.5);

        writeFile(gate, "go");
        const QJsonObject done = waitForStatus(workspace(), id, {QStringLiteral("Completed"), QStringLiteral("Failed")});
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(done.value(QStringLiteral("tags")).toObject().value(QStringLiteral("framework")).toString(), QStringLiteral("sklearn"));
        QCOMPARE(pointCount(id, QStringLiteral("loss")), 2);
    }

    void followStreamsUntilTheEnd()
    {
        const QString dir = m_dir.path() + QStringLiteral("/follow");
        const QString est = makeProject(dir, {{QStringLiteral("f.py"), "import time\nfor i in range(5):\n    print('tick', i, flush=True)\n    time.sleep(0.2)\n"}},
                                        "entry_script: f.py\n");
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est});
        const QString id = QString::fromUtf8(submitted.out).trimmed();
        const CliResult followed = runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--follow")});
        QCOMPARE(followed.exitCode, 0);
        QCOMPARE(followed.out, QByteArray("tick 0\ntick 1\ntick 2\ntick 3\ntick 4\n"));
    }

    void realAzureMlIsNotHidden()
    {
        // A package named azureml.core on the run's own PYTHONPATH wins over Trainyard's shim.
        const QString dir = m_dir.path() + QStringLiteral("/realaml");
        writeFile(dir + QStringLiteral("/site/azureml/__init__.py"), "");
        writeFile(dir + QStringLiteral("/site/azureml/core/__init__.py"), "REAL = True\n");
        const QString est = makeProject(dir, {{QStringLiteral("a.py"), "import azureml.core\nprint('real', getattr(azureml.core, 'REAL', False))\n"}},
                                        "entry_script: a.py\nenvironment_variables: {PYTHONPATH: \"" + (dir + QStringLiteral("/site")).toUtf8() + "\"}\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("real True"), r.out.constData());

        const QString dir2 = m_dir.path() + QStringLiteral("/shimaml");
        const QString est2 = makeProject(dir2, {{QStringLiteral("a.py"), "import azureml.core\nprint('real', getattr(azureml.core, 'REAL', False))\n"}},
                                         "entry_script: a.py\n");
        const CliResult r2 = runCli(workspace(), {QStringLiteral("submit"), est2, QStringLiteral("--wait")});
        QCOMPARE(r2.exitCode, 0);
        QVERIFY2(r2.out.contains("real False"), r2.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestLiveRun)
#include "TestLiveRun.moc"
