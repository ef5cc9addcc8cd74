#include "shell/WelcomePanel.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace {
const QString kSampleResource = QStringLiteral(":/trainyard/sample");
}

WelcomePanel::WelcomePanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePanel"));
    setAccessibleName(tr("Getting started"));
    auto* title = new QLabel(tr("No runs yet"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    auto* text = new QLabel(tr("Drop a project folder here, the folder with your training script, to fill in an "
                               "estimator and submit your first run. Or open one, or try the sample project: a small "
                               "scikit-learn script that logs its accuracy."),
                            this);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setMaximumWidth(520);

    m_openProject = new QPushButton(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Open Project Folder…"), this);
    m_openProject->setObjectName(QStringLiteral("welcomeOpenProject"));
    m_trySample = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Try the Sample Project"), this);
    m_trySample->setObjectName(QStringLiteral("welcomeTrySample"));
    m_trySample->setDefault(true);
    connect(m_openProject, &QPushButton::clicked, this, &WelcomePanel::openProjectRequested);
    connect(m_trySample, &QPushButton::clicked, this, &WelcomePanel::sampleRequested);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_openProject);
    buttons->addWidget(m_trySample);
    buttons->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(title);
    layout->addSpacing(8);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addSpacing(16);
    layout->addLayout(buttons);
    layout->addStretch(3);
}

QString WelcomePanel::copySampleProject(const QString& folder, QString* error)
{
    const QString target = QDir(folder).filePath(QStringLiteral("sample-project"));
    // A copy made before is the user's now (they may have edited it): it is opened as it is.
    if (QFileInfo::exists(QDir(target).filePath(QStringLiteral("estimator.yml"))))
        return target;
    QDirIterator files(kSampleResource, QDir::Files, QDirIterator::Subdirectories);
    bool any = false;
    while (files.hasNext()) {
        const QString source = files.next();
        const QString destination = target + source.mid(kSampleResource.size());
        if (!QDir().mkpath(QFileInfo(destination).absolutePath())) {
            *error = tr("cannot create %1").arg(QFileInfo(destination).absolutePath());
            return {};
        }
        QFile::remove(destination);
        if (!QFile::copy(source, destination)) {
            *error = tr("cannot write %1").arg(destination);
            return {};
        }
        // Resource files are read-only; the copy is the user's to edit.
        QFile(destination).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                          | QFileDevice::ReadOther);
        any = true;
    }
    if (!any) {
        *error = tr("this build has no sample project");
        return {};
    }
    return target;
}
