#include "compare/DiffHighlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QTextCharFormat>

namespace {

QColor tint(const QColor& colour, double share)
{
    const QColor base = QGuiApplication::palette().color(QPalette::Base);
    return QColor::fromRgbF(float(base.redF() * (1 - share) + colour.redF() * share),
                            float(base.greenF() * (1 - share) + colour.greenF() * share),
                            float(base.blueF() * (1 - share) + colour.blueF() * share));
}

} // namespace

DiffHighlighter::DiffHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {}

QColor DiffHighlighter::addedColour()
{
    return tint(QColor(0x2e, 0xa0, 0x43), 0.3);
}

QColor DiffHighlighter::removedColour()
{
    return tint(QColor(0xd7, 0x3a, 0x49), 0.3);
}

void DiffHighlighter::highlightBlock(const QString& text)
{
    QTextCharFormat format;
    if (text.startsWith(QLatin1String("+++")) || text.startsWith(QLatin1String("---"))) {
        format.setFontWeight(QFont::Bold);
    } else if (text.startsWith(QLatin1String("@@"))) {
        format.setForeground(QGuiApplication::palette().brush(QPalette::Link));
    } else if (text.startsWith(QLatin1Char('+'))) {
        format.setBackground(addedColour());
    } else if (text.startsWith(QLatin1Char('-'))) {
        format.setBackground(removedColour());
    } else {
        return;
    }
    setFormat(0, int(text.size()), format);
}
