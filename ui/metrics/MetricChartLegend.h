// The legend under a chart of the Metrics tab. Qt Charts' own legend lays every entry out in one row and cuts
// the names short once they do not fit; this one wraps its entries into as many rows as they need, shows up
// to a few rows and scrolls beyond them, so 30 runs stay readable. A name longer than an entry may be is
// elided in the middle and shown whole in the entry's tooltip.
#pragma once

#include <QColor>
#include <QListWidget>
#include <QVector>

class MetricChartLegend : public QListWidget
{
    Q_OBJECT
public:
    struct Entry {
        QString text;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
    };

    explicit MetricChartLegend(QWidget* parent = nullptr);

    void setEntries(const QVector<Entry>& entries);
    QStringList names() const; // the entries' full names, in order

    // The rows shown before it scrolls.
    static constexpr int kMaxVisibleRows = 4;
    static constexpr int kMaxEntryWidth = 280;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    int rowsFor(int width) const;
    int rowHeight() const;
    void fitHeight();
};
