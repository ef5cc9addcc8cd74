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
    QVector<quint8> table(kMaxCount + 1);
    const double clear = 1.0 - std::clamp(alpha, 0, 255) / 255.0;
    double remaining = 1.0; // (1 - a)^n, by repeated multiplication
    for (int n = 0; n <= kMaxCount; ++n) {
        table[n] = quint8(std::lround((1.0 - remaining) * 255));
        remaining *= clear;
    }
    return table;
}

void LineDensity::plot(int x, int y, float value, bool withValue)
{
    if (unsigned(x) >= unsigned(m_size.width()) || unsigned(y) >= unsigned(m_size.height()))
        return;
    const qsizetype index = qsizetype(y) * m_size.width() + x;
    if (m_counts[index] == kMaxCount)
        return; // the sum stops with the count, so that their ratio stays a mean
    ++m_counts[index];
    if (withValue)
        m_sums[index] += value;
}

void LineDensity::rasterize(int x0, int y0, int x1, int y1, float value, bool withValue)
{
    // One pixel per step along the major axis, the minor coordinate in 16.16 fixed point.
    const int dx = std::abs(x1 - x0);
    const int dy = std::abs(y1 - y0);
    const bool inside = unsigned(x0) < unsigned(m_size.width()) && unsigned(x1) < unsigned(m_size.width()) &&
                        unsigned(y0) < unsigned(m_size.height()) && unsigned(y1) < unsigned(m_size.height());
    if (!inside || withValue) {
        // The general path: per-pixel clipping and sums. Rare for counts alone (lines are projected inside).
        const int steps = std::max(dx, dy);
        if (steps == 0) {
            plot(x0, y0, value, withValue);
            return;
        }
        const qint64 stepX = (qint64(x1 - x0) << 16) / steps;
        const qint64 stepY = (qint64(y1 - y0) << 16) / steps;
        qint64 x = (qint64(x0) << 16) + (1 << 15);
        qint64 y = (qint64(y0) << 16) + (1 << 15);
        for (int i = 0; i <= steps; ++i, x += stepX, y += stepY)
            plot(int(x >> 16), int(y >> 16), value, withValue);
        return;
    }
    // The hot path: counts only, no clipping.
    const int width = m_size.width();
    quint8* counts = m_counts.data();
    if (dx >= dy) {
        if (x0 > x1) {
            std::swap(x0, x1);
            std::swap(y0, y1);
        }
        const qint64 slope = dx == 0 ? 0 : (qint64(y1 - y0) << 16) / dx;
        qint64 y = (qint64(y0) << 16) + (1 << 15);
        for (int x = x0; x <= x1; ++x, y += slope) {
            quint8& count = counts[qsizetype(y >> 16) * width + x];
            count += count != kMaxCount; // saturating, without a branch
        }
    } else {
        if (y0 > y1) {
            std::swap(x0, x1);
            std::swap(y0, y1);
        }
        const qint64 slope = (qint64(x1 - x0) << 16) / dy;
        qint64 x = (qint64(x0) << 16) + (1 << 15);
        for (int y = y0; y <= y1; ++y, x += slope) {
            quint8& count = counts[qsizetype(y) * width + int(x >> 16)];
            count += count != kMaxCount;
        }
    }
}
