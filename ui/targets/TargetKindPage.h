// TargetKindPage: the settings page of one kind of compute target inside TargetDialog. Each kind (local, ssh;
// Slurm later) subclasses it with its own fields, checks and "Test connection" work, so a new kind is
// a new page and one line in TargetDialog::createPage, not changes all over the dialog.
#pragma once

#include "targets/TargetConfig.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QSpinBox>
#include <QWidget>
#include <functional>

struct TargetConnectionResult;
// A connection test, or a step of one, as a job for a worker thread: it must not touch any widget.
using TargetConnectionJob = std::function<TargetConnectionResult()>;

struct TargetConnectionResult
{
    bool ok = false;
    QString message;     // what the user reads: the interpreter's version, or why the connection failed
    QStringList details; // what the machine reported (OS, CPUs, memory, …), one line each
    // Set when the test cannot go on before the user decides something (an SSH host key nobody trusted yet).
    // The dialog shows message, then calls it on the GUI thread: it asks, and returns the job that goes on
    // with the user's answer (a declined question is a job that says so).
    std::function<TargetConnectionJob(QWidget* parent)> askUser;
};

class TargetKindPage : public QWidget
{
    Q_OBJECT
public:
    explicit TargetKindPage(QWidget* parent = nullptr) : QWidget(parent) {}

    // The rows of the settings every kind has (TargetKinds::commonSettings), each reporting edits.
    QSpinBox* addMaxConcurrentRuns(QFormLayout* form, const QString& objectName)
    {
        auto* box = new QSpinBox;
        box->setObjectName(objectName);
        box->setAccessibleName(tr("Maximum concurrent runs"));
        box->setRange(1, 1024);
        box->setToolTip(tr("Runs beyond this number wait in the queue"));
        connect(box, &QSpinBox::valueChanged, this, &TargetKindPage::edited);
        form->addRow(tr("&Max concurrent runs:"), box);
        return box;
    }
    QDoubleSpinBox* addCancelGrace(QFormLayout* form, const QString& objectName)
    {
        auto* box = new QDoubleSpinBox;
        box->setObjectName(objectName);
        box->setAccessibleName(tr("Cancel grace seconds"));
        box->setRange(0, 3600);
        box->setDecimals(1);
        box->setSuffix(tr(" s"));
        box->setToolTip(tr("Time between asking a cancelled run to stop and killing it"));
        connect(box, &QDoubleSpinBox::valueChanged, this, &TargetKindPage::edited);
        form->addRow(tr("Cancel &grace:"), box);
        return box;
    }

    // A field with a button beside it (a path and its Browse…), as one form row's widget.
    static QWidget* withButton(QWidget* field, QWidget* button)
    {
        auto* box = new QWidget;
        auto* layout = new QHBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(field, 1);
        layout->addWidget(button);
        return box;
    }

    virtual QString kind() const = 0;
    // The workspace's targets, as the dialog opened (a Slurm page offers the SSH ones as its login node).
    virtual void setTargets(const QVector<TargetConfig>& targets) { Q_UNUSED(targets) }
    // Fills the fields from stored settings.
    virtual void load(const QJsonObject& settings) = 0;
    // The settings to store: base (what was loaded) with this page's fields applied, so settings this page does
    // not know about survive an edit.
    virtual QJsonObject settings(const QJsonObject& base) const = 0;
    // Checks beyond TargetRegistry::validate that need this machine (an interpreter that exists, a key file
    // that is readable). Each message names the setting, like the registry's messages do.
    virtual QStringList validate() const { return {}; }
    // The connection test as a job for a worker thread. Called on the GUI thread: it copies what it needs
    // from the fields. target: the dialog's name, kind and this page's settings; workspaceRoot: where the
    // workspace keeps what a connection needs (known_hosts, the runtime files).
    virtual TargetConnectionJob connectionTest(const TargetConfig& target, const QString& workspaceRoot) const = 0;

    // Secrets of the target (an SSH password) live in the system keychain, never in its settings. The dialog
    // opened for a stored target: the page shows whether the keychain holds its secrets (asked on a worker).
    virtual void showStoredSecrets(const QString& workspaceRoot, const QString& target)
    {
        Q_UNUSED(workspaceRoot)
        Q_UNUSED(target)
    }
    // Whether a secret was typed that is not in the keychain yet.
    virtual bool hasUnstoredSecrets() const { return false; }
    // Starts storing the typed secrets under target on a worker; secretsStored follows, on the GUI thread.
    virtual void storeSecrets(const QString& workspaceRoot, const QString& target)
    {
        Q_UNUSED(workspaceRoot)
        Q_UNUSED(target)
        emit secretsStored(true, {});
    }

signals:
    // A field changed: the dialog clears stale errors and test results.
    void edited();
    // ok: every typed secret is in the keychain now, and message says which; otherwise message says why not
    // (what failed stays typed, nothing of it is stored anywhere).
    void secretsStored(bool ok, const QString& message);
};
