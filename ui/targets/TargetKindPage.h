// TargetKindPage: the settings page of one kind of compute target inside TargetDialog. Each kind (local now;
// SSH and Slurm later) subclasses it with its own fields, checks and "Test connection" work, so a new kind is
// a new page and one line in TargetDialog::createPage, not changes all over the dialog.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <functional>

struct TargetConnectionResult
{
    bool ok = false;
    QString message; // what the user reads: the interpreter's version, or why the connection failed
};

class TargetKindPage : public QWidget
{
    Q_OBJECT
public:
    explicit TargetKindPage(QWidget* parent = nullptr) : QWidget(parent) {}

    virtual QString kind() const = 0;
    // Fills the fields from stored settings.
    virtual void load(const QJsonObject& settings) = 0;
    // The settings to store: base (what was loaded) with this page's fields applied, so settings this page does
    // not know about survive an edit.
    virtual QJsonObject settings(const QJsonObject& base) const = 0;
    // Checks beyond TargetRegistry::validate that need this machine (an interpreter that exists, a key file
    // that is readable). Each message names the setting, like the registry's messages do.
    virtual QStringList validate() const { return {}; }
    // The connection test as a job for a worker thread. Called on the GUI thread: it copies what it needs
    // from the fields, and the returned function must not touch any widget.
    virtual std::function<TargetConnectionResult()> connectionTest() const = 0;

signals:
    // A field changed: the dialog clears stale errors and test results.
    void edited();
};
