// Colours a unified diff (git.diff, *.diff, *.patch) in a text document: added lines green, removed lines
// red, hunk headers (@@ … @@) blue, file headers (diff --git, index, ---, +++) bold. The colours are
// mid-tones that read on light and dark palettes.
#pragma once

#include <QSyntaxHighlighter>

class DiffHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    enum class LineKind { Context, Added, Removed, Hunk, FileHeader };

    explicit DiffHighlighter(QTextDocument* document);

    static LineKind kindOf(const QString& line);
    static QColor colorOf(LineKind kind);

protected:
    void highlightBlock(const QString& text) override;
};
