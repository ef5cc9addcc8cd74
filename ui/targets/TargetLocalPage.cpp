#include "targets/TargetLocalPage.h"

#include "targets/TargetConfig.h"
#include "shell/UserPrompts.h"

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>

namespace {
const QString kMaxConcurrent = QStringLiteral("max_concurrent_runs");
const QString kPython = QStringLiteral("python");
const QString kGrace = QStringLiteral("cancel_grace_seconds");
constexpr int kProbeTimeoutMs = 15000;
} // namespace

TargetLocalPage::TargetLocalPage(QWidget* parent) : TargetKindPage(parent)
{
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);

    m_maxConcurrent = addMaxConcurrentRuns(form, QStringLiteral("maxConcurrentRuns"));

    m_python = new QLineEdit;
    m_python->setObjectName(QStringLiteral("python"));
    m_python->setAccessibleName(tr("Python interpreter"));
    m_python->setPlaceholderText(TargetConfig{QString(), QStringLiteral("local"), {}}.python());
    m_python->setToolTip(tr("Runs .py entry scripts; empty uses the system python3"));
    connect(m_python, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("browsePython"));
    browse->setAccessibleName(tr("Choose the Python interpreter"));
    connect(browse, &QPushButton::clicked, this, &TargetLocalPage::browsePython);
    form->addRow(tr("&Python interpreter:"), withButton(m_python, browse));

    m_graceSeconds = addCancelGrace(form, QStringLiteral("cancelGraceSeconds"));

    load({});
}

void TargetLocalPage::load(const QJsonObject& settings)
{
    const TargetConfig config{QString(), kind(), settings};
    m_maxConcurrent->setValue(config.maxConcurrentRuns());
    m_python->setText(settings.value(kPython).toString());
    m_graceSeconds->setValue(settings.value(kGrace).toDouble(10));
}

QJsonObject TargetLocalPage::settings(const QJsonObject& base) const
{
    QJsonObject result = base;
    result.insert(kMaxConcurrent, m_maxConcurrent->value());
    const QString python = m_python->text().trimmed();
    if (python.isEmpty())
        result.remove(kPython); // the default follows the system, so it is not pinned in the settings
    else
        result.insert(kPython, python);
    result.insert(kGrace, m_graceSeconds->value());
    return result;
}

QStringList TargetLocalPage::validate() const
{
    QStringList errors;
    const QString python = m_python->text().trimmed();
    if (python.isEmpty())
        return errors;
    if (python.contains(QLatin1Char('/'))) {
        const QFileInfo info(python);
        if (!info.exists())
            errors << tr("python: %1 does not exist").arg(python);
        else if (!info.isFile() || !info.isExecutable())
            errors << tr("python: %1 is not an executable file").arg(python);
    } else if (QStandardPaths::findExecutable(python).isEmpty()) {
        errors << tr("python: %1 is not found on PATH").arg(python);
    }
    return errors;
}

QString TargetLocalPage::effectivePython() const
{
    return TargetConfig{QString(), kind(), settings({})}.python();
}

TargetConnectionJob TargetLocalPage::connectionTest(const TargetConfig& /*target*/, const QString& /*workspaceRoot*/) const
{
    const QString python = effectivePython();
    return [python]() { return probePython(python); };
}

TargetConnectionResult TargetLocalPage::probePython(const QString& python)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(python, {QStringLiteral("--version")});
    if (!process.waitForStarted(kProbeTimeoutMs))
        return {false, tr("cannot start %1: %2").arg(python, process.errorString()), {}, {}};
    if (!process.waitForFinished(kProbeTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return {false, tr("%1 --version did not answer within %2 s").arg(python).arg(kProbeTimeoutMs / 1000),
                {}, {}};
    }
    const QString output = QString::fromUtf8(process.readAll()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return {false,
                tr("%1 --version failed (exit code %2): %3").arg(python).arg(process.exitCode()).arg(output),
                {}, {}};
    return {true, QStringLiteral("%1 (%2)").arg(output, python), {}, {}};
}

void TargetLocalPage::browsePython()
{
    const QString path = UserPrompts::openFileName(this, tr("Python interpreter"), QStringLiteral("/usr/bin"));
    if (!path.isEmpty())
        m_python->setText(path);
}
