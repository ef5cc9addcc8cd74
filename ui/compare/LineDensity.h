// How many lines cross each pixel of an image, for drawing thousands of translucent lines: stacking n lines
// of opacity a gives a pixel the opacity 1 - (1 - a)^n, so counting the lines per pixel and mapping the
// count through a table draws the same picture as painting them one by one. QPainter's raster engine
// blends every pixel of every line through its span functions, which costs about a second for the 50,000
// segments of 10,000 runs over 6 axes; counting them here takes a few milliseconds.
// Optionally each pixel also sums a value per line (a colour-axis fraction), for the mean colour there.
// Lines can be taken away again (removeLine visits exactly the pixels addLine did), so that a change of a
// few lines (a brush moved by a pixel) costs those lines rather than all of them. For that the counts do not
// stop where the stack turns opaque but at 65,535 (two bytes a pixel), and the sums are integers.
#pragma once

#include <QSize>
#include <QVector>
#include <QtGlobal>

class LineDensity
{
public:
    // Zeroes every pixel; `withValues` also keeps the per-pixel sums.
    void reset(QSize size, bool withValues);
    QSize size() const { return m_size; }

    // A one-pixel line from (x0, y0) to (x1, y1) in pixels, both ends included; parts outside are dropped.
    void addLine(int x0, int y0, int x1, int y1);
    // Takes a line added with the same ends away again.
    void removeLine(int x0, int y0, int x1, int y1);
    // The same, adding (taking away) `value`, 0 to kValueScale, to each pixel's sum (only after
    // reset(..., true)).
    void addLine(int x0, int y0, int x1, int y1, quint32 value);
    void removeLine(int x0, int y0, int x1, int y1, quint32 value);

    const quint16* counts() const { return m_counts.constData(); }
    const quint32* sums() const { return m_sums.constData(); }
    quint16 count(int x, int y) const { return m_counts[y * m_size.width() + x]; }
    // A pixel's count stops here; adding and taking away stay exact below it, so a view must rebuild
    // (reset and add) rather than take lines away when more lines than this may cross one pixel.
    static constexpr int kMaxCount = 65535;
    // Past this many lines a stack of the plots' faintest lines is opaque: 1 - (1 - 14/255)^255 is 1 to six
    // digits. alphaTable has an entry per count up to it; larger counts use its last entry.
    static constexpr int kOpaqueCount = 255;
    // The value of a colour fraction of 1 (values are fractions times this, rounded).
    static constexpr quint32 kValueScale = 4096;

    // The opacity (0-255) of `count` stacked lines of opacity `alpha` (0-255), for every count up to
    // kOpaqueCount.
    static QVector<quint8> alphaTable(int alpha);

private:
    template <typename Visit> void rasterize(int x0, int y0, int x1, int y1, Visit visit);

    QSize m_size;
    QVector<quint16> m_counts;
    QVector<quint32> m_sums;
};
