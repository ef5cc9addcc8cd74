#include "shell/AppTheme.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace {
const QString kThemeKey = QStringLiteral("appearance/theme");

struct SystemLook
{
    bool captured = false;
    QString styleName;
    QPalette palette;
    AppTheme::Choice current = AppTheme::Choice::System;
};

SystemLook& systemLook()
{
    static SystemLook look;
    if (!look.captured) {
        look.captured = true;
        look.styleName = QApplication::style() ? QApplication::style()->name() : QString();
        look.palette = QApplication::palette();
    }
    return look;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), disabled(130, 130, 130);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(40, 40, 43));
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 90, 90));
    p.setColor(QPalette::Link, QColor(110, 170, 255));
    p.setColor(QPalette::LinkVisited, QColor(170, 140, 255));
    p.setColor(QPalette::Highlight, QColor(45, 110, 200));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(70, 70, 74));
    p.setColor(QPalette::Midlight, QColor(60, 60, 64));
    p.setColor(QPalette::Mid, QColor(50, 50, 53));
    p.setColor(QPalette::Dark, QColor(25, 25, 27));
    p.setColor(QPalette::Shadow, Qt::black);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}
} // namespace

QString AppTheme::name(Choice choice)
{
    switch (choice) {
    case Choice::Light:
        return QStringLiteral("light");
    case Choice::Dark:
        return QStringLiteral("dark");
    case Choice::System:
        break;
    }
    return QStringLiteral("system");
}

AppTheme::Choice AppTheme::saved()
{
    const QString value = QSettings().value(kThemeKey).toString();
    if (value == name(Choice::Light))
        return Choice::Light;
    if (value == name(Choice::Dark))
        return Choice::Dark;
    return Choice::System;
}

void AppTheme::save(Choice choice) { QSettings().setValue(kThemeKey, name(choice)); }

AppTheme::Choice AppTheme::current() { return systemLook().current; }

void AppTheme::applySaved() { apply(saved()); }

void AppTheme::apply(Choice choice)
{
    SystemLook& look = systemLook();
    if (choice == Choice::System) {
        if (look.current != Choice::System) {
            if (QStyle* style = QStyleFactory::create(look.styleName))
                QApplication::setStyle(style);
            QApplication::setPalette(look.palette);
        }
    } else {
        // Fusion draws every widget from the palette, so a light or dark palette looks the same everywhere.
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(choice == Choice::Dark ? darkPalette() : QApplication::style()->standardPalette());
    }
    look.current = choice;
}
