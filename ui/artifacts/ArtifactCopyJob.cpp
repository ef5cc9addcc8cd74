#include "artifacts/ArtifactCopyJob.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProgressDialog>
#include <QTemporaryDir>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace {
struct Outcome
{
    bool ok = false;
    QString error;
};
} // namespace

ArtifactCopyJob::ArtifactCopyJob(Work work) : m_work(std::move(work)) {}

void ArtifactCopyJob::start()
{
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        const Outcome outcome = watcher->result();
        emit finished(outcome.ok, outcome.error);
        deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([this] {
        QElapsedTimer sinceReport;
        sinceReport.start();
        // Progress is reported at most every 50 ms (and at the end) so a fast copy cannot flood the event loop.
        const Progress progress = [this, &sinceReport](qint64 done, qint64 total) {
            if (done == total || sinceReport.elapsed() >= 50) {
                sinceReport.restart();
                emit progressed(done, total);
            }
            return !m_canceled.load();
        };
        Outcome outcome;
        outcome.ok = m_work(&outcome.error, progress);
        if (!outcome.ok && m_canceled && outcome.error.isEmpty())
            outcome.error = tr("canceled");
        return outcome;
    }));
}

void ArtifactCopyJob::showProgressDialog(QWidget* parent, const QString& label)
{
    auto* progress = new QProgressDialog(label, tr("Cancel"), 0, 1000, parent);
    progress->setWindowTitle(tr("Copying"));
    progress->setAccessibleName(tr("Copy progress"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(500); // small files finish before anything flashes up
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setValue(0);
    connect(progress, &QProgressDialog::canceled, this, &ArtifactCopyJob::cancel);
    connect(this, &ArtifactCopyJob::progressed, progress, [progress](qint64 done, qint64 total) {
        progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(this, &ArtifactCopyJob::finished, progress, [progress] {
        progress->disconnect();
        progress->deleteLater();
    });
}

bool ArtifactCopyJob::copyReplacing(const QString& destination, bool replace,
                                    const std::function<bool(const QString& target)>& copyTo, QString* error)
{
    if (!replace)
        return copyTo(destination);
    const QFileInfo target(destination);
    QTemporaryDir staging(target.absolutePath() + QStringLiteral("/.trainyard-copy-XXXXXX"));
    if (!staging.isValid()) {
        *error = tr("cannot write into %1").arg(target.absolutePath());
        return false;
    }
    const QString staged = staging.path() + QLatin1Char('/') + target.fileName();
    if (!copyTo(staged))
        return false;
    const bool removed = target.isDir() && !target.isSymLink() ? QDir(destination).removeRecursively() : QFile::remove(destination);
    if (!removed || !QDir().rename(staged, destination)) {
        *error = tr("cannot replace %1").arg(destination);
        return false;
    }
    return true;
}
