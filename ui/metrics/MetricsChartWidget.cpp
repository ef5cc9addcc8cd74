#include "metrics/MetricsChartWidget.h"

#include "metrics/MetricChartLegend.h"
#include "metrics/MetricChartView.h"
#include "metrics/SystemMetricName.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QMap>
#include <QLineSeries>
#include <QListWidget>
#include <QLogValueAxis>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QTextDocument>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kDefaultPollMs = 500;
// A rename or a newly logged parameter shows within this many polls (10 s) without a query per poll.
constexpr int kPollsPerRunInfo = 20;
// Chart grid columns: 2 from this width of the charts' area, 3 from the next.
constexpr int kTwoColumnWidth = 1000;
constexpr int kThreeColumnWidth = 1500;
// The crosshair box lists at most this many lines, the rest as a count.
constexpr int kCrosshairMaxLines = 16;
constexpr int kSmoothingSteps = 99; // slider 0..99 → weight 0..0.99

// Mid-tone colours (matplotlib's tab10) that read on light and dark backgrounds alike.
QColor seriesColor(int index, bool dark)
{
    static const QRgb colors[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                  0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
    const QColor c = QColor::fromRgb(colors[index % int(std::size(colors))]);
    return dark ? c.lighter(125) : c;
}

// A viridis-like gradient (perceptually even, readable by the colour-blind). Its darkest end vanishes on a
// dark background and its yellow end on a light one, so each theme uses the part that reads on it.
QColor gradientColor(double t, bool dark)
{
    static const QRgb stops[] = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e,
                                 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725};
    constexpr int kStops = int(std::size(stops));
    t = std::clamp(std::isfinite(t) ? t : 0.5, 0.0, 1.0);
    const double from = dark ? 0.18 : 0.0;
    const double to = dark ? 1.0 : 0.82;
    const double position = (from + t * (to - from)) * (kStops - 1);
    const int low = std::clamp(int(std::floor(position)), 0, kStops - 2);
    const double f = position - low;
    const QColor a = QColor::fromRgb(stops[low]);
    const QColor b = QColor::fromRgb(stops[low + 1]);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f), float(a.greenF() + (b.greenF() - a.greenF()) * f),
                            float(a.blueF() + (b.blueF() - a.blueF()) * f));
}

QColor missingValueColor(bool dark)
{
    return dark ? QColor(0x8a8a8a) : QColor(0x9e9e9e);
}

// TensorBoard's smoothing: an exponential moving average, debiased so the start is not dragged to zero.
QList<QPointF> smoothed(const QList<QPointF>& points, double weight)
{
    QList<QPointF> out;
    out.reserve(points.size());
    double last = 0;
    int accumulated = 0;
    for (const QPointF& p : points) {
        last = last * weight + (1 - weight) * p.y();
        ++accumulated;
        const double debias = 1 - std::pow(weight, accumulated);
        out.append(QPointF(p.x(), debias > 0 ? last / debias : p.y()));
    }
    return out;
}

QString exactNumber(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// The metric an item of the chooser stands for; empty for a group's heading.
constexpr int kMetricRole = Qt::UserRole + 1;

QString metricOf(const QListWidgetItem* item) { return item->data(kMetricRole).toString(); }

// The node of a system metric, empty for every other metric.
QString systemNodeOf(const QString& metric)
{
    const auto name = SystemMetricName::parse(metric);
    return name ? name->node : QString();
}

} // namespace

struct MetricsChartWidget::Line {
    QString metric;
    QString runId;
    QLineSeries* main = nullptr; // the smoothed line, or the raw one when smoothing is off
    QLineSeries* raw = nullptr;  // faint raw values under the smoothed line
    int colorIndex = 0;
    quint64 drawnVersion = 0;
    QVector<MetricPoint> drawnSource; // the data points behind rawDrawn, index for index
    QList<QPointF> rawDrawn;
    QList<QPointF> mainDrawn;
    qint64 nonFinite = 0;
    qint64 nonPositiveHidden = 0;
};

struct MetricsChartWidget::Chart {
    QString title;
    QStringList metrics;
    QWidget* panel = nullptr;
    MetricChartView* view = nullptr;
    QChart* chart = nullptr;
    QLabel* note = nullptr;
    // Qt Charts lays its legend out in one row and cuts the names short; every chart has a wrapping one.
    MetricChartLegend* legend = nullptr;
    QValueAxis* xAxis = nullptr;
    QAbstractAxis* yAxis = nullptr;
    std::vector<Line> lines;
    std::optional<MetricXRange> zoom; // the user's x range; none = fit everything
    bool settingAxes = false;         // our own axis changes are not user zooms
    MetricXRange fittedX;             // the x range fitAxes() last set
};

MetricsChartWidget::MetricsChartWidget(const Workspace& workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_loader(std::make_shared<MetricSeriesLoader>(workspace))
{
    setAccessibleName(tr("Metrics charts"));
    m_pool.setMaxThreadCount(1);
    buildControls();

    m_pollTimer.setInterval(kDefaultPollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &MetricsChartWidget::requestFetch);
    m_rangeFetchTimer.setSingleShot(true);
    m_rangeFetchTimer.setInterval(15);
    connect(&m_rangeFetchTimer, &QTimer::timeout, this, &MetricsChartWidget::requestFetch);
    connect(&m_watcher, &QFutureWatcher<MetricFetchResult>::finished, this, &MetricsChartWidget::onFetched);
    updateEmptyState();
}

MetricsChartWidget::~MetricsChartWidget()
{
    m_pollTimer.stop();
    m_watcher.waitForFinished(); // the loader is shared with the task, so this only avoids a late signal
    m_pool.waitForDone();
    // The charts' lambdas point into m_charts, which dies before QWidget deletes the children.
    for (auto& chart : m_charts) {
        disconnect(chart->xAxis, nullptr, this, nullptr);
        disconnect(chart->view, nullptr, this, nullptr);
        for (const Line& line : chart->lines) {
            disconnect(line.main, nullptr, this, nullptr);
            disconnect(line.raw, nullptr, this, nullptr);
        }
        delete chart->panel;
    }
    m_charts.clear();
}

void MetricsChartWidget::buildControls()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* bar = new QHBoxLayout;
    m_combine = new QCheckBox(tr("&Combine on one chart"), this);
    m_combine->setObjectName(QStringLiteral("combineCharts"));
    m_combine->setAccessibleName(tr("Combine chosen metrics on one chart"));
    m_xAxis = new QComboBox(this);
    m_xAxis->setObjectName(QStringLiteral("xAxisMode"));
    m_xAxis->setAccessibleName(tr("X axis"));
    m_xAxis->addItem(tr("X: step"));
    m_xAxis->addItem(tr("X: time"));
    m_logScale = new QCheckBox(tr("&Log scale"), this);
    m_logScale->setObjectName(QStringLiteral("logScale"));
    m_logScale->setAccessibleName(tr("Logarithmic y axis"));
    auto* smoothingLabel = new QLabel(tr("&Smoothing"), this);
    m_smoothing = new QSlider(Qt::Horizontal, this);
    m_smoothing->setObjectName(QStringLiteral("smoothing"));
    m_smoothing->setAccessibleName(tr("Smoothing"));
    m_smoothing->setRange(0, kSmoothingSteps);
    m_smoothing->setMaximumWidth(160);
    smoothingLabel->setBuddy(m_smoothing);
    m_smoothingValue = new QLabel(QLocale().toString(0.0, 'f', 2), this);
    m_smoothingValue->setAccessibleName(tr("Smoothing weight"));
    m_resetZoom = new QPushButton(tr("&Reset zoom"), this);
    m_resetZoom->setObjectName(QStringLiteral("resetZoom"));
    m_resetZoom->setAccessibleName(tr("Reset zoom"));
    m_resetZoom->setToolTip(tr("Show every point again (also 0, Home or Escape in a chart).\n"
                               "Drag to zoom, Ctrl+drag or middle-drag or arrow keys to pan, +/- to zoom."));
    m_labelBy = new QToolButton(this);
    m_labelBy->setObjectName(QStringLiteral("labelBy"));
    m_labelBy->setText(tr("La&bel by"));
    m_labelBy->setAccessibleName(tr("Label lines by"));
    m_labelBy->setToolTip(tr("Name each line by the run's name, or by the parameters ticked here"));
    m_labelBy->setPopupMode(QToolButton::InstantPopup);
    m_labelMenu = new QMenu(m_labelBy);
    m_labelBy->setMenu(m_labelMenu);
    m_colorBy = new QComboBox(this);
    m_colorBy->setObjectName(QStringLiteral("colorBy"));
    m_colorBy->setAccessibleName(tr("Colour lines by"));
    m_colorBy->setToolTip(tr("Colour each line by a parameter's value: a gradient for numbers, distinct colours for text"));
    // A second row for how lines are named and coloured: one row of everything would make the run page,
    // and with it the window, too wide for a small screen.
    auto* lineBar = new QHBoxLayout;
    m_colorBy->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_colorBy->setMinimumContentsLength(14);
    lineBar->addWidget(m_labelBy);
    lineBar->addWidget(m_colorBy);
    lineBar->addStretch(1);
    bar->addWidget(m_combine);
    bar->addWidget(m_xAxis);
    bar->addWidget(m_logScale);
    bar->addWidget(smoothingLabel);
    bar->addWidget(m_smoothing);
    bar->addWidget(m_smoothingValue);
    bar->addStretch(1);
    bar->addWidget(m_resetZoom);
    layout->addLayout(bar);
    layout->addLayout(lineBar);
    m_colorKey = new QLabel(this);
    m_colorKey->setObjectName(QStringLiteral("colorKey"));
    m_colorKey->setAccessibleName(tr("What the line colours mean"));
    m_colorKey->setTextFormat(Qt::RichText);
    m_colorKey->setWordWrap(true);
    m_colorKey->hide();
    layout->addWidget(m_colorKey);
    rebuildLabelMenu();
    rebuildColorChooser();

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_metricList = new QListWidget(splitter);
    m_metricList->setObjectName(QStringLiteral("metricChooser"));
    m_metricList->setAccessibleName(tr("Metrics to chart"));
    m_metricList->setMaximumWidth(260);
    m_scroll = new QScrollArea(splitter);
    m_scroll->setAccessibleName(tr("Charts"));
    m_scroll->setWidgetResizable(true);
    m_chartsHost = new QWidget(m_scroll);
    m_chartsLayout = new QGridLayout(m_chartsHost);
    m_emptyLabel = new QLabel(m_chartsHost);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setAccessibleName(tr("Metrics status"));
    m_chartsLayout->addWidget(m_emptyLabel, 0, 0, 1, -1);
    m_scroll->setWidget(m_chartsHost);
    m_scroll->viewport()->installEventFilter(this); // the grid's columns follow the charts' width
    splitter->addWidget(m_metricList);
    splitter->addWidget(m_scroll);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_metricList, &QListWidget::itemChanged, this, &MetricsChartWidget::onChosenChanged);
    connect(m_combine, &QCheckBox::toggled, this, [this] {
        if (!m_updatingControls)
            rebuildCharts();
    });
    connect(m_xAxis, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updatingControls)
            return;
        for (auto& chart : m_charts)
            chart->zoom.reset(); // a step range means nothing on a time axis
        m_forceNext = true;
        onDisplayOptionChanged();
        requestFetch();
    });
    connect(m_logScale, &QCheckBox::toggled, this, [this] {
        for (auto& chart : m_charts)
            setYAxis(*chart);
        onDisplayOptionChanged();
    });
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int value) {
        m_smoothingValue->setText(QLocale().toString(value / 100.0, 'f', 2));
        onDisplayOptionChanged();
    });
    connect(m_resetZoom, &QPushButton::clicked, this, &MetricsChartWidget::resetZoom);
    connect(m_colorBy, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_updatingControls)
            return;
        m_colorParam = index <= 0 ? QString() : m_colorBy->itemData(index).toString();
        for (auto& chart : m_charts)
            applyTheme(*chart);
        updateColorKey();
    });
}

void MetricsChartWidget::rebuildLabelMenu()
{
    m_labelMenu->clear();
    QAction* byName = m_labelMenu->addAction(tr("Run name (when it has one)"));
    byName->setObjectName(QStringLiteral("labelByName"));
    byName->setCheckable(true);
    byName->setChecked(m_labelByName);
    connect(byName, &QAction::toggled, this, &MetricsChartWidget::setLabelByName);
    m_labelMenu->addSeparator();
    if (m_paramNames.isEmpty()) {
        QAction* none = m_labelMenu->addAction(tr("No parameters recorded for these runs"));
        none->setEnabled(false);
    }
    for (const QString& name : std::as_const(m_paramNames)) {
        QAction* action = m_labelMenu->addAction(name);
        action->setCheckable(true);
        action->setChecked(m_labelParams.contains(name));
        action->setData(name);
        connect(action, &QAction::toggled, this, [this, name](bool on) {
            QStringList params = m_labelParams;
            if (on && !params.contains(name))
                params.append(name);
            else if (!on)
                params.removeAll(name);
            setLabelParams(params);
        });
    }
}

void MetricsChartWidget::rebuildColorChooser()
{
    m_updatingControls = true;
    m_colorBy->clear();
    m_colorBy->addItem(tr("Colour: by line"));
    for (const QString& name : std::as_const(m_paramNames))
        m_colorBy->addItem(tr("Colour: %1").arg(name), name);
    const int index = m_colorParam.isEmpty() ? 0 : m_colorBy->findData(m_colorParam);
    // A parameter none of these runs has still colours (all grey) and stays listed, so the choice survives.
    if (index < 0) {
        m_colorBy->addItem(tr("Colour: %1").arg(m_colorParam), m_colorParam);
        m_colorBy->setCurrentIndex(m_colorBy->count() - 1);
    } else {
        m_colorBy->setCurrentIndex(index);
    }
    m_updatingControls = false;
}

void MetricsChartWidget::setLabelByName(bool byName)
{
    if (m_labelByName == byName)
        return;
    m_labelByName = byName;
    rebuildLabelMenu();
    applyLabels();
}

void MetricsChartWidget::setLabelParams(const QStringList& paramNames)
{
    if (m_labelParams == paramNames)
        return;
    m_labelParams = paramNames;
    rebuildLabelMenu();
    applyLabels();
}

void MetricsChartWidget::setColorParam(const QString& paramName)
{
    if (m_colorParam == paramName)
        return;
    m_colorParam = paramName;
    rebuildColorChooser();
    for (auto& chart : m_charts)
        applyTheme(*chart);
    updateColorKey();
}

QString MetricsChartWidget::runLabel(const QString& runId) const
{
    const auto info = m_runInfo.constFind(runId);
    if (info == m_runInfo.constEnd())
        return runId;
    if (m_labelByName && !info->displayName.isEmpty())
        return info->displayName;
    QStringList parts;
    for (const QString& name : m_labelParams)
        for (const MetricRunParam& param : info->params)
            if (param.name == name)
                parts.append(name + QLatin1Char('=') + param.value);
    return parts.isEmpty() ? runId : parts.join(QStringLiteral(", "));
}

QString MetricsChartWidget::lineName(const Chart& chart, const Line& line) const
{
    // Two runs may share a label (the same parameters): the id tells their lines apart.
    QString label = runLabel(line.runId);
    if (label != line.runId)
        for (const QString& other : m_runIds)
            if (other != line.runId && runLabel(other) == label) {
                label += QStringLiteral(" (") + line.runId + QLatin1Char(')');
                break;
            }
    if (chart.metrics.size() > 1)
        return m_runIds.size() > 1 ? line.metric + QStringLiteral(" · ") + label : line.metric;
    return label;
}

void MetricsChartWidget::applyLabels()
{
    for (auto& chart : m_charts) {
        for (Line& line : chart->lines) {
            const QString name = lineName(*chart, line);
            line.main->setName(name);
            line.raw->setName(name + tr(" (raw)"));
        }
        updateLegend(*chart);
    }
}

namespace {

// A parameter's values over the runs: numeric when every run that has it has a number.
struct ParamValues {
    bool numeric = true;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    QStringList categories; // sorted, for text
    int present = 0;
};

ParamValues paramValues(const QHash<QString, MetricRunInfo>& info, const QStringList& runIds, const QString& name)
{
    ParamValues out;
    QSet<QString> seen;
    for (const QString& runId : runIds) {
        const auto it = info.constFind(runId);
        if (it == info.constEnd())
            continue;
        for (const MetricRunParam& param : it->params) {
            if (param.name != name)
                continue;
            ++out.present;
            if (param.number && std::isfinite(*param.number)) {
                out.min = std::min(out.min, *param.number);
                out.max = std::max(out.max, *param.number);
            } else {
                out.numeric = false;
            }
            if (!seen.contains(param.value)) {
                seen.insert(param.value);
                out.categories.append(param.value);
            }
        }
    }
    if (out.present == 0)
        out.numeric = false;
    std::sort(out.categories.begin(), out.categories.end());
    return out;
}

const MetricRunParam* findParam(const QHash<QString, MetricRunInfo>& info, const QString& runId, const QString& name)
{
    const auto it = info.constFind(runId);
    if (it == info.constEnd())
        return nullptr;
    for (const MetricRunParam& param : it->params)
        if (param.name == name)
            return &param;
    return nullptr;
}

} // namespace

QColor MetricsChartWidget::colorFor(const Line& line, bool dark) const
{
    if (m_colorParam.isEmpty())
        return seriesColor(line.colorIndex, dark);
    const MetricRunParam* param = findParam(m_runInfo, line.runId, m_colorParam);
    if (!param)
        return missingValueColor(dark);
    const ParamValues values = paramValues(m_runInfo, m_runIds, m_colorParam);
    if (values.numeric) {
        const double span = values.max - values.min;
        return gradientColor(span > 0 ? (*param->number - values.min) / span : 0.5, dark);
    }
    return seriesColor(int(values.categories.indexOf(param->value)), dark);
}

Qt::PenStyle MetricsChartWidget::styleFor(const Chart& chart, const Line& line) const
{
    // Coloured by a parameter, the lines of one run share a colour: on a combined chart the metric is told
    // by the dash pattern.
    if (m_colorParam.isEmpty() || chart.metrics.size() < 2)
        return Qt::SolidLine;
    static const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};
    return styles[std::max<qsizetype>(0, chart.metrics.indexOf(line.metric)) % qsizetype(std::size(styles))];
}

QColor MetricsChartWidget::lineColor(const QString& metric, const QString& runId) const
{
    const Line* line = findLine(metric, runId);
    return line ? line->main->pen().color() : QColor();
}

void MetricsChartWidget::updateColorKey()
{
    const QString problem = m_runInfoError.isEmpty()
                                ? QString()
                                : tr("<span style=\"color:#c62828\">Run names and parameters could not be read: "
                                     "%1</span><br>")
                                      .arg(m_runInfoError.toHtmlEscaped());
    if (m_colorParam.isEmpty() || m_runIds.isEmpty()) {
        m_colorKey->setText(problem);
        m_colorKey->setVisible(!problem.isEmpty());
        return;
    }
    const bool dark = isDarkPalette();
    const ParamValues values = paramValues(m_runInfo, m_runIds, m_colorParam);
    const QString name = m_colorParam.toHtmlEscaped();
    const auto swatch = [](const QColor& color) {
        return QStringLiteral("<span style=\"color:%1\">&#9632;</span>").arg(color.name());
    };
    QString text;
    if (values.present == 0) {
        text = tr("Colour: <b>%1</b> — none of these runs has this parameter").arg(name);
    } else if (values.numeric) {
        QString ramp;
        for (int i = 0; i <= 8; ++i)
            ramp += swatch(gradientColor(i / 8.0, dark));
        text = tr("Colour: <b>%1</b> &nbsp; %2 %3 %4").arg(name, exactNumber(values.min).toHtmlEscaped(), ramp,
                                                          exactNumber(values.max).toHtmlEscaped());
    } else {
        QStringList entries;
        for (int i = 0; i < values.categories.size(); ++i)
            entries.append(swatch(seriesColor(i, dark)) + QStringLiteral("&nbsp;") +
                           values.categories[i].toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;")));
        text = tr("Colour: <b>%1</b> &nbsp; %2").arg(name, entries.join(QStringLiteral(" &nbsp; ")));
    }
    if (values.present > 0 && values.present < m_runIds.size())
        text += tr(" &nbsp; %1&nbsp;no value").arg(swatch(missingValueColor(dark)));
    m_colorKey->setText(problem + text);
    m_colorKey->show();
}

QString MetricsChartWidget::colorKeyText() const
{
    if (m_colorKey->isHidden())
        return {};
    QTextDocument document;
    document.setHtml(m_colorKey->text());
    return document.toPlainText().replace(QChar::Nbsp, QLatin1Char(' '));
}

int MetricsChartWidget::columnsForWidth(int width)
{
    return width >= kThreeColumnWidth ? 3 : width >= kTwoColumnWidth ? 2 : 1;
}

bool MetricsChartWidget::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize) {
        const int columns = std::min(columnsForWidth(m_scroll->viewport()->width()),
                                     std::max(1, int(m_charts.size())));
        if (columns != m_gridColumns)
            layoutGrid();
    }
    return QWidget::eventFilter(watched, event);
}

void MetricsChartWidget::layoutGrid()
{
    // One chart never sits in a third of the width; a node's heading starts a row of its own.
    m_gridColumns = std::min(columnsForWidth(m_scroll->viewport()->width()), std::max(1, int(m_charts.size())));
    m_chartsLayout->removeWidget(m_emptyLabel);
    for (QLabel* heading : std::as_const(m_groupHeadings))
        m_chartsLayout->removeWidget(heading);
    for (auto& chart : m_charts)
        m_chartsLayout->removeWidget(chart->panel);
    for (int c = 0; c < 3; ++c)
        m_chartsLayout->setColumnStretch(c, c < m_gridColumns ? 1 : 0);
    for (int r = 0; r < m_chartsLayout->rowCount(); ++r)
        m_chartsLayout->setRowStretch(r, 0);
    int row = 0;
    m_chartsLayout->addWidget(m_emptyLabel, row++, 0, 1, m_gridColumns);
    int column = 0;
    int headingIndex = 0;
    QString node;
    for (auto& chart : m_charts) {
        const QString chartNode =
            chart->metrics.size() == 1 ? systemNodeOf(chart->metrics.constFirst()) : QString();
        if (!chartNode.isEmpty() && chartNode != node && headingIndex < m_groupHeadings.size()) {
            if (column > 0) {
                ++row;
                column = 0;
            }
            m_chartsLayout->addWidget(m_groupHeadings[headingIndex++], row++, 0, 1, m_gridColumns);
        }
        node = chartNode;
        m_chartsLayout->addWidget(chart->panel, row, column);
        m_chartsLayout->setRowStretch(row, 1); // rows of charts share the height; headings keep theirs
        if (++column == m_gridColumns) {
            column = 0;
            ++row;
        }
    }
}

QString MetricsChartWidget::seriesKey(const QString& runId, const QString& metric)
{
    return runId + QLatin1Char('\n') + metric;
}

double MetricsChartWidget::smoothingWeight() const
{
    return m_smoothing->value() / 100.0;
}

bool MetricsChartWidget::isDarkPalette() const
{
    return palette().color(QPalette::Window).lightness() < 128;
}

void MetricsChartWidget::setRuns(const QStringList& runIds)
{
    QStringList unique;
    for (const QString& id : runIds)
        if (!id.isEmpty() && !unique.contains(id))
            unique.append(id);
    if (unique == m_runIds)
        return;
    m_runIds = unique;
    for (auto it = m_data.begin(); it != m_data.end();) {
        if (m_runIds.contains(it.value().data.runId))
            ++it;
        else
            it = m_data.erase(it);
    }
    m_forceNext = true; // the loader may remember answers this widget has dropped
    // The metrics of the runs shown before are not this selection's: only those a run still shown has data
    // for stay until the first answer for the new selection names them all.
    QStringList known;
    for (const QString& metric : std::as_const(m_metrics))
        for (const QString& runId : std::as_const(m_runIds))
            if (m_data.contains(seriesKey(runId, metric)) && !known.contains(metric))
                known.append(metric);
    applyMetricNames(known);
    m_awaitingMetrics = !m_runIds.isEmpty();
    rebuildCharts();
    if (m_runIds.isEmpty())
        m_pollTimer.stop();
    else
        m_pollTimer.start();
    requestFetch();
}

void MetricsChartWidget::setCombined(bool combined)
{
    m_combine->setChecked(combined);
}

void MetricsChartWidget::setByTime(bool byTime)
{
    m_xAxis->setCurrentIndex(byTime ? 1 : 0);
}

void MetricsChartWidget::setLogScale(bool logScale)
{
    m_logScale->setChecked(logScale);
}

void MetricsChartWidget::setSmoothing(double weight)
{
    m_smoothing->setValue(int(std::lround(std::clamp(weight, 0.0, 0.99) * 100)));
}

void MetricsChartWidget::setChosenMetrics(const QStringList& metrics)
{
    m_updatingControls = true;
    for (int i = 0; i < m_metricList->count(); ++i) {
        QListWidgetItem* item = m_metricList->item(i);
        const QString metric = metricOf(item);
        if (metric.isEmpty())
            continue;
        const bool chosen = metrics.contains(metric);
        item->setCheckState(chosen ? Qt::Checked : Qt::Unchecked);
        if (chosen)
            m_unchosen.remove(metric);
        else
            m_unchosen.insert(metric);
    }
    m_updatingControls = false;
    rebuildCharts();
}

QStringList MetricsChartWidget::chosenMetrics() const
{
    QStringList out;
    for (int i = 0; i < m_metricList->count(); ++i) {
        const QListWidgetItem* item = m_metricList->item(i);
        if (!metricOf(item).isEmpty() && item->checkState() == Qt::Checked)
            out.append(metricOf(item));
    }
    return out;
}

void MetricsChartWidget::setPollInterval(int ms)
{
    m_pollTimer.setInterval(ms);
}

void MetricsChartWidget::refreshNow()
{
    requestFetch();
}

void MetricsChartWidget::zoomToRange(const QString& chartTitle, double xMin, double xMax)
{
    Chart* chart = findChart(chartTitle);
    if (!chart || !(xMin < xMax))
        return;
    chart->zoom = MetricXRange{xMin, xMax};
    fitAxes(*chart);
    requestFetch();
}

void MetricsChartWidget::resetZoom()
{
    for (auto& chart : m_charts) {
        chart->zoom.reset();
        fitAxes(*chart);
    }
    requestFetch();
}

void MetricsChartWidget::requestFetch()
{
    if (m_runIds.isEmpty())
        return;
    if (m_fetchInFlight) {
        m_fetchPending = true;
        return;
    }
    MetricFetchRequest request;
    request.runIds = m_runIds;
    request.byTime = m_xAxis->currentIndex() == 1;
    request.forceAll = m_forceNext;
    request.readRunInfo = m_forceNext || ++m_pollsSinceRunInfo >= kPollsPerRunInfo;
    if (request.readRunInfo)
        m_pollsSinceRunInfo = 0;
    m_forceNext = false;
    request.defaultBuckets = std::max(100, m_scroll->viewport()->width() - 100);
    for (const auto& chart : m_charts) {
        const int buckets = chart->view->plotWidth();
        for (const QString& metric : chart->metrics) {
            request.buckets.insert(metric, buckets);
            if (chart->zoom)
                request.ranges.insert(metric, *chart->zoom);
        }
    }
    m_fetchInFlight = true;
    m_fetchPending = false;
    m_fetchRunIds = m_runIds;
    std::shared_ptr<MetricSeriesLoader> loader = m_loader;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [loader, request] { return loader->fetch(request); }));
}

void MetricsChartWidget::onFetched()
{
    m_fetchInFlight = false;
    const MetricFetchResult result = m_watcher.result();
    if (m_fetchRunIds != m_runIds) {
        // An answer for the runs shown before the last setRuns(): its metric names are not this selection's.
        if (m_fetchPending)
            requestFetch();
        return;
    }

    // The answer names every metric of exactly these runs, so it replaces the list rather than adding to it.
    const bool metricsChanged = result.metrics != m_metrics || m_awaitingMetrics;
    m_awaitingMetrics = false;
    if (result.metrics != m_metrics)
        applyMetricNames(result.metrics);

    for (const MetricSeriesData& series : result.series) {
        if (series.unchanged || !m_runIds.contains(series.runId))
            continue; // an answer for runs shown before the last setRuns()
        StoredSeries& stored = m_data[seriesKey(series.runId, series.metric)];
        stored.data = series;
        stored.version = m_nextVersion++;
    }

    bool runInfoChanged = false;
    if (result.runInfoError != m_runInfoError) {
        m_runInfoError = result.runInfoError; // shown above the charts; the lines keep the labels they had
        updateColorKey();
    }
    if (result.hasRunInfo) {
        QStringList params;
        for (const QString& runId : std::as_const(m_runIds))
            for (const MetricRunParam& param : result.runInfo.value(runId).params)
                if (!params.contains(param.name))
                    params.append(param.name);
        runInfoChanged = true;
        m_runInfo = result.runInfo;
        if (params != m_paramNames) {
            m_paramNames = params;
            rebuildLabelMenu();
            rebuildColorChooser();
        }
    }

    if (metricsChanged) {
        rebuildCharts();
    } else {
        if (runInfoChanged) {
            applyLabels();
            for (auto& chart : m_charts)
                applyTheme(*chart);
            updateColorKey();
        }
        for (auto& chart : m_charts)
            drawChart(*chart, true);
    }
    emit chartsUpdated();
    if (m_fetchPending)
        requestFetch();
}

void MetricsChartWidget::applyMetricNames(const QStringList& names)
{
    // Rebuilt in the answer's order; each metric's tick comes from what the user chose (m_unchosen), which
    // every change of a tick keeps up to date.
    // The run's own metrics first, then a "System" group per node (system/<node>/...), each under a heading
    // and named by what follows the node; the charts come in the same order.
    m_updatingControls = true;
    m_metricList->clear();
    QStringList ordered;
    QMap<QString, QStringList> byNode;
    for (const QString& name : names) {
        const QString node = systemNodeOf(name);
        if (node.isEmpty())
            ordered.append(name);
        else
            byNode[node].append(name);
    }
    const auto addMetric = [this](const QString& name, const QString& label) {
        auto* item = new QListWidgetItem(label, m_metricList);
        item->setData(kMetricRole, name);
        item->setToolTip(name);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(m_unchosen.contains(name) ? Qt::Unchecked : Qt::Checked);
    };
    for (const QString& name : std::as_const(ordered))
        addMetric(name, name);
    for (auto it = byNode.cbegin(); it != byNode.cend(); ++it) {
        auto* heading = new QListWidgetItem(tr("System · %1").arg(it.key()), m_metricList);
        heading->setFlags(Qt::ItemIsEnabled);
        QFont font = heading->font();
        font.setBold(true);
        heading->setFont(font);
        heading->setToolTip(tr("CPU, memory and GPUs of the node %1, sampled while the run lives").arg(it.key()));
        for (const QString& name : it.value()) {
            addMetric(name, QStringLiteral("    ") + SystemMetricName::parse(name)->series);
            ordered.append(name);
        }
    }
    m_metrics = ordered;
    m_updatingControls = false;
}

void MetricsChartWidget::onChosenChanged(QListWidgetItem* item)
{
    if (m_updatingControls || !item || metricOf(item).isEmpty())
        return;
    if (item->checkState() == Qt::Checked)
        m_unchosen.remove(metricOf(item));
    else
        m_unchosen.insert(metricOf(item));
    rebuildCharts();
}

void MetricsChartWidget::onDisplayOptionChanged()
{
    for (auto& chart : m_charts) {
        chart->xAxis->setTitleText(m_xAxis->currentIndex() == 1 ? tr("time (s since the run's first point)")
                                                                : tr("step"));
        drawChart(*chart, false);
    }
}

void MetricsChartWidget::updateEmptyState()
{
    QString text;
    if (m_runIds.isEmpty())
        text = tr("Select one or more runs to chart their metrics.");
    else if (m_awaitingMetrics)
        text = tr("Reading metrics…");
    else if (m_metrics.isEmpty())
        text = tr("No metrics logged yet.");
    else if (m_charts.empty())
        text = tr("No metric chosen: tick one in the list.");
    m_emptyLabel->setText(text);
    m_emptyLabel->setVisible(!text.isEmpty());
}

void MetricsChartWidget::rebuildCharts()
{
    // Charts are rebuilt whole when the set of charts changes; they keep nothing the data does not hold
    // except the zoom, which is carried over by title.
    QHash<QString, MetricXRange> zooms;
    for (const auto& chart : m_charts)
        if (chart->zoom)
            zooms.insert(chart->title, *chart->zoom);
    for (auto& chart : m_charts) {
        // The axis and view outlive this Chart until deleteLater runs; their lambdas hold a pointer to it.
        disconnect(chart->xAxis, nullptr, this, nullptr);
        disconnect(chart->view, nullptr, this, nullptr);
        for (const Line& line : chart->lines) {
            disconnect(line.main, nullptr, this, nullptr);
            disconnect(line.raw, nullptr, this, nullptr);
        }
        m_chartsLayout->removeWidget(chart->panel);
        chart->panel->hide();
        chart->panel->deleteLater();
    }
    m_charts.clear();
    m_hoverText.clear();
    for (QLabel* heading : std::as_const(m_groupHeadings)) {
        m_chartsLayout->removeWidget(heading);
        heading->deleteLater();
    }
    m_groupHeadings.clear();

    QStringList chosen;
    for (const QString& metric : chosenMetrics())
        if (m_metrics.contains(metric))
            chosen.append(metric);
    if (!m_runIds.isEmpty() && !chosen.isEmpty()) {
        if (m_combine->isChecked())
            m_charts.push_back(makeChart(chosen.join(QStringLiteral(", ")), chosen));
        else
            for (const QString& metric : chosen)
                m_charts.push_back(makeChart(metric, {metric}));
    }
    QString node;
    for (auto& chart : m_charts) {
        if (zooms.contains(chart->title))
            chart->zoom = zooms.value(chart->title);
        // A node's system charts follow each other (the chooser's order) under one heading.
        const QString chartNode = chart->metrics.size() == 1 ? systemNodeOf(chart->metrics.constFirst()) : QString();
        if (!chartNode.isEmpty() && chartNode != node) {
            auto* heading = new QLabel(tr("<b>System · %1</b>").arg(chartNode.toHtmlEscaped()), m_chartsHost);
            heading->setObjectName(QStringLiteral("systemGroupHeading"));
            heading->setAccessibleName(tr("System of node %1").arg(chartNode));
            m_groupHeadings.append(heading);
        }
        node = chartNode;
    }
    layoutGrid();
    for (auto& chart : m_charts)
        drawChart(*chart, false);
    updateColorKey();
    updateEmptyState();
}

std::unique_ptr<MetricsChartWidget::Chart> MetricsChartWidget::makeChart(const QString& title,
                                                                         const QStringList& metrics)
{
    auto chart = std::make_unique<Chart>();
    Chart* self = chart.get();
    chart->title = title;
    chart->metrics = metrics;
    chart->chart = new QChart;
    chart->chart->setTitle(title);
    chart->chart->legend()->hide();
    chart->chart->setAnimationOptions(QChart::NoAnimation);

    chart->panel = new QWidget(m_chartsHost);
    auto* panelLayout = new QVBoxLayout(chart->panel);
    panelLayout->setContentsMargins(0, 0, 0, 0);
    chart->view = new MetricChartView(chart->chart, chart->panel);
    chart->view->setAccessibleName(tr("Chart of %1").arg(title));
    chart->note = new QLabel(chart->panel);
    chart->note->setAccessibleName(tr("Notes on the chart of %1").arg(title));
    chart->note->setWordWrap(true);
    chart->note->hide();
    panelLayout->addWidget(chart->view, 1);
    chart->legend = new MetricChartLegend(chart->panel);
    chart->legend->setAccessibleName(tr("Legend of the chart of %1").arg(title));
    panelLayout->addWidget(chart->legend);
    panelLayout->addWidget(chart->note);

    chart->xAxis = new QValueAxis(chart->chart);
    chart->xAxis->setTitleText(m_xAxis->currentIndex() == 1 ? tr("time (s since the run's first point)")
                                                            : tr("step"));
    chart->xAxis->setLabelFormat(QStringLiteral("%g"));
    chart->chart->addAxis(chart->xAxis, Qt::AlignBottom);

    int colorIndex = 0;
    for (const QString& metric : metrics) {
        for (const QString& runId : m_runIds) {
            Line line;
            line.metric = metric;
            line.runId = runId;
            line.colorIndex = colorIndex++;
            line.raw = new QLineSeries(chart->chart);
            line.main = new QLineSeries(chart->chart);
            const QString name = lineName(*chart, line);
            line.main->setName(name);
            line.raw->setName(name + tr(" (raw)"));
            chart->chart->addSeries(line.raw);
            chart->chart->addSeries(line.main);
            line.raw->attachAxis(chart->xAxis);
            line.main->attachAxis(chart->xAxis);
            for (QLineSeries* series : {line.main, line.raw})
                connect(series, &QLineSeries::hovered, this,
                        [this, metric, runId](const QPointF& point, bool state) {
                            showHover(metric, runId, point, state);
                        });
            chart->lines.push_back(std::move(line));
        }
    }
    setYAxis(*chart);
    applyTheme(*chart);

    connect(chart->xAxis, &QValueAxis::rangeChanged, this,
            [this, self](qreal min, qreal max) { onAxisRangeChanged(self, min, max); });
    connect(chart->view, &MetricChartView::resetRequested, this, [this, self] {
        self->zoom.reset();
        fitAxes(*self);
        requestFetch();
    });
    connect(chart->view, &MetricChartView::plotWidthChanged, this, [this] { m_rangeFetchTimer.start(); });
    connect(chart->view, &MetricChartView::crosshairMoved, this, [this, self](double x) { showCrosshair(self, x); });
    return chart;
}

void MetricsChartWidget::setYAxis(Chart& chart)
{
    const bool log = m_logScale->isChecked();
    if (chart.yAxis && (chart.yAxis->type() == QAbstractAxis::AxisTypeLogValue) == log)
        return;
    if (chart.yAxis) {
        chart.chart->removeAxis(chart.yAxis); // detaches the series too
        delete chart.yAxis;
    }
    if (log) {
        auto* axis = new QLogValueAxis(chart.chart);
        axis->setBase(10);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setMinorTickCount(-1);
        chart.yAxis = axis;
    } else {
        auto* axis = new QValueAxis(chart.chart);
        axis->setLabelFormat(QStringLiteral("%g"));
        chart.yAxis = axis;
    }
    chart.chart->addAxis(chart.yAxis, Qt::AlignLeft);
    for (Line& line : chart.lines) {
        line.main->attachAxis(chart.yAxis);
        line.raw->attachAxis(chart.yAxis);
    }
    if (chart.chart->theme() != (isDarkPalette() ? QChart::ChartThemeDark : QChart::ChartThemeLight))
        applyTheme(chart);
    else {
        const QColor text = chart.xAxis->labelsColor();
        chart.yAxis->setLabelsColor(text);
        chart.yAxis->setGridLineColor(chart.xAxis->gridLineColor());
        chart.yAxis->setLinePen(chart.xAxis->linePen());
    }
}

void MetricsChartWidget::applyTheme(Chart& chart)
{
    const bool dark = isDarkPalette();
    chart.chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    // The theme resets series pens, so the run colours are applied after it.
    for (Line& line : chart.lines) {
        const QColor color = colorFor(line, dark);
        QPen pen(color);
        pen.setWidthF(1.6);
        pen.setStyle(styleFor(chart, line));
        line.main->setPen(pen);
        QColor faint = color;
        faint.setAlpha(70);
        QPen rawPen(faint);
        rawPen.setWidthF(1.0);
        line.raw->setPen(rawPen);
    }
    updateLegend(chart);
}

void MetricsChartWidget::updateLegend(Chart& chart)
{
    QVector<MetricChartLegend::Entry> entries;
    for (const Line& line : chart.lines)
        entries.append({line.main->name(), line.main->pen().color(), line.main->pen().style()});
    chart.legend->setEntries(entries);
    chart.view->setExportLegend(entries);
}

void MetricsChartWidget::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        for (auto& chart : m_charts)
            applyTheme(*chart);
}

void MetricsChartWidget::drawChart(Chart& chart, bool onlyChanged)
{
    const bool byTime = m_xAxis->currentIndex() == 1;
    const bool log = m_logScale->isChecked();
    const double weight = smoothingWeight();
    bool anyChange = !onlyChanged;
    std::vector<Line*> changed;
    for (Line& line : chart.lines) {
        const auto it = m_data.constFind(seriesKey(line.runId, line.metric));
        const quint64 version = it == m_data.constEnd() ? 0 : it->version;
        if (onlyChanged && version == line.drawnVersion)
            continue;
        anyChange = true;
        changed.push_back(&line);
        line.drawnVersion = version;
        line.drawnSource.clear();
        line.rawDrawn.clear();
        line.nonFinite = 0;
        line.nonPositiveHidden = 0;
        if (it != m_data.constEnd()) {
            const MetricSeriesData& data = it->data;
            line.nonFinite = data.nonFiniteCount;
            line.drawnSource.reserve(data.points.size());
            line.rawDrawn.reserve(data.points.size());
            for (const MetricPoint& p : data.points) {
                if (log && !(p.value > 0)) {
                    ++line.nonPositiveHidden; // a log axis has no place for them
                    continue;
                }
                line.drawnSource.append(p);
                line.rawDrawn.append(QPointF(byTime ? p.time - data.timeOrigin : double(p.step), p.value));
            }
        }
        line.mainDrawn = weight > 0 ? smoothed(line.rawDrawn, weight) : line.rawDrawn;
    }
    if (!anyChange)
        return;

    // Qt Charts maps and strokes a series' whole path again on every change of its points or of an axis.
    // The old points are dropped first (an empty path is free), the axes fitted to the new ones, and only
    // then are the new points set: one costly pass per series, not three.
    for (Line* line : changed) {
        if (line->main->count() > 0)
            line->main->clear();
        if (line->raw->count() > 0)
            line->raw->clear();
    }
    fitAxes(chart);
    for (Line* line : changed) {
        if (weight > 0)
            line->raw->replace(line->rawDrawn);
        if (line->raw->isVisible() != (weight > 0))
            line->raw->setVisible(weight > 0);
        line->main->replace(line->mainDrawn); // one call: the series redraws once, not per point
    }

    QStringList notes;
    for (const Line& line : chart.lines) {
        const QString who = chart.metrics.size() > 1 || m_runIds.size() > 1
                                ? line.metric + QStringLiteral(" · ") + line.runId
                                : line.metric;
        if (line.nonFinite > 0)
            notes.append(tr("%1: %n NaN/inf value(s) not drawn", nullptr,
                            int(std::min<qint64>(line.nonFinite, INT_MAX)))
                             .arg(who));
        if (line.nonPositiveHidden > 0)
            notes.append(
                tr("%1: %n value(s) ≤ 0 hidden on the log scale", nullptr, int(line.nonPositiveHidden))
                    .arg(who));
    }
    chart.note->setText(notes.join(QLatin1Char('\n')));
    chart.note->setVisible(!notes.isEmpty());
    if (chart.view->isCrosshairVisible()) // a live run's new points show in the box at once
        showCrosshair(&chart, chart.view->crosshairX());
}

void MetricsChartWidget::fitAxes(Chart& chart)
{
    double xMin = std::numeric_limits<double>::infinity();
    double xMax = -xMin;
    if (chart.zoom) {
        xMin = chart.zoom->min;
        xMax = chart.zoom->max;
    } else {
        for (const Line& line : chart.lines) {
            if (line.rawDrawn.isEmpty())
                continue;
            xMin = std::min(xMin, line.rawDrawn.front().x());
            xMax = std::max(xMax, line.rawDrawn.back().x());
        }
    }
    if (!std::isfinite(xMin) || !std::isfinite(xMax)) {
        xMin = 0;
        xMax = 1;
    } else if (xMin == xMax) {
        xMin -= 0.5;
        xMax += 0.5;
    }

    double yMin = std::numeric_limits<double>::infinity();
    double yMax = -yMin;
    for (const Line& line : chart.lines) {
        for (const QList<QPointF>* points : {&line.rawDrawn, &line.mainDrawn}) {
            for (const QPointF& p : *points) {
                if (p.x() < xMin || p.x() > xMax || !std::isfinite(p.y()))
                    continue;
                yMin = std::min(yMin, p.y());
                yMax = std::max(yMax, p.y());
            }
        }
    }
    const bool log = chart.yAxis->type() == QAbstractAxis::AxisTypeLogValue;
    if (!std::isfinite(yMin) || !std::isfinite(yMax)) {
        yMin = log ? 0.1 : 0;
        yMax = log ? 10 : 1;
    } else if (log) {
        yMin /= 1.25;
        yMax *= 1.25;
        if (yMin == yMax)
            yMax = yMin * 10;
    }
    std::optional<NiceRange> niceY;
    if (!log) {
        // A loss or an accuracy never goes below zero: its axis must not invent negative room (nor positive
        // room above a series that is never positive). Zero is a bound only on the side the data touches.
        const double pad = yMax > yMin ? (yMax - yMin) * 0.05 : std::max(std::abs(yMax) * 0.05, 0.5);
        const bool nonNegative = yMin >= 0;
        const bool nonPositive = yMax <= 0;
        yMin -= pad;
        yMax += pad;
        if (nonNegative)
            yMin = std::max(yMin, 0.0);
        if (nonPositive)
            yMax = std::min(yMax, 0.0);
        niceY = niceRange(yMin, yMax);
        yMin = niceY->min;
        yMax = niceY->max;
    }
    chart.settingAxes = true;
    chart.fittedX = MetricXRange{xMin, xMax};
    // Ticks at round numbers (1, 2 or 5 × 10^k apart, whole steps at least) instead of the range split in
    // equal parts, which labels steps as 5.75 and 10.5. The range itself stays as the user zoomed it.
    const double span = xMax > xMin ? xMax - xMin : 1.0;
    const double rough = span / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double factor = rough / magnitude < 1.5 ? 1 : rough / magnitude < 3.5 ? 2 : rough / magnitude < 7.5 ? 5 : 10;
    const bool byStep = m_xAxis->currentIndex() == 0;
    const double interval = byStep ? std::max(1.0, factor * magnitude) : factor * magnitude;
    // The axis lays its ticks out after every setter: never let a small interval meet a wide range, or a
    // 1M-step range gets a million ticks for a moment.
    chart.xAxis->setTickType(QValueAxis::TicksDynamic);
    chart.xAxis->setTickAnchor(0);
    if (std::isfinite(interval) && interval > 0 && interval >= chart.xAxis->tickInterval()) {
        chart.xAxis->setTickInterval(interval);
        chart.xAxis->setRange(xMin, xMax);
    } else {
        chart.xAxis->setRange(xMin, xMax);
        if (std::isfinite(interval) && interval > 0)
            chart.xAxis->setTickInterval(interval);
    }
    chart.yAxis->setRange(yMin, yMax);
    if (auto* linear = qobject_cast<QValueAxis*>(chart.yAxis); linear && niceY)
        linear->setTickCount(int(std::lround((niceY->max - niceY->min) / niceY->step)) + 1);
    chart.settingAxes = false;
}

MetricsChartWidget::NiceRange MetricsChartWidget::niceRange(double min, double max, int ticks)
{
    NiceRange out;
    if (!std::isfinite(min) || !std::isfinite(max))
        return out;
    if (max < min)
        std::swap(min, max);
    if (max == min) {
        const double pad = std::max(std::abs(max) * 0.05, 0.5);
        min -= pad;
        max += pad;
    }
    const double rough = (max - min) / std::max(1, ticks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double ratio = rough / magnitude;
    const double factor = ratio < 1.5 ? 1 : ratio < 3.5 ? 2 : ratio < 7.5 ? 5 : 10;
    out.step = factor * magnitude;
    // Snapped to whole steps; a bound within rounding noise of a step is that step (0.30000000000000004).
    const double eps = out.step * 1e-9;
    out.min = std::floor((min + eps) / out.step) * out.step;
    out.max = std::ceil((max - eps) / out.step) * out.step;
    if (std::abs(out.min) < eps)
        out.min = 0; // never -0
    if (std::abs(out.max) < eps)
        out.max = 0;
    return out;
}

void MetricsChartWidget::onAxisRangeChanged(Chart* chart, double min, double max)
{
    if (chart->settingAxes || !(min < max))
        return;
    // The chart re-applies our own range later from its domain (after a replace), with rounding noise.
    const double tolerance = (chart->fittedX.max - chart->fittedX.min) * 1e-9;
    if (std::abs(min - chart->fittedX.min) <= tolerance && std::abs(max - chart->fittedX.max) <= tolerance)
        return;
    // A rubber band, a pan or a key zoom: read the visible range again, at full resolution when small.
    chart->zoom = MetricXRange{min, max};
    m_rangeFetchTimer.start();
}

MetricsChartWidget::Chart* MetricsChartWidget::findChart(const QString& title) const
{
    for (const auto& chart : m_charts)
        if (chart->title == title)
            return chart.get();
    return nullptr;
}

const MetricsChartWidget::Line* MetricsChartWidget::findLine(const QString& metric,
                                                             const QString& runId) const
{
    for (const auto& chart : m_charts)
        for (const Line& line : chart->lines)
            if (line.metric == metric && line.runId == runId)
                return &line;
    return nullptr;
}

void MetricsChartWidget::showCrosshair(Chart* chart, double x)
{
    // Each line's value at the pointer is its last drawn point at or before x (no interpolation: the value
    // a run logged, not one between two logs). A line with no point before x says so.
    const bool byTime = m_xAxis->currentIndex() == 1;
    const bool dark = isDarkPalette();
    QStringList rows;
    rows << QStringLiteral("<b>%1</b>").arg(byTime ? tr("time %1 s").arg(QString::number(x, 'f', 2))
                                                   : tr("step %1").arg(QString::number(std::floor(x), 'f', 0)));
    int listed = 0;
    for (const Line& line : chart->lines) {
        if (listed == kCrosshairMaxLines) {
            rows << tr("… and %n more", nullptr, int(chart->lines.size()) - listed);
            break;
        }
        ++listed;
        const QList<QPointF>& points = line.mainDrawn;
        const auto after = std::upper_bound(points.cbegin(), points.cend(), x,
                                            [](double value, const QPointF& p) { return value < p.x(); });
        const QString value = after == points.cbegin() ? QStringLiteral("—") : exactNumber((after - 1)->y());
        rows << QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2: %3")
                    .arg(colorFor(line, dark).name(), line.main->name().toHtmlEscaped(), value);
    }
    chart->view->setCrosshairText(rows.join(QStringLiteral("<br>")));
}

void MetricsChartWidget::showHover(const QString& metric, const QString& runId, const QPointF& point,
                                   bool state)
{
    const Line* line = findLine(metric, runId);
    if (!state || !line || line->rawDrawn.isEmpty()) {
        m_hoverText.clear();
        QToolTip::hideText();
        return;
    }
    // The hovered position lies anywhere on a segment; the nearest real point by x is the one to report.
    const auto after = std::lower_bound(line->rawDrawn.cbegin(), line->rawDrawn.cend(), point.x(),
                                        [](const QPointF& p, double x) { return p.x() < x; });
    qsizetype index = after - line->rawDrawn.cbegin();
    if (index >= line->rawDrawn.size() ||
        (index > 0 && point.x() - line->rawDrawn[index - 1].x() < line->rawDrawn[index].x() - point.x()))
        --index;
    const MetricPoint& p = line->drawnSource[index];
    const auto stored = m_data.constFind(seriesKey(runId, metric));
    const double origin = stored == m_data.constEnd() ? 0 : stored->data.timeOrigin;
    QStringList text;
    text << metric + QStringLiteral(" — ") + runId;
    text << tr("step %1").arg(p.step);
    text << tr("time +%1 s").arg(QString::number(p.time - origin, 'f', 3));
    text << tr("value %1").arg(exactNumber(p.value));
    if (smoothingWeight() > 0 && index < line->mainDrawn.size())
        text << tr("smoothed %1").arg(exactNumber(line->mainDrawn[index].y()));
    if (line->nonFinite > 0)
        text << tr("%n NaN/inf value(s) in this series not drawn", nullptr,
                   int(std::min<qint64>(line->nonFinite, INT_MAX)));
    m_hoverText = text.join(QLatin1Char('\n'));
    QToolTip::showText(QCursor::pos(), m_hoverText, this);
}

QStringList MetricsChartWidget::chartTitles() const
{
    QStringList out;
    for (const auto& chart : m_charts)
        out.append(chart->title);
    return out;
}

int MetricsChartWidget::seriesCount(const QString& chartTitle) const
{
    int count = 0;
    for (const auto& chart : m_charts)
        if (chartTitle.isEmpty() || chart->title == chartTitle)
            count += int(chart->lines.size());
    return count;
}

QStringList MetricsChartWidget::legendNames(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    return chart ? chart->legend->names() : QStringList();
}

MetricChartLegend* MetricsChartWidget::legend(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    return chart ? chart->legend : nullptr;
}

QList<QPointF> MetricsChartWidget::seriesPoints(const QString& metric, const QString& runId) const
{
    const Line* line = findLine(metric, runId);
    return line ? line->main->points() : QList<QPointF>();
}

QList<QPointF> MetricsChartWidget::rawSeriesPoints(const QString& metric, const QString& runId) const
{
    const Line* line = findLine(metric, runId);
    return line ? line->rawDrawn : QList<QPointF>();
}

QAbstractAxis::AxisType MetricsChartWidget::yAxisType(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    return chart ? chart->yAxis->type() : QAbstractAxis::AxisTypeNoAxis;
}

QPair<double, double> MetricsChartWidget::xRange(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    return chart ? qMakePair(chart->xAxis->min(), chart->xAxis->max()) : qMakePair(0.0, 0.0);
}

QPair<double, double> MetricsChartWidget::yRange(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    if (!chart)
        return qMakePair(0.0, 0.0);
    if (auto* linear = qobject_cast<QValueAxis*>(chart->yAxis))
        return qMakePair(linear->min(), linear->max());
    auto* log = qobject_cast<QLogValueAxis*>(chart->yAxis);
    return log ? qMakePair(log->min(), log->max()) : qMakePair(0.0, 0.0);
}

int MetricsChartWidget::yTickCount(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    auto* linear = chart ? qobject_cast<QValueAxis*>(chart->yAxis) : nullptr;
    return linear ? linear->tickCount() : 0;
}

QStringList MetricsChartWidget::crosshairLines(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    if (!chart || chart->view->crosshairText().isEmpty())
        return {};
    QTextDocument document;
    document.setHtml(chart->view->crosshairText());
    QStringList lines = document.toPlainText().replace(QChar::Nbsp, QLatin1Char(' ')).split(QLatin1Char('\n'));
    for (QString& line : lines)
        line = line.trimmed();
    lines.removeAll(QString());
    return lines;
}

QString MetricsChartWidget::chartNote(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    return chart ? chart->note->text() : QString();
}

MetricChartView* MetricsChartWidget::chartView(const QString& chartTitle) const
{
    const Chart* chart = findChart(chartTitle);
    return chart ? chart->view : nullptr;
}

QStringList MetricsChartWidget::groupHeadings() const
{
    QStringList out;
    for (const QLabel* heading : m_groupHeadings)
        out.append(heading->accessibleName());
    return out;
}
