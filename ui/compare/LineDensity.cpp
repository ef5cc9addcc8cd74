#include "compare/LineDensity.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

void LineDensity::reset(QSize size, bool withValues)
{
    m_size = size;
    const qsizetype pixels = qsizetype(size.width()) * size.height();
    m_counts.fill(0, pixels);
    if (withValues)
        m_sums.fill(0, pixels);
    else
        m_sums.clear();
}

QVector<quint8> LineDensity::alphaTable(int alpha)
{
    QVector<quint8> table(kOpaqueCount + 1);
    const double clear = 1.0 - std::clamp(alpha, 0, 255) / 255.0;
    double remaining = 1.0; // (1 - a)^n, by repeated multiplication
    for (int n = 0; n <= kOpaqueCount; ++n) {
        table[n] = quint8(std::lround((1.0 - remaining) * 255));
        remaining *= clear;
    }
    return table;
}

template <typename Visit> void LineDensity::rasterize(int x0, int y0, int x1, int y1, Visit visit)
{
    // One pixel per step along the major axis, the minor coordinate in 16.16 fixed point. The ends are put
    // in ascending order first, so that a line and the same line given backwards cover the same pixels.
    const int width = m_size.width();
    const int height = m_size.height();
    const bool inside = unsigned(x0) < unsigned(width) && unsigned(x1) < unsigned(width) &&
                        unsigned(y0) < unsigned(height) && unsigned(y1) < unsigned(height);
    const int dx = std::abs(x1 - x0);
    const int dy = std::abs(y1 - y0);
    if (dx >= dy) {
        if (x0 > x1) {
            std::swap(x0, x1);
            std::swap(y0, y1);
        }
        const qint64 slope = dx == 0 ? 0 : (qint64(y1 - y0) << 16) / dx;
        // Outside the image only the steps over its columns are walked, each row checked.
        const int first = inside ? x0 : std::max(x0, 0);
        const int last = inside ? x1 : std::min(x1, width - 1);
        qint64 y = (qint64(y0) << 16) + (1 << 15) + slope * (first - x0);
        if (inside) {
            for (int x = first; x <= last; ++x, y += slope)
                visit(qsizetype(y >> 16) * width + x);
        } else {
            for (int x = first; x <= last; ++x, y += slope)
                if (unsigned(y >> 16) < unsigned(height))
                    visit(qsizetype(y >> 16) * width + x);
        }
    } else {
        if (y0 > y1) {
            std::swap(x0, x1);
            std::swap(y0, y1);
        }
        const qint64 slope = (qint64(x1 - x0) << 16) / dy;
        const int first = inside ? y0 : std::max(y0, 0);
        const int last = inside ? y1 : std::min(y1, height - 1);
        qint64 x = (qint64(x0) << 16) + (1 << 15) + slope * (first - y0);
        if (inside) {
            for (int y = first; y <= last; ++y, x += slope)
                visit(qsizetype(y) * width + int(x >> 16));
        } else {
            for (int y = first; y <= last; ++y, x += slope)
                if (unsigned(x >> 16) < unsigned(width))
                    visit(qsizetype(y) * width + int(x >> 16));
        }
    }
}

void LineDensity::addLine(int x0, int y0, int x1, int y1)
{
    quint16* counts = m_counts.data();
    rasterize(x0, y0, x1, y1, [counts](qsizetype i) {
        counts[i] += counts[i] != kMaxCount; // saturating, without a branch
    });
}

void LineDensity::removeLine(int x0, int y0, int x1, int y1)
{
    quint16* counts = m_counts.data();
    rasterize(x0, y0, x1, y1, [counts](qsizetype i) { counts[i] -= counts[i] != kMaxCount && counts[i] != 0; });
}

void LineDensity::addLine(int x0, int y0, int x1, int y1, quint32 value)
{
    quint16* counts = m_counts.data();
    quint32* sums = m_sums.data();
    rasterize(x0, y0, x1, y1, [counts, sums, value](qsizetype i) {
        if (counts[i] == kMaxCount)
            return; // the sum stops with the count, so that their ratio stays a mean
        ++counts[i];
        sums[i] += value;
    });
}

void LineDensity::removeLine(int x0, int y0, int x1, int y1, quint32 value)
{
    quint16* counts = m_counts.data();
    quint32* sums = m_sums.data();
    rasterize(x0, y0, x1, y1, [counts, sums, value](qsizetype i) {
        if (counts[i] == kMaxCount || counts[i] == 0)
            return;
        --counts[i];
        sums[i] -= value;
    });
}
