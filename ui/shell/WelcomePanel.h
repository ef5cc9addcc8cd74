// What the runs page shows while the workspace has no runs at all: what to do first. Drop a project folder
// on the window, open one, or try the bundled sample project with one click.
#pragma once

#include <QWidget>

class QPushButton;

class WelcomePanel : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePanel(QWidget* parent = nullptr);

    QPushButton* openProjectButton() const { return m_openProject; }
    QPushButton* trySampleButton() const { return m_trySample; }

    // Copies the bundled sample project (a small scikit-learn training script with its estimator.yml) into
    // `folder`/sample-project unless a copy is already there; the copy's path, or empty with *error set.
    static QString copySampleProject(const QString& folder, QString* error);

signals:
    void openProjectRequested();
    void sampleRequested();

private:
    QPushButton* m_openProject = nullptr;
    QPushButton* m_trySample = nullptr;
};
