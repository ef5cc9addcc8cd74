// One slow file operation of the artifacts and registry pages (a download, a temporary copy to open, a model
// registration) run on the thread pool. Progress and the result come back as signals on the GUI thread;
// cancel() makes the progress callback return false, which the core's copy routines treat as "stop".
// The job deletes itself once the work has returned, so an owner that goes away first only calls cancel().
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

class QWidget;

class ArtifactCopyJob : public QObject
{
    Q_OBJECT
public:
    using Progress = std::function<bool(qint64 done, qint64 total)>;
    // Runs on a worker thread: returns false with *error set on failure (a canceled copy fails too).
    using Work = std::function<bool(QString* error, const Progress& progress)>;

    explicit ArtifactCopyJob(Work work);

    void start();
    // Shows a cancelable progress dialog over `parent` while the job runs (only if it takes over half a second).
    void showProgressDialog(QWidget* parent, const QString& label);
    void cancel() { m_canceled = true; }
    bool isCanceled() const { return m_canceled; }

    // For a download: copyTo(target) writes a new path. When `replace` is set the copy goes next to the
    // existing destination first and only then takes its place, so a failed or canceled copy leaves it intact.
    static bool copyReplacing(const QString& destination, bool replace,
                              const std::function<bool(const QString& target)>& copyTo, QString* error);

signals:
    void progressed(qint64 done, qint64 total);
    void finished(bool ok, const QString& error);

private:
    Work m_work;
    std::atomic_bool m_canceled{false};
};
