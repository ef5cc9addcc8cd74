#include "targets/TargetDialog.h"

#include "targets/TargetKind.h"
#include "targets/TargetLocalPage.h"
#include "targets/TargetRegistry.h"
#include "targets/TargetSlurmPage.h"
#include "targets/TargetSshPage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <functional>

namespace {
const QString kErrorStyle = QStringLiteral("color: #d9534f;");
const QString kOkStyle = QStringLiteral("color: #3c9a4a;");
} // namespace

TargetKindPage* TargetDialog::createPage(const QString& kind)
{
    // The kind names its page (core/targets/TargetKind.cpp); the widgets that can be named are listed here,
    // since the core cannot know them.
    static const QHash<QString, std::function<TargetKindPage*()>> pages{
        {QStringLiteral("TargetLocalPage"), [] { return new TargetLocalPage; }},
        {QStringLiteral("TargetSshPage"), [] { return new TargetSshPage; }},
        {QStringLiteral("TargetSlurmPage"), [] { return new TargetSlurmPage; }},
    };
    const TargetKind* registered = TargetKinds::find(kind);
    const auto page = registered ? pages.find(registered->pageName) : pages.end();
    return page == pages.end() ? nullptr : page.value()();
}

TargetDialog::TargetDialog(const Workspace& workspace, const std::optional<TargetConfig>& existing, QWidget* parent)
    : QDialog(parent), m_workspace(workspace), m_testWatcher(new QFutureWatcher<TargetConnectionResult>(this))
{
    setWindowTitle(existing ? tr("Edit target %1").arg(existing->name) : tr("Add compute target"));
    setAccessibleName(windowTitle());
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("targetName"));
    m_name->setAccessibleName(tr("Target name"));
    m_name->setPlaceholderText(tr("Letters, digits, '.', '_' or '-'"));
    connect(m_name, &QLineEdit::textChanged, this, &TargetDialog::clearFeedback);
    form->addRow(tr("&Name:"), m_name);

    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("targetKind"));
    m_kind->setAccessibleName(tr("Target kind"));
    form->addRow(tr("&Kind:"), m_kind);

    m_pages = new QStackedWidget;
    m_pages->setObjectName(QStringLiteral("targetPages"));
    m_pages->setAccessibleName(tr("Target settings"));
    layout->addWidget(m_pages);
    QStringList kinds = TargetRegistry::knownKinds();
    if (existing && !kinds.contains(existing->kind))
        kinds << existing->kind;
    // A handful of rows, read once: the pages that refer to other targets pick from them.
    const QVector<TargetConfig> targets = TargetRegistry(m_workspace).list();
    for (const QString& kind : kinds) {
        TargetKindPage* page = createPage(kind);
        if (!page)
            continue;
        page->setTargets(targets);
        m_pages->addWidget(page);
        m_pageByKind.insert(kind, page);
        m_kind->addItem(kind);
        connect(page, &TargetKindPage::edited, this, &TargetDialog::clearFeedback);
        connect(page, &TargetKindPage::secretsStored, this, &TargetDialog::secretsStored);
    }
    connect(m_kind, &QComboBox::currentTextChanged, this, [this](const QString& kind) {
        if (TargetKindPage* page = m_pageByKind.value(kind))
            m_pages->setCurrentWidget(page);
        clearFeedback();
    });

    m_errorLabel = new QLabel;
    m_errorLabel->setObjectName(QStringLiteral("targetErrors"));
    m_errorLabel->setAccessibleName(tr("Problems with the target"));
    m_errorLabel->setStyleSheet(kErrorStyle);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    m_testButton = new QPushButton(tr("&Test connection"));
    m_testButton->setObjectName(QStringLiteral("testConnection"));
    m_testButton->setAccessibleName(tr("Test connection"));
    m_testResult = new QLabel;
    m_testResult->setObjectName(QStringLiteral("connectionResult"));
    m_testResult->setAccessibleName(tr("Connection test result"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_testButton, &QPushButton::clicked, this, &TargetDialog::testConnection);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addWidget(m_testResult, 1);
    layout->addLayout(testRow);

    m_secretsNote = new QLabel;
    m_secretsNote->setObjectName(QStringLiteral("secretsNote"));
    m_secretsNote->setAccessibleName(tr("Secrets stored in the keychain"));
    m_secretsNote->setWordWrap(true);
    m_secretsNote->hide();
    layout->addWidget(m_secretsNote);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    buttons->setObjectName(QStringLiteral("targetButtons"));
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveTarget"));
    buttons->button(QDialogButtonBox::Save)->setAccessibleName(tr("Save the target"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Close without saving"));
    connect(buttons, &QDialogButtonBox::accepted, this, &TargetDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &TargetDialog::reject);
    layout->addWidget(buttons);
    m_buttons = buttons;

    connect(m_testWatcher, &QFutureWatcher<TargetConnectionResult>::finished, this, &TargetDialog::showTestResult);

    if (existing) {
        m_name->setText(existing->name);
        m_name->setReadOnly(true); // the name is the key; a rename is a new target
        m_kind->setCurrentText(existing->kind);
        m_kind->setEnabled(false);
        m_loadedSettings = existing->settings;
        if (TargetKindPage* page = m_pageByKind.value(existing->kind)) {
            page->load(existing->settings);
            page->showStoredSecrets(m_workspace.root(), existing->name);
        }
    }
    if (TargetKindPage* page = m_pageByKind.value(m_kind->currentText()))
        m_pages->setCurrentWidget(page);
    clearFeedback();
}

TargetDialog::~TargetDialog()
{
    // A running test keeps going on the pool (it owns copies only); its result is simply not shown.
    m_testWatcher->disconnect(this);
}

TargetKindPage* TargetDialog::currentPage() const { return m_pageByKind.value(m_kind->currentText()); }

TargetConfig TargetDialog::target() const
{
    TargetConfig config;
    config.name = m_name->text().trimmed();
    config.kind = m_kind->currentText();
    const TargetKindPage* page = currentPage();
    config.settings = page ? page->settings(m_loadedSettings) : m_loadedSettings;
    return config;
}

QStringList TargetDialog::saveProblems(const TargetConfig& config) const
{
    QStringList errors = TargetRegistry::validate(config);
    if (const TargetKindPage* page = currentPage())
        errors += page->validate();
    return errors;
}

void TargetDialog::accept()
{
    if (m_afterSecrets != AfterSecrets::Nothing)
        return; // the typed secrets are on their way to the keychain; what follows waits for them
    const TargetConfig config = target();
    QStringList errors = saveProblems(config);
    if (errors.isEmpty()) {
        // The secrets first: a target saved with its password refused would look ready and fail to log in.
        if (const TargetKindPage* page = currentPage(); page && page->hasUnstoredSecrets()) {
            storeSecretsThen(AfterSecrets::Save);
            return;
        }
        QString error;
        if (TargetRegistry(m_workspace).save(config, &error)) {
            m_errors.clear();
            emit saved(config.name);
            QDialog::accept();
            return;
        }
        errors << error;
    }
    showErrors(errors);
}

void TargetDialog::storeSecretsThen(AfterSecrets next)
{
    TargetKindPage* page = currentPage();
    m_afterSecrets = next;
    m_buttons->setEnabled(false);
    m_testButton->setEnabled(false);
    m_name->setEnabled(false); // the secrets are stored under this name
    m_secretsNote->setStyleSheet(QString());
    m_secretsNote->setText(tr("Storing in the system keychain…"));
    m_secretsNote->show();
    page->storeSecrets(m_workspace.root(), target().name);
}

void TargetDialog::secretsStored(bool ok, const QString& message)
{
    const AfterSecrets next = m_afterSecrets;
    m_afterSecrets = AfterSecrets::Nothing;
    m_buttons->setEnabled(true);
    m_testButton->setEnabled(!m_testWatcher->isRunning());
    m_name->setEnabled(true);
    if (!ok) {
        m_secretsNote->hide();
        if (next == AfterSecrets::Test) {
            m_testResult->setText(message);
            m_testResult->setStyleSheet(kErrorStyle);
            emit connectionTested(false, message);
        } else {
            showErrors({message});
        }
        return;
    }
    m_secretsNote->setText(next == AfterSecrets::Test
                               ? tr("%1, before testing: ssh reads it from there.").arg(message)
                               : message);
    if (next == AfterSecrets::Save)
        accept();
    else if (next == AfterSecrets::Test)
        testConnection();
}

void TargetDialog::testConnection()
{
    TargetKindPage* page = currentPage();
    if (!page || m_testWatcher->isRunning() || m_afterSecrets != AfterSecrets::Nothing)
        return;
    const TargetConfig config = target();
    // Values the kind would refuse on Save are named now, not handed to a connection (ssh -p 70000).
    QStringList problems;
    if (const TargetKind* kind = TargetKinds::find(config.kind))
        for (const TargetSetting& setting : kind->settings) {
            const QJsonValue value = config.settings.value(setting.key);
            const QString problem = value.isUndefined() || !setting.validate ? QString() : setting.validate(value);
            if (!problem.isEmpty())
                problems << QStringLiteral("%1: %2").arg(setting.key, problem);
        }
    problems += page->validate();
    if (!problems.isEmpty()) {
        const QString text = problems.join(QLatin1Char('\n'));
        m_testResult->setText(text);
        m_testResult->setStyleSheet(kErrorStyle);
        emit connectionTested(false, text);
        return;
    }
    // ssh reads a password from the keychain only: one typed and not saved yet goes there first.
    if (page->hasUnstoredSecrets()) {
        storeSecretsThen(AfterSecrets::Test);
        return;
    }
    m_testButton->setEnabled(false);
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing…"));
    m_testWatcher->setFuture(QtConcurrent::run(page->connectionTest(config, m_workspace.root())));
}

void TargetDialog::showTestResult()
{
    const TargetConnectionResult result = m_testWatcher->result();
    const QString text = QStringList(QStringList{result.message} + result.details).join(QLatin1Char('\n'));
    m_testResult->setText(text);
    m_testResult->setStyleSheet(result.ok ? kOkStyle : kErrorStyle);
    if (result.askUser) {
        // The question is modal on the GUI thread; what follows from the answer runs on a worker again. It
        // starts from the event loop, not from inside this watcher's own finished signal.
        const TargetConnectionJob next = result.askUser(this);
        QMetaObject::invokeMethod(
            this, [this, next]() { m_testWatcher->setFuture(QtConcurrent::run(next)); }, Qt::QueuedConnection);
        return;
    }
    m_testButton->setEnabled(true);
    emit connectionTested(result.ok, text);
}

void TargetDialog::showErrors(const QStringList& errors)
{
    m_errors = errors;
    m_errorLabel->setText(errors.join(QLatin1Char('\n')));
    m_errorLabel->setVisible(!errors.isEmpty());
}

void TargetDialog::clearFeedback()
{
    showErrors({});
    if (!m_testWatcher->isRunning())
        m_testResult->clear();
}
