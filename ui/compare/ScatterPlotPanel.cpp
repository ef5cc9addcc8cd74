#include "compare/ScatterPlotPanel.h"

#include "compare/ScatterPlotView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

ScatterPlotPanel::ScatterPlotPanel(QWidget* parent)
    : QWidget(parent), m_view(new ScatterPlotView(this)), m_xPicker(new QComboBox(this)),
      m_yPicker(new QComboBox(this))
{
    m_xPicker->setAccessibleName(tr("X axis column"));
    m_yPicker->setAccessibleName(tr("Y axis column"));
    m_xPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_yPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* pickers = new QHBoxLayout;
    auto* xLabel = new QLabel(tr("&X:"), this);
    xLabel->setBuddy(m_xPicker);
    auto* yLabel = new QLabel(tr("&Y:"), this);
    yLabel->setBuddy(m_yPicker);
    pickers->addWidget(xLabel);
    pickers->addWidget(m_xPicker);
    pickers->addSpacing(12);
    pickers->addWidget(yLabel);
    pickers->addWidget(m_yPicker);
    pickers->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(pickers);
    layout->addWidget(m_view, 1);

    connect(m_xPicker, &QComboBox::currentIndexChanged, this, &ScatterPlotPanel::pickAxes);
    connect(m_yPicker, &QComboBox::currentIndexChanged, this, &ScatterPlotPanel::pickAxes);
    connect(m_view, &ScatterPlotView::axesChanged, this, &ScatterPlotPanel::showAxes);
}

void ScatterPlotPanel::setTable(const PlotTable& table)
{
    {
        const QSignalBlocker blockX(m_xPicker);
        const QSignalBlocker blockY(m_yPicker);
        m_xPicker->clear();
        m_yPicker->clear();
        m_xPicker->addItems(table.axisKeys);
        m_yPicker->addItems(table.axisKeys);
    }
    m_view->setTable(table);
    showAxes(m_view->xAxis(), m_view->yAxis());
}

void ScatterPlotPanel::pickAxes()
{
    m_view->setAxes(m_xPicker->currentIndex(), m_yPicker->currentIndex());
}

void ScatterPlotPanel::showAxes(int xAxis, int yAxis)
{
    const QSignalBlocker blockX(m_xPicker);
    const QSignalBlocker blockY(m_yPicker);
    m_xPicker->setCurrentIndex(xAxis);
    m_yPicker->setCurrentIndex(yAxis);
}
