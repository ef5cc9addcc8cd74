// The window's colours: the system's (the default: what the desktop's style and palette say), or Fusion with
// a built-in light or dark palette. Chosen in View → Theme and remembered.
#pragma once

#include <QString>

class AppTheme
{
public:
    enum class Choice { System, Light, Dark };

    // Remembers the system style and palette (once, before any change), then applies the saved choice.
    static void applySaved();
    static void apply(Choice choice);
    static Choice saved();
    static void save(Choice choice);
    static Choice current();
    static QString name(Choice choice);
};
