// How many lines cross each pixel of an image, for drawing thousands of translucent lines: stacking n lines
// of opacity a gives a pixel the opacity 1 - (1 - a)^n, so counting the lines per pixel and mapping the
// count through a table draws the same picture as painting them one by one. QPainter's raster engine
// blends every pixel of every line through its span functions, which costs about a second for the 50,000
// segments of 10,000 runs over 6 axes; counting them here takes a few tens of milliseconds.
// Optionally each pixel also sums a value per line (a colour-axis fraction), for the mean colour there.
// Counts stop at 255: by then the stack is opaque for any opacity the plots use (1 - (1 - 14/255)^255 is
// 1 to six digits), and a byte per pixel keeps the whole layer in the CPU's cache while lines cross it.
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
    void addLine(int x0, int y0, int x1, int y1) { rasterize(x0, y0, x1, y1, 0, false); }
    // The same, adding `value` to each pixel's sum (only after reset(..., true)).
    void addLine(int x0, int y0, int x1, int y1, float value) { rasterize(x0, y0, x1, y1, value, true); }

    const quint8* counts() const { return m_counts.constData(); }
    const float* sums() const { return m_sums.constData(); }
    quint8 count(int x, int y) const { return m_counts[y * m_size.width() + x]; }
    static constexpr int kMaxCount = 255;

    // The opacity (0-255) of `count` stacked lines of opacity `alpha` (0-255), for every count up to
    // kMaxCount.
    static QVector<quint8> alphaTable(int alpha);

private:
    void rasterize(int x0, int y0, int x1, int y1, float value, bool withValue);
    void plot(int x, int y, float value, bool withValue);

    QSize m_size;
    QVector<quint8> m_counts;
    QVector<float> m_sums;
};
