// The text area of the log viewer: paints only the lines on screen, read on demand from a LogIndex, with a
// line-number gutter, a selection of whole lines and the current search match. The vertical scroll bar counts
// lines, so a log of millions of lines scrolls anywhere at once and the widget holds only what it shows
// (plus a small cache of recently read blocks).
#pragma once

#include "logs/LogIndex.h"

#include <QAbstractScrollArea>
#include <QStringList>

#include <list>
#include <memory>

class LogTextView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit LogTextView(QWidget* parent = nullptr);

    // The log to show; nullptr shows nothing. Resets the selection, the match and the cache.
    void setIndex(std::shared_ptr<LogIndex> index);
    // The index was extended (or started over): refresh the scroll range and, when following, go to the end.
    void indexChanged();

    bool isFollowing() const { return m_following; }
    void setFollowing(bool follow);

    qint64 lineCount() const { return m_lineCount; }
    qint64 firstVisibleLine() const;
    int visibleLineCapacity() const;
    // The lines currently on screen, as the index gives them.
    QStringList visibleLines() const;
    void scrollToLine(qint64 line);
    // Scrolls so the line is in view (centred when it was not) without leaving follow mode on.
    void revealLine(qint64 line);

    // The line of the current search match (highlighted, with the searched text marked), or -1.
    void setCurrentMatch(qint64 line, const QString& text);
    qint64 currentMatchLine() const { return m_matchLine; }
    // Where the mark of the current match is drawn, in viewport coordinates; empty when it is not on screen.
    QRectF currentMatchRect() const;
    // x of every line's first character in viewport coordinates (after the gutter, less the horizontal scroll).
    qreal textLeft() const;

    // Selected lines, inclusive; first > last means none.
    void selectLines(qint64 first, qint64 last);
    qint64 selectionFirst() const { return std::min(m_anchorLine, m_cursorLine); }
    qint64 selectionLast() const { return std::max(m_anchorLine, m_cursorLine); }
    bool hasSelection() const { return m_anchorLine >= 0 && m_cursorLine >= 0; }
    // Puts the selected lines on the clipboard (at most kMaxCopyLines); the number of lines copied.
    qint64 copySelection();

    static constexpr qint64 kMaxCopyLines = 200000;

signals:
    // The user scrolled away from the end (or back to following with End).
    void followingChanged(bool following);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Block
    {
        qint64 number = 0;
        QStringList lines;
        bool mayChange = false; // holds the last line, which may still grow
        qint64 chars = 0;
    };

    const QStringList& block(qint64 number) const;
    void clearCache();
    QString lineText(qint64 line) const;
    void updateScrollRange();
    void updateFontMetrics();
    int gutterWidth() const;
    qint64 lineAt(int y) const;
    void setVerticalValue(qint64 line);
    static QString expandTabs(const QString& text);

    std::shared_ptr<LogIndex> m_index;
    qint64 m_lineCount = 0;
    int m_generation = 0;
    bool m_following = false;
    bool m_scrollingProgrammatically = false;
    qint64 m_matchLine = -1;
    QString m_matchText;
    qint64 m_anchorLine = -1;
    qint64 m_cursorLine = -1;
    int m_lineHeight = 1;
    qreal m_charAdvance = 1; // the font's real advance, fractional at most sizes and scales
    int m_widestSeen = 0;

    static constexpr int kBlockLines = 128;
    static constexpr size_t kCachedBlocks = 24;
    // Blocks of very long lines are large (each line up to LogIndex::kMaxLineChars), so the cache is also
    // bounded by the characters it holds.
    static constexpr qint64 kMaxCachedChars = 4 << 20;
    mutable std::list<Block> m_cache; // most recently used first
    mutable qint64 m_cachedChars = 0;
};
