// Drives a MainWindow through its main views and saves a PNG of each, for the screenshots in the README
// (`trainyard --screenshots DIR`, run under Xvfb by scripts/screenshots.sh on a workspace with three finished
// runs, one failed run and a registered model). Every step waits for the view's asynchronous loading (runs
// table, log index, metric fetch, artifact listing, model list, comparison, failure cause, file preview) by
// polling its accessors, with a timeout: a view that never loads ends the tour with a message and a non-zero
// exit code instead of an empty picture.
#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class MainWindow;

class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    // The size of every picture, and the font they are drawn with, so screenshots stay comparable.
    static constexpr int kWidth = 1400;
    static constexpr int kHeight = 860;
    static constexpr int kFontPointSize = 9;

    // `projectFolder` is opened in the estimator form for its picture; empty keeps what the form shows.
    ScreenshotTour(MainWindow* window, const QString& outputDir, const QString& projectFolder, QObject* parent = nullptr);

    // Sets the style and font the pictures are drawn with; call before the window is built.
    static void prepareApplication();

    // Starts the tour; the application exits with 0 when every picture is saved, 1 otherwise.
    void start();
    QStringList savedFiles() const { return m_saved; }

signals:
    void finished(bool ok);

private:
    using Condition = std::function<bool()>;
    using Step = std::function<void()>;

    // Calls `next` once `ready` holds (checked every 100 ms) and the view had `settleMs` to paint; fails the
    // tour with "timed out waiting for <what>" after `timeoutMs`.
    void waitFor(const QString& what, Condition ready, Step next, int timeoutMs = 20000, int settleMs = 400);
    void fail(const QString& message);
    bool save(const QString& fileName, const QImage& image);
    QImage grabWindow() const;

    void showRuns();
    void shootRuns();
    void shootLogs();
    void shootMetrics();
    void shootArtifacts();
    void shootEstimatorForm();
    void shootModels();
    void shootCompareTable();
    void shootParallelCoordinates();
    void shootFailedRun();
    void shootArtifactPreview();
    void finish();

    MainWindow* m_window;
    QString m_outputDir;
    QString m_projectFolder;
    QStringList m_runIds;       // the two newest finished runs, newest first, as the runs table lists them
    QStringList m_finishedRuns; // every finished run, oldest first (the columns of the comparison)
    QString m_failedRun;
    QStringList m_saved;
    bool m_failed = false;
};
