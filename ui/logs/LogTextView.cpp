#include "logs/LogTextView.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <climits>
#include <cmath>

namespace {
constexpr int kTextMargin = 6;
constexpr int kTabWidth = 8;
} // namespace

LogTextView::LogTextView(QWidget* parent) : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setCursor(Qt::IBeamCursor);
    updateFontMetrics();
}

void LogTextView::setIndex(std::shared_ptr<LogIndex> index)
{
    m_index = std::move(index);
    clearCache();
    m_lineCount = m_index ? m_index->lineCount() : 0;
    m_generation = m_index ? m_index->generation() : 0;
    m_matchLine = -1;
    m_matchText.clear();
    m_anchorLine = m_cursorLine = -1;
    m_widestSeen = 0;
    updateScrollRange();
    setVerticalValue(m_following ? m_lineCount : 0);
    horizontalScrollBar()->setValue(0);
    viewport()->update();
}

void LogTextView::indexChanged()
{
    if (!m_index)
        return;
    const int generation = m_index->generation();
    const qint64 lines = m_index->lineCount();
    if (generation != m_generation) {
        // The file was truncated or replaced: nothing cached or selected refers to it any more.
        clearCache();
        m_generation = generation;
        m_anchorLine = m_cursorLine = -1;
        m_matchLine = -1;
        m_widestSeen = 0;
    }
    // The block holding the last line may have grown; every other block is final.
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (it->mayChange) {
            m_cachedChars -= it->chars;
            it = m_cache.erase(it);
        } else {
            ++it;
        }
    }
    m_lineCount = lines;
    updateScrollRange();
    if (m_following)
        setVerticalValue(m_lineCount);
    viewport()->update();
}

void LogTextView::setFollowing(bool follow)
{
    if (follow == m_following)
        return;
    m_following = follow;
    if (m_following)
        setVerticalValue(m_lineCount);
    emit followingChanged(m_following);
}

qint64 LogTextView::firstVisibleLine() const { return verticalScrollBar()->value(); }

int LogTextView::visibleLineCapacity() const { return std::max(1, viewport()->height() / m_lineHeight); }

QStringList LogTextView::visibleLines() const
{
    QStringList lines;
    const qint64 first = firstVisibleLine();
    for (qint64 l = first; l < std::min(m_lineCount, first + visibleLineCapacity()); ++l)
        lines << lineText(l);
    return lines;
}

void LogTextView::scrollToLine(qint64 line)
{
    setVerticalValue(line);
    if (m_following && verticalScrollBar()->value() < verticalScrollBar()->maximum())
        setFollowing(false);
}

void LogTextView::revealLine(qint64 line)
{
    const qint64 first = firstVisibleLine();
    if (line >= first && line < first + visibleLineCapacity())
        return;
    scrollToLine(line - visibleLineCapacity() / 2);
}

void LogTextView::setCurrentMatch(qint64 line, const QString& text)
{
    m_matchLine = line;
    m_matchText = text;
    viewport()->update();
}

void LogTextView::selectLines(qint64 first, qint64 last)
{
    if (first > last || m_lineCount == 0) {
        m_anchorLine = m_cursorLine = -1;
    } else {
        m_anchorLine = std::clamp<qint64>(first, 0, m_lineCount - 1);
        m_cursorLine = std::clamp<qint64>(last, 0, m_lineCount - 1);
    }
    viewport()->update();
}

qint64 LogTextView::copySelection()
{
    if (!m_index || !hasSelection())
        return 0;
    const qint64 count = std::min(selectionLast() - selectionFirst() + 1, kMaxCopyLines);
    const QStringList lines = m_index->readLines(selectionFirst(), count);
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    return lines.size();
}

const QStringList& LogTextView::block(qint64 number) const
{
    for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
        if (it->number == number) {
            m_cache.splice(m_cache.begin(), m_cache, it);
            return m_cache.front().lines;
        }
    }
    Block b;
    b.number = number;
    if (m_index)
        b.lines = m_index->readLines(number * kBlockLines, kBlockLines);
    b.mayChange = b.lines.size() < kBlockLines || number * kBlockLines + b.lines.size() >= m_lineCount;
    for (const QString& line : b.lines)
        b.chars += line.size();
    m_cachedChars += b.chars;
    m_cache.push_front(std::move(b));
    while (m_cache.size() > 1 && (m_cache.size() > kCachedBlocks || m_cachedChars > kMaxCachedChars)) {
        m_cachedChars -= m_cache.back().chars;
        m_cache.pop_back();
    }
    return m_cache.front().lines;
}

void LogTextView::clearCache()
{
    m_cache.clear();
    m_cachedChars = 0;
}

QString LogTextView::lineText(qint64 line) const
{
    if (line < 0 || line >= m_lineCount)
        return {};
    const QStringList& lines = block(line / kBlockLines);
    const qint64 i = line % kBlockLines;
    return i < lines.size() ? lines[i] : QString();
}

QString LogTextView::expandTabs(const QString& text)
{
    if (!text.contains(QLatin1Char('\t')))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        if (c == QLatin1Char('\t'))
            out += QString(kTabWidth - out.size() % kTabWidth, QLatin1Char(' '));
        else
            out += c;
    }
    return out;
}

void LogTextView::updateFontMetrics()
{
    const QFontMetrics fm(font());
    m_lineHeight = std::max(1, fm.lineSpacing());
    m_charAdvance = std::max<qreal>(1, QFontMetricsF(font()).horizontalAdvance(QLatin1Char('M')));
}

int LogTextView::gutterWidth() const
{
    const int digits = std::max<int>(3, int(QString::number(std::max<qint64>(1, m_lineCount)).size()));
    return int(std::ceil(digits * m_charAdvance)) + 2 * kTextMargin;
}

qreal LogTextView::textLeft() const { return gutterWidth() + kTextMargin - horizontalScrollBar()->value(); }

QRectF LogTextView::currentMatchRect() const
{
    const qint64 row = m_matchLine - firstVisibleLine();
    if (m_matchLine < 0 || m_matchText.isEmpty() || row < 0 || row > viewport()->height() / m_lineHeight)
        return {};
    const QString text = expandTabs(lineText(m_matchLine));
    const int at = int(text.indexOf(m_matchText, 0, Qt::CaseInsensitive));
    if (at < 0)
        return {};
    // Measured, not counted: a character's advance is rarely a whole pixel, so column × rounded width drifts
    // off the text as the column grows.
    const QFontMetricsF fm(font());
    const qreal left = textLeft() + fm.horizontalAdvance(text.left(at));
    const qreal width = fm.horizontalAdvance(text.mid(at, m_matchText.size()));
    return QRectF(left, qreal(row * m_lineHeight), width, qreal(m_lineHeight));
}

void LogTextView::updateScrollRange()
{
    m_scrollingProgrammatically = true;
    QScrollBar* v = verticalScrollBar();
    const qint64 maxFirst = std::max<qint64>(0, m_lineCount - visibleLineCapacity());
    v->setRange(0, int(std::min<qint64>(maxFirst, INT_MAX)));
    v->setPageStep(std::max(1, visibleLineCapacity() - 1));
    v->setSingleStep(1);
    // Monospace: a line's width is its length in characters.
    for (const QString& line : visibleLines()) {
        const qint64 chars = std::min<qint64>(expandTabs(line).size(), LogIndex::kMaxLineChars + 64);
        m_widestSeen = std::max<int>(m_widestSeen, int(std::ceil(qreal(chars) * m_charAdvance)));
    }
    QScrollBar* h = horizontalScrollBar();
    h->setRange(0, std::max(0, m_widestSeen + 2 * kTextMargin - (viewport()->width() - gutterWidth())));
    h->setPageStep(std::max(1, viewport()->width() - gutterWidth()));
    h->setSingleStep(int(std::lround(m_charAdvance * 4)));
    m_scrollingProgrammatically = false;
}

void LogTextView::setVerticalValue(qint64 line)
{
    m_scrollingProgrammatically = true;
    verticalScrollBar()->setValue(int(std::clamp<qint64>(line, 0, verticalScrollBar()->maximum())));
    m_scrollingProgrammatically = false;
}

qint64 LogTextView::lineAt(int y) const { return firstVisibleLine() + (y < 0 ? -1 - (-y / m_lineHeight) : y / m_lineHeight); }

void LogTextView::scrollContentsBy(int dx, int dy)
{
    if (dy != 0) {
        if (!m_scrollingProgrammatically && m_following && verticalScrollBar()->value() < verticalScrollBar()->maximum())
            setFollowing(false);
        updateScrollRange();
    }
    viewport()->update();
}

void LogTextView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollRange();
    if (m_following)
        setVerticalValue(m_lineCount);
}

void LogTextView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateFontMetrics();
        m_widestSeen = 0;
        updateScrollRange();
        viewport()->update();
    }
}

void LogTextView::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    const QPalette& pal = palette();
    const QRect area = viewport()->rect();
    p.fillRect(area, pal.base());
    p.setFont(font());
    const QFontMetrics fm(font());
    const int gutter = gutterWidth();
    const qreal textX = textLeft();
    const QRectF matchMark = currentMatchRect();
    const QRect textArea(gutter, 0, area.width() - gutter, area.height());

    QColor matchBackground = pal.color(QPalette::Highlight);
    matchBackground.setAlpha(60);
    const qint64 first = firstVisibleLine();
    const qint64 selFirst = selectionFirst();
    const qint64 selLast = selectionLast();
    const int rows = area.height() / m_lineHeight + 1;

    p.save();
    p.setClipRect(textArea);
    for (int row = 0; row < rows; ++row) {
        const qint64 line = first + row;
        if (line >= m_lineCount)
            break;
        const int y = row * m_lineHeight;
        const QRect rowRect(gutter, y, area.width() - gutter, m_lineHeight);
        const QString text = expandTabs(lineText(line));
        const bool selected = hasSelection() && line >= selFirst && line <= selLast;
        if (selected)
            p.fillRect(rowRect, pal.brush(QPalette::Highlight));
        else if (line == m_matchLine)
            p.fillRect(rowRect, matchBackground);
        const bool marked = line == m_matchLine && !matchMark.isEmpty();
        if (marked)
            p.fillRect(matchMark, selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Highlight));
        p.setPen(pal.color(selected ? QPalette::HighlightedText : QPalette::Text));
        p.drawText(QPointF(textX, y + fm.ascent()), text);
        if (marked && !selected) {
            // The matched characters on the solid mark, in the colour meant for highlighted text.
            const int at = int(text.indexOf(m_matchText, 0, Qt::CaseInsensitive));
            p.setPen(pal.color(QPalette::HighlightedText));
            p.drawText(QPointF(matchMark.left(), y + fm.ascent()), text.mid(at, m_matchText.size()));
        }
    }
    p.restore();

    // The gutter: line numbers, 1-based as editors show them.
    p.fillRect(QRect(0, 0, gutter, area.height()), pal.window());
    p.setPen(pal.color(QPalette::PlaceholderText));
    for (int row = 0; row < rows; ++row) {
        const qint64 line = first + row;
        if (line >= m_lineCount)
            break;
        const QRect numberRect(0, row * m_lineHeight, gutter - kTextMargin, m_lineHeight);
        p.drawText(numberRect, Qt::AlignRight | Qt::AlignVCenter, QString::number(line + 1));
    }
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(gutter - 1, 0, gutter - 1, area.height());
}

void LogTextView::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectLines(0, m_lineCount - 1);
        return;
    }
    switch (event->key()) {
    case Qt::Key_Home:
        scrollToLine(0);
        return;
    case Qt::Key_End:
        // Going to the end is how a user asks to follow again.
        setFollowing(true);
        return;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void LogTextView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_lineCount == 0 || event->position().x() < gutterWidth()) {
        if (event->button() == Qt::LeftButton && m_lineCount > 0) {
            // A click on a line number selects that line too.
            const qint64 line = std::clamp<qint64>(lineAt(int(event->position().y())), 0, m_lineCount - 1);
            m_anchorLine = m_cursorLine = line;
            viewport()->update();
        }
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const qint64 line = std::clamp<qint64>(lineAt(int(event->position().y())), 0, m_lineCount - 1);
    if ((event->modifiers() & Qt::ShiftModifier) && hasSelection())
        m_cursorLine = line;
    else
        m_anchorLine = m_cursorLine = line;
    viewport()->update();
}

void LogTextView::mouseMoveEvent(QMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton) || !hasSelection()) {
        QAbstractScrollArea::mouseMoveEvent(event);
        return;
    }
    const int y = int(event->position().y());
    // Dragging past an edge scrolls, so a selection can span more than a screen.
    if (y < 0)
        scrollToLine(firstVisibleLine() - 1);
    else if (y > viewport()->height())
        scrollToLine(firstVisibleLine() + 1);
    m_cursorLine = std::clamp<qint64>(lineAt(y), 0, m_lineCount - 1);
    viewport()->update();
}
