// Colours a unified diff in a text document: added lines green, removed red, hunk headers in the link
// colour, all as tints of the palette's base so they read on light and dark themes.
#pragma once

#include <QSyntaxHighlighter>

class DiffHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit DiffHighlighter(QTextDocument* document);

    static QColor addedColour();
    static QColor removedColour();

protected:
    void highlightBlock(const QString& text) override;
};
