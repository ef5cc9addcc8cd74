// The language of the window's text: English or Turkish, from the system locale unless chosen in
// Settings → Language (QSettings "ui/language": "" follows the system, "en", "tr"). The translations are
// embedded (:/i18n/trainyard_<code>.qm, built from translations/*.ts); Qt's own dialogs and buttons are
// translated too where the system has Qt's translations (qtbase_<code>.qm). A choice applies at the next
// start, because every page sets its text once, when it is built.
#pragma once

#include <QString>
#include <QStringList>

class UiLanguage
{
public:
    enum class Choice { System, English, Turkish };

    // Installs the translators of the saved choice; call once the application's name is set (QSettings).
    static void installSaved();
    // Installs the translators of `code` ("en", "tr"), replacing those installed before; false when the
    // app has no translation for it (English is then shown).
    static bool install(const QString& code);

    static Choice saved();
    static void save(Choice choice);
    // "", "en" or "tr": the settings value of a choice.
    static QString code(Choice choice);
    // The language a choice shows: an explicit one, or the first of the system's UI languages the app has
    // (English when it has none of them).
    static QString effectiveCode(Choice choice);
    // The languages the app has translations for, as codes.
    static QStringList availableCodes();
    // The code installed now ("en" before any install).
    static QString installedCode();
};
