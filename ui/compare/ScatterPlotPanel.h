// The scatter plot with its two column pickers ("X" and "Y" combo boxes above it), kept in step with the
// view in both directions. The compare page puts this in its scatter tab; signals come from view().
#pragma once

#include <QWidget>

class QComboBox;
class ScatterPlotView;
struct PlotTable;

class ScatterPlotPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScatterPlotPanel(QWidget* parent = nullptr);

    void setTable(const PlotTable& table);
    ScatterPlotView* view() const { return m_view; }
    QComboBox* xPicker() const { return m_xPicker; }
    QComboBox* yPicker() const { return m_yPicker; }

private:
    void pickAxes();
    void showAxes(int xAxis, int yAxis);

    ScatterPlotView* m_view;
    QComboBox* m_xPicker;
    QComboBox* m_yPicker;
};
