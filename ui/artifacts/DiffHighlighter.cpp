#include "artifacts/DiffHighlighter.h"

#include <QColor>
#include <QFont>
#include <QTextCharFormat>

DiffHighlighter::DiffHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {}

DiffHighlighter::LineKind DiffHighlighter::kindOf(const QString& line)
{
    if (line.startsWith(QLatin1String("+++ ")) || line.startsWith(QLatin1String("--- ")) ||
        line.startsWith(QLatin1String("diff ")) || line.startsWith(QLatin1String("index ")))
        return LineKind::FileHeader;
    if (line.startsWith(QLatin1String("@@")))
        return LineKind::Hunk;
    if (line.startsWith(QLatin1Char('+')))
        return LineKind::Added;
    if (line.startsWith(QLatin1Char('-')))
        return LineKind::Removed;
    return LineKind::Context;
}

QColor DiffHighlighter::colorOf(LineKind kind)
{
    switch (kind) {
    case LineKind::Added:
        return QColor(0x2e, 0x9e, 0x44);
    case LineKind::Removed:
        return QColor(0xd0, 0x3b, 0x3b);
    case LineKind::Hunk:
        return QColor(0x3b, 0x7d, 0xd8);
    case LineKind::FileHeader:
    case LineKind::Context:
        break;
    }
    return {};
}

void DiffHighlighter::highlightBlock(const QString& text)
{
    LineKind kind = kindOf(text);
    // Inside a hunk a removed "-- x" or an added "++ x" is a change, not a file header.
    bool inHunk = previousBlockState() == 1;
    if (text.startsWith(QLatin1String("diff ")))
        inHunk = false;
    else if (kind == LineKind::Hunk)
        inHunk = true;
    else if (inHunk && kind == LineKind::FileHeader && !text.startsWith(QLatin1String("index ")))
        kind = text.startsWith(QLatin1Char('+')) ? LineKind::Added : LineKind::Removed;
    setCurrentBlockState(inHunk ? 1 : 0);
    if (kind == LineKind::Context)
        return;
    QTextCharFormat format;
    if (kind == LineKind::FileHeader)
        format.setFontWeight(QFont::Bold);
    else
        format.setForeground(colorOf(kind));
    setFormat(0, int(text.size()), format);
}
