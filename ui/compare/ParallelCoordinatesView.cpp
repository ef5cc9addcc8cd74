#include "compare/ParallelCoordinatesView.h"

#include "compare/PlotStyle.h"

#include <QEvent>
#include <QFontMetrics>
#include <QLineF>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace {

constexpr int kSideMargin = 64;
constexpr int kGrabHalfWidth = 10;
constexpr int kBrushHalfWidth = 7;
constexpr int kDragThreshold = 4;
constexpr int kColorBins = 24;
// Up to this many runs the lines are painted with QPainter, antialiased; above it they are counted per
// pixel (LineDensity), which draws the same translucent stack tens of times faster.
constexpr int kAntialiasedLines = 200;
// How a run's lines are drawn (faded, selected in the highlight colour, selected with a colour value).
constexpr quint8 kFadedLayer = 0;
constexpr quint8 kPlainLayer = 1;
constexpr quint8 kColoredLayer = 2;
// The densities: every run's lines, the selected runs' lines, the coloured runs' lines (and values). The
// faded count of a pixel is all minus selected, the plain one selected minus coloured, so that a run entering
// or leaving the selection changes one density, not two.
constexpr int kAllDensity = 0;
constexpr int kSelectedDensity = 1;
constexpr int kColoredDensity = 2;

// Blue, teal, amber: readable on light and dark backgrounds alike.
QColor gradientColor(double fraction)
{
    static const QColor stops[] = {QColor(0x3a, 0x5f, 0xcd), QColor(0x2c, 0xa5, 0x8d),
                                   QColor(0xf4, 0xa3, 0x00)};
    fraction = std::clamp(fraction, 0.0, 1.0) * 2;
    const int index = std::min(1, int(fraction));
    const double t = fraction - index;
    const QColor& a = stops[index];
    const QColor& b = stops[index + 1];
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// Fewer, stronger lines for a handful of runs; faint ones when thousands overlap.
int lineAlpha(int lines, int few, int floor)
{
    if (lines <= 200)
        return few;
    return std::max(floor, int(few * std::sqrt(200.0 / lines)));
}

int fadedAlpha(int lines)
{
    return lineAlpha(lines, 60, 14);
}

int selectedAlpha(int lines)
{
    return lineAlpha(lines, 230, 25);
}

} // namespace

ParallelCoordinatesView::ParallelCoordinatesView(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
}

void ParallelCoordinatesView::setTable(const PlotTable& table)
{
    m_table = table;
    m_scales.clear();
    for (int axis = 0; axis < m_table.axisCount(); ++axis)
        m_scales.append(PlotScale::exact(PlotValueRange::ofValues(m_table.values.value(axis)), 5));
    m_brushes.clear();
    m_currentRun = -1;
    m_colorAxis = -1;
    m_dragAxis = -1;
    m_dragging = false;
    m_selected.fill(true, m_table.runCount());
    projectLines();
    invalidateLines();
    emit selectionChanged(m_table.runIds);
}

void ParallelCoordinatesView::setBrush(int axis, double low, double high)
{
    if (axis < 0 || axis >= m_table.axisCount())
        return;
    m_brushes.insert(axis, PlotValueRange::between(low, high));
    updateSelection();
}

void ParallelCoordinatesView::clearBrush(int axis)
{
    if (m_brushes.remove(axis) > 0)
        updateSelection();
}

void ParallelCoordinatesView::clearBrushes()
{
    if (m_brushes.isEmpty())
        return;
    m_brushes.clear();
    updateSelection();
}

QStringList ParallelCoordinatesView::selectedRunIds() const
{
    QStringList ids;
    for (int run = 0; run < m_table.runCount(); ++run)
        if (m_selected[run])
            ids.append(m_table.runIds[run]);
    return ids;
}

void ParallelCoordinatesView::setCurrentRun(const QString& runId)
{
    const int run = runId.isEmpty() ? -1 : int(m_table.runIds.indexOf(runId));
    if (run == m_currentRun)
        return;
    m_currentRun = run;
    update(); // drawn over the cached lines: no re-render
}

QString ParallelCoordinatesView::currentRun() const
{
    return m_table.runIds.value(m_currentRun);
}

void ParallelCoordinatesView::setColorAxis(int axis)
{
    if (axis < -1 || axis >= m_table.axisCount())
        axis = -1;
    if (axis == m_colorAxis)
        return;
    m_colorAxis = axis;
    m_densityValid = false; // every selected run changes colour: counted again
    invalidateLines();
}

int ParallelCoordinatesView::axisX(int axis) const
{
    const int count = m_table.axisCount();
    if (count < 2)
        return width() / 2;
    const double spacing = double(width() - 2 * kSideMargin) / (count - 1);
    return kSideMargin + int(std::lround(axis * spacing));
}

int ParallelCoordinatesView::axisTop() const
{
    return 2 * fontMetrics().height() + 10;
}

int ParallelCoordinatesView::axisBottom() const
{
    return std::max(axisTop() + 20, height() - 2 * fontMetrics().height() - 22);
}

int ParallelCoordinatesView::missingY() const
{
    return axisBottom() + fontMetrics().height() + 14;
}

double ParallelCoordinatesView::valueToY(int axis, double value) const
{
    if (!std::isfinite(value))
        return missingY();
    return m_scales[axis].position(value, axisBottom(), axisTop());
}

double ParallelCoordinatesView::yToValue(int axis, double y) const
{
    return m_scales[axis].valueAtPosition(y, axisBottom(), axisTop());
}

double ParallelCoordinatesView::clampedValueAt(int axis, double y) const
{
    return yToValue(axis, std::clamp(y, double(axisTop()), double(axisBottom())));
}

QString ParallelCoordinatesView::emptyMessage() const
{
    return PlotStyle::emptyMessage(m_table, tr("parallel coordinates"));
}

QSize ParallelCoordinatesView::sizeHint() const
{
    return {900, 420};
}

QSize ParallelCoordinatesView::minimumSizeHint() const
{
    return {320, 220};
}

int ParallelCoordinatesView::axisAt(const QPointF& pos) const
{
    if (!emptyMessage().isEmpty())
        return -1;
    if (pos.y() < axisTop() - kGrabHalfWidth || pos.y() > axisBottom() + kGrabHalfWidth)
        return -1;
    for (int axis = 0; axis < m_table.axisCount(); ++axis)
        if (std::abs(pos.x() - axisX(axis)) <= kGrabHalfWidth)
            return axis;
    return -1;
}

void ParallelCoordinatesView::projectLines()
{
    const int axes = m_table.axisCount();
    const int runs = m_table.runCount();
    m_points.resize(qsizetype(axes) * runs);
    m_densityValid = false;
    if (!emptyMessage().isEmpty())
        return;
    // The axes' ends once, not per point: they come from the font metrics.
    const double top = axisTop();
    const double bottom = axisBottom();
    const double missing = missingY();
    for (int axis = 0; axis < axes; ++axis) {
        const double x = axisX(axis);
        const PlotScale& scale = m_scales[axis];
        const double* values = m_table.values[axis].constData();
        const int count = std::min(runs, int(m_table.values[axis].size()));
        QPointF* point = m_points.data() + axis;
        for (int run = 0; run < runs; ++run, point += axes) {
            const double value = run < count ? values[run] : std::nan("");
            *point = QPointF(x, std::isfinite(value) ? scale.position(value, bottom, top) : missing);
        }
    }
}

void ParallelCoordinatesView::updateSelection()
{
    // The brushed columns once, not a map lookup per run.
    QVector<QPair<const QVector<double>*, PlotValueRange>> brushes;
    for (auto brush = m_brushes.cbegin(); brush != m_brushes.cend(); ++brush)
        brushes.append({&m_table.values[brush.key()], brush.value()});
    bool changed = false;
    for (int run = 0; run < m_table.runCount(); ++run) {
        bool inside = true;
        for (qsizetype b = 0; inside && b < brushes.size(); ++b)
            inside = brushes[b].second.contains(brushes[b].first->value(run, std::nan("")));
        if (m_selected[run] != inside) {
            m_selected[run] = inside;
            changed = true;
        }
    }
    // The brush rectangles moved even when the selection did not.
    update();
    if (!changed)
        return;
    invalidateLines();
    emit selectionChanged(selectedRunIds());
}

void ParallelCoordinatesView::invalidateLines()
{
    m_linesValid = false;
    update();
}

int ParallelCoordinatesView::colorBin(int run) const
{
    const double value = m_table.value(m_colorAxis, run);
    if (!std::isfinite(value))
        return -1;
    const double fraction = std::clamp(m_scales[m_colorAxis].fraction(value), 0.0, 1.0);
    return std::min(kColorBins - 1, int(fraction * kColorBins));
}

void ParallelCoordinatesView::renderLines()
{
    const qreal ratio = devicePixelRatioF();
    const QSize pixels = size() * ratio;
    if (m_linesLayer.size() != pixels || m_linesLayer.devicePixelRatio() != ratio) {
        m_linesLayer = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
        m_linesLayer.setDevicePixelRatio(ratio);
        m_densityValid = false;
    }
    m_linesValid = true;
    int selectedCount = 0;
    for (bool selected : std::as_const(m_selected))
        selectedCount += selected ? 1 : 0;
    if (m_table.runCount() <= kAntialiasedLines) {
        paintLines(selectedCount);
        return;
    }
    updateLineDensity();
    compositeLineDensity(selectedCount);
}

void ParallelCoordinatesView::paintLines(int selectedCount)
{
    m_linesLayer.fill(Qt::transparent);
    const int axes = m_table.axisCount();
    const int runs = m_table.runCount();
    const int segments = axes - 1;

    // Lines grouped by pen, so that each group is one drawLines call: faded first, then one group per
    // colour bin (or the single highlight group), so that selected lines lie on top.
    QVector<QVector<QLineF>> groups(kColorBins + 2);
    QVector<QLineF>& faded = groups[kColorBins];
    QVector<QLineF>& plain = groups[kColorBins + 1];
    for (int run = 0; run < runs; ++run) {
        QVector<QLineF>* group = &faded;
        if (m_selected[run]) {
            const int bin = m_colorAxis < 0 ? -1 : colorBin(run);
            group = bin < 0 ? &plain : &groups[bin];
        }
        const QPointF* points = m_points.constData() + qsizetype(run) * axes;
        for (int s = 0; s < segments; ++s)
            group->append(QLineF(points[s], points[s + 1]));
    }

    QPainter painter(&m_linesLayer);
    painter.setRenderHint(QPainter::Antialiasing, true);
    // Through pixel centres: a level line stays one pixel sharp instead of two blurred ones.
    painter.translate(0.5, 0.5);
    auto draw = [&painter](const QVector<QLineF>& lines, QColor color) {
        if (lines.isEmpty())
            return;
        painter.setPen(QPen(color, 0));
        painter.drawLines(lines.constData(), int(lines.size()));
    };
    QColor fadedColor = palette().color(QPalette::Text);
    fadedColor.setAlpha(fadedAlpha(runs - selectedCount));
    draw(faded, fadedColor);
    const int alpha = selectedAlpha(selectedCount);
    for (int bin = 0; bin < kColorBins; ++bin) {
        QColor color = gradientColor((bin + 0.5) / kColorBins);
        color.setAlpha(alpha);
        draw(groups[bin], color);
    }
    QColor highlight = palette().color(QPalette::Highlight);
    highlight.setAlpha(alpha);
    draw(plain, highlight);
}

quint8 ParallelCoordinatesView::densityLayer(int run) const
{
    if (!m_selected[run])
        return kFadedLayer;
    return m_colorAxis >= 0 && std::isfinite(m_table.value(m_colorAxis, run)) ? kColoredLayer : kPlainLayer;
}

quint32 ParallelCoordinatesView::densityValue(int run) const
{
    if (densityLayer(run) != kColoredLayer)
        return 0;
    const double fraction = std::clamp(m_scales[m_colorAxis].fraction(m_table.value(m_colorAxis, run)), 0.0, 1.0);
    return quint32(std::lround(fraction * LineDensity::kValueScale));
}

void ParallelCoordinatesView::updateLineDensity()
{
    const int runs = m_table.runCount();
    // Taking lines away is exact only while no pixel can reach the counts' limit.
    if (!m_densityValid || runs > LineDensity::kMaxCount || m_runLayer.size() != runs) {
        rebuildLineDensity();
        return;
    }
    QVector<int> changed;
    for (int run = 0; run < runs; ++run)
        if (m_runLayer[run] != densityLayer(run) || m_runValue[run] != densityValue(run))
            changed.append(run);
    // Moving a run's lines costs one pass over them (into or out of the selected counts; with a colour axis
    // also the coloured ones); counting again costs a pass over every run and more, so moving stays cheaper
    // up to most of the runs.
    if (changed.size() * 4 > qsizetype(runs) * 3) {
        rebuildLineDensity();
        return;
    }
    for (int run : std::as_const(changed))
        moveRunLines(run, densityLayer(run), densityValue(run));
}

void ParallelCoordinatesView::rebuildLineDensity()
{
    const QSize pixels = m_linesLayer.size();
    const qreal ratio = m_linesLayer.devicePixelRatio();
    const int axes = m_table.axisCount();
    const int runs = m_table.runCount();
    m_devicePoints.resize(m_points.size());
    for (qsizetype i = 0; i < m_points.size(); ++i)
        m_devicePoints[i] = QPoint(int(m_points[i].x() * ratio), int(m_points[i].y() * ratio));
    m_runLayer.resize(runs);
    m_runValue.resize(runs);
    int selected = 0;
    for (int run = 0; run < runs; ++run) {
        m_runLayer[run] = densityLayer(run);
        m_runValue[run] = densityValue(run);
        selected += m_runLayer[run] != kFadedLayer ? 1 : 0;
    }
    // Segment by segment rather than run by run: every segment between two neighbouring axes lies in the
    // strip of columns between them, so the counts being written stay in the CPU's cache.
    auto countRuns = [this, axes, runs](LineDensity& density, auto take) {
        for (int s = 0; s + 1 < axes; ++s) {
            const QPoint* a = m_devicePoints.constData() + s;
            for (int run = 0; run < runs; ++run, a += axes)
                take(density, run, *a, a[1]);
        }
    };
    auto add = [](LineDensity& density, int, const QPoint& a, const QPoint& b) {
        density.addLine(a.x(), a.y(), b.x(), b.y());
    };
    LineDensity& all = m_densities[kAllDensity];
    all.reset(pixels, false);
    countRuns(all, add);
    // The selected density from whichever is fewer: the selected runs counted, or every run's counts less
    // the unselected runs (exact only while no pixel reaches the counts' limit).
    LineDensity& selection = m_densities[kSelectedDensity];
    if (selected * 2 >= runs && runs <= LineDensity::kMaxCount) {
        selection = all;
        if (selected < runs)
            countRuns(selection, [this](LineDensity& density, int run, const QPoint& a, const QPoint& b) {
                if (m_runLayer[run] == kFadedLayer)
                    density.removeLine(a.x(), a.y(), b.x(), b.y());
            });
    } else {
        selection.reset(pixels, false);
        countRuns(selection, [this](LineDensity& density, int run, const QPoint& a, const QPoint& b) {
            if (m_runLayer[run] != kFadedLayer)
                density.addLine(a.x(), a.y(), b.x(), b.y());
        });
    }
    LineDensity& colored = m_densities[kColoredDensity];
    colored.reset(m_colorAxis >= 0 ? pixels : QSize(), true);
    if (m_colorAxis >= 0)
        countRuns(colored, [this](LineDensity& density, int run, const QPoint& a, const QPoint& b) {
            if (m_runLayer[run] == kColoredLayer)
                density.addLine(a.x(), a.y(), b.x(), b.y(), m_runValue[run]);
        });
    m_densityValid = true;
}

void ParallelCoordinatesView::moveRunLines(int run, quint8 toLayer, quint32 toValue)
{
    const int axes = m_table.axisCount();
    const QPoint* points = m_devicePoints.constData() + qsizetype(run) * axes;
    const quint8 fromLayer = m_runLayer[run];
    const quint32 fromValue = m_runValue[run];
    const bool wasSelected = fromLayer != kFadedLayer;
    const bool isSelected = toLayer != kFadedLayer;
    LineDensity& selection = m_densities[kSelectedDensity];
    LineDensity& colored = m_densities[kColoredDensity];
    for (int s = 0; s + 1 < axes; ++s) {
        const QPoint& a = points[s];
        const QPoint& b = points[s + 1];
        if (wasSelected && !isSelected)
            selection.removeLine(a.x(), a.y(), b.x(), b.y());
        else if (isSelected && !wasSelected)
            selection.addLine(a.x(), a.y(), b.x(), b.y());
        if (fromLayer == kColoredLayer)
            colored.removeLine(a.x(), a.y(), b.x(), b.y(), fromValue);
        if (toLayer == kColoredLayer)
            colored.addLine(a.x(), a.y(), b.x(), b.y(), toValue);
    }
    m_runLayer[run] = toLayer;
    m_runValue[run] = toValue;
}

void ParallelCoordinatesView::compositeLineDensity(int selectedCount)
{
    const QSize pixels = m_linesLayer.size();
    const int runs = m_table.runCount();
    const bool colored = m_colorAxis >= 0;

    // Each count through a table of premultiplied colours: the faded layer, the plain selected layer over
    // it, the coloured one (the mean colour-axis fraction of the lines there) on top.
    auto premultipliedTable = [](QColor color, int alpha) {
        const QVector<quint8> alphas = LineDensity::alphaTable(alpha);
        QVector<QRgb> table(alphas.size());
        for (int n = 0; n < alphas.size(); ++n)
            table[n] = qPremultiply(qRgba(color.red(), color.green(), color.blue(), alphas[n]));
        return table;
    };
    const QVector<QRgb> faded =
        premultipliedTable(palette().color(QPalette::Text), fadedAlpha(runs - selectedCount));
    const int alpha = selectedAlpha(selectedCount);
    const QVector<QRgb> plain = premultipliedTable(palette().color(QPalette::Highlight), alpha);
    const QVector<quint8> coloredAlphas = LineDensity::alphaTable(alpha);
    QVector<QRgb> gradient(256);
    for (int i = 0; i < 256; ++i)
        gradient[i] = gradientColor(i / 255.0).rgb();

    auto over = [](QRgb top, QRgb bottom) {
        const int keep = 255 - qAlpha(top);
        auto channel = [keep](int t, int b) { return t + (b * keep + 127) / 255; };
        return qRgba(channel(qRed(top), qRed(bottom)), channel(qGreen(top), qGreen(bottom)),
                     channel(qBlue(top), qBlue(bottom)), channel(qAlpha(top), qAlpha(bottom)));
    };
    // Counts past the opaque one look the same as it.
    constexpr int kOpaque = LineDensity::kOpaqueCount;
    const quint16* allCounts = m_densities[kAllDensity].counts();
    const quint16* selectedCounts = m_densities[kSelectedDensity].counts();
    const quint16* coloredCounts = colored ? m_densities[kColoredDensity].counts() : nullptr;
    const quint32* coloredSums = colored ? m_densities[kColoredDensity].sums() : nullptr;
    const float toGradient = 255.0f / LineDensity::kValueScale;
    const int width = pixels.width();
    for (int y = 0; y < pixels.height(); ++y) {
        auto* row = reinterpret_cast<QRgb*>(m_linesLayer.scanLine(y));
        const qsizetype offset = qsizetype(y) * width;
        for (int x = 0; x < width; ++x) {
            const qsizetype i = offset + x;
            const int selectedHere = selectedCounts[i];
            const int coloredCount = coloredCounts ? coloredCounts[i] : 0;
            const int plainCount = selectedHere - coloredCount;
            QRgb pixel = faded[std::clamp(allCounts[i] - selectedHere, 0, kOpaque)];
            if (plainCount > 0)
                pixel = over(plain[std::min(plainCount, kOpaque)], pixel);
            if (coloredCount > 0) {
                const float mean = float(coloredSums[i]) / coloredCount * toGradient;
                const QRgb color = gradient[std::clamp(int(mean + 0.5f), 0, 255)];
                pixel = over(qPremultiply(qRgba(qRed(color), qGreen(color), qBlue(color),
                                                coloredAlphas[std::min(coloredCount, kOpaque)])),
                             pixel);
            }
            row[x] = pixel;
        }
    }
}

void ParallelCoordinatesView::drawAxes(QPainter& painter) const
{
    const QColor text = palette().color(QPalette::Text);
    const QColor muted = PlotStyle::mutedText(palette());
    const QFontMetrics metrics = fontMetrics();
    const int axes = m_table.axisCount();
    const int spacing = axes > 1 ? axisX(1) - axisX(0) : width();
    const int top = axisTop();
    const int bottom = axisBottom();
    const int missing = missingY();
    const int lineHeight = metrics.height();

    // A label centred under/over its axis, kept inside the widget for the outer axes.
    auto labelRect = [this, &metrics](int x, int y, const QString& label) {
        return PlotStyle::labelRect(metrics, x, y, label, width());
    };
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int axis = 0; axis < axes; ++axis) {
        const int x = axisX(axis);
        painter.setPen(QPen(text, 1));
        painter.drawLine(x, top, x, bottom);
        for (double tick : m_scales[axis].ticks()) {
            const int y = int(std::lround(valueToY(axis, tick)));
            painter.drawLine(x - 4, y, x, y);
        }
        // The missing band: a short dashed stub, so that lines ending there read as "no value".
        painter.setPen(QPen(muted, 1, Qt::DashLine));
        painter.drawLine(x - 8, missing, x + 8, missing);

        painter.setPen(text);
        const QString key =
            metrics.elidedText(m_table.axisKeys[axis], Qt::ElideMiddle, std::max(20, spacing - 6));
        painter.drawText(labelRect(x, 2, key), Qt::AlignCenter, key);
        painter.setPen(muted);
        const PlotScale& scale = m_scales[axis];
        const PlotValueRange range = PlotValueRange::ofValues(m_table.values.value(axis));
        const QString maxLabel = range.valid ? PlotScale::valueLabel(scale.max()) : tr("no values");
        painter.drawText(labelRect(x, 4 + lineHeight, maxLabel), Qt::AlignCenter, maxLabel);
        if (range.valid) {
            const QString minLabel = PlotScale::valueLabel(scale.min());
            painter.drawText(labelRect(x, bottom + 3, minLabel), Qt::AlignCenter, minLabel);
        }
    }
    painter.setPen(muted);
    const QString missingLabel = tr("missing");
    painter.drawText(QRect(2, missing - lineHeight / 2, axisX(0) - 12, lineHeight),
                     Qt::AlignRight | Qt::AlignVCenter, missingLabel);
}

void ParallelCoordinatesView::drawBrushes(QPainter& painter) const
{
    QColor fill = palette().color(QPalette::Highlight);
    fill.setAlpha(60);
    QColor border = palette().color(QPalette::Highlight);
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (auto brush = m_brushes.cbegin(); brush != m_brushes.cend(); ++brush) {
        const int axis = brush.key();
        const double y1 =
            std::clamp(valueToY(axis, brush.value().max), double(axisTop()), double(axisBottom()));
        const double y2 =
            std::clamp(valueToY(axis, brush.value().min), double(axisTop()), double(axisBottom()));
        const QRectF rect(axisX(axis) - kBrushHalfWidth, y1, 2 * kBrushHalfWidth, std::max(2.0, y2 - y1));
        painter.fillRect(rect, fill);
        painter.setPen(QPen(border, 1));
        painter.drawRect(rect);
    }
}

void ParallelCoordinatesView::drawCurrentRun(QPainter& painter) const
{
    if (m_currentRun < 0)
        return;
    const int axes = m_table.axisCount();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(PlotStyle::currentRunColor(), 2.5));
    painter.drawPolyline(m_points.constData() + qsizetype(m_currentRun) * axes, axes);
}

void ParallelCoordinatesView::drawColorLegend(QPainter& painter) const
{
    if (m_colorAxis < 0)
        return;
    // A small gradient bar in the bottom-right corner: which end of the colour axis is which colour.
    const QFontMetrics metrics = fontMetrics();
    const int barWidth = 120;
    const int y = height() - metrics.height() - 2;
    const int right = width() - 8;
    const QString maxLabel = PlotScale::valueLabel(m_scales[m_colorAxis].max());
    const QString minLabel =
        m_table.axisKeys[m_colorAxis] + QLatin1Char(' ') + PlotScale::valueLabel(m_scales[m_colorAxis].min());
    const int maxWidth = metrics.horizontalAdvance(maxLabel);
    const QRect bar(right - maxWidth - 6 - barWidth, y + 3, barWidth, metrics.height() - 6);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (double stop : {0.0, 0.5, 1.0})
        gradient.setColorAt(stop, gradientColor(stop));
    painter.fillRect(bar, gradient);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(bar.right() + 6, y, maxWidth + 2, metrics.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, maxLabel);
    const int minWidth = metrics.horizontalAdvance(minLabel) + 2;
    painter.drawText(QRect(bar.left() - 6 - minWidth, y, minWidth, metrics.height()),
                     Qt::AlignRight | Qt::AlignVCenter, minLabel);
}

void ParallelCoordinatesView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    if (PlotStyle::paintBackground(painter, *this, emptyMessage()))
        return;
    if (!m_linesValid || m_linesLayer.size() != size() * devicePixelRatioF())
        renderLines();
    painter.drawImage(QPointF(0, 0), m_linesLayer);
    drawBrushes(painter);
    drawAxes(painter);
    drawCurrentRun(painter);
    drawColorLegend(painter);
}

void ParallelCoordinatesView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    projectLines();
    invalidateLines();
}

void ParallelCoordinatesView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange ||
        event->type() == QEvent::FontChange) {
        projectLines(); // the font sets the axes' ends
        invalidateLines();
    }
}

void ParallelCoordinatesView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_dragAxis = axisAt(event->position());
    m_dragStartY = event->position().y();
    m_dragging = false;
    event->accept();
}

void ParallelCoordinatesView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_dragAxis < 0) {
        setCursor(axisAt(event->position()) >= 0 ? Qt::SizeVerCursor : Qt::ArrowCursor);
        return;
    }
    const double y = event->position().y();
    if (!m_dragging && std::abs(y - m_dragStartY) < kDragThreshold)
        return;
    m_dragging = true;
    setBrush(m_dragAxis, clampedValueAt(m_dragAxis, m_dragStartY), clampedValueAt(m_dragAxis, y));
}

void ParallelCoordinatesView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_dragAxis < 0) {
        m_dragAxis = -1;
        return;
    }
    const int axis = m_dragAxis;
    m_dragAxis = -1;
    if (!m_dragging) {
        clearBrush(axis);
        return;
    }
    m_dragging = false;
    setBrush(axis, clampedValueAt(axis, m_dragStartY), clampedValueAt(axis, event->position().y()));
}
