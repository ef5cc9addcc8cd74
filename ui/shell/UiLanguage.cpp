#include "shell/UiLanguage.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace {
const QString kLanguageKey = QStringLiteral("ui/language");

struct Installed
{
    QString code = QStringLiteral("en");
    QPointer<QTranslator> app;
    QPointer<QTranslator> qt;
};

Installed& installed()
{
    static Installed state;
    return state;
}

void removeInstalled()
{
    Installed& state = installed();
    for (QTranslator* translator : {state.app.data(), state.qt.data()}) {
        if (!translator)
            continue;
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}
} // namespace

QStringList UiLanguage::availableCodes() { return {QStringLiteral("en"), QStringLiteral("tr")}; }

QString UiLanguage::code(Choice choice)
{
    switch (choice) {
    case Choice::English:
        return QStringLiteral("en");
    case Choice::Turkish:
        return QStringLiteral("tr");
    case Choice::System:
        break;
    }
    return QString();
}

UiLanguage::Choice UiLanguage::saved()
{
    const QString value = QSettings().value(kLanguageKey).toString();
    if (value == QLatin1String("en"))
        return Choice::English;
    if (value == QLatin1String("tr"))
        return Choice::Turkish;
    return Choice::System;
}

void UiLanguage::save(Choice choice) { QSettings().setValue(kLanguageKey, code(choice)); }

QString UiLanguage::effectiveCode(Choice choice)
{
    if (choice != Choice::System)
        return code(choice);
    // uiLanguages() follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG, most preferred first: "tr-TR", "tr", …
    const QStringList available = availableCodes();
    for (const QString& language : QLocale::system().uiLanguages()) {
        const QString base = language.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
        if (available.contains(base))
            return base;
    }
    return QStringLiteral("en");
}

void UiLanguage::installSaved() { install(effectiveCode(saved())); }

bool UiLanguage::install(const QString& code)
{
    removeInstalled();
    Installed& state = installed();
    state.code = QStringLiteral("en");
    // Owned by the application, so they go with it; the pointers clear themselves then.
    auto* app = new QTranslator(QCoreApplication::instance());
    // English has a translation too: the plural forms of "%n run(s)".
    if (!availableCodes().contains(code) || !app->load(QStringLiteral(":/i18n/trainyard_%1.qm").arg(code))) {
        delete app;
        return false;
    }
    QCoreApplication::installTranslator(app);
    state.app = app;
    state.code = code;
    // Qt's standard buttons and dialogs (OK, Cancel, the file dialog) come from Qt's own catalogue.
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (code != QLatin1String("en")
        && qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        state.qt = qt;
    } else {
        delete qt;
    }
    return true;
}

QString UiLanguage::installedCode() { return installed().code; }
