// The runs of a workspace as a table for the run monitor: status (icon and colour), id, experiment, target,
// submitted, duration, then the chosen columns (params, metrics' last/min/max, tags, name, note, …). Rows are fetched lazily in keyset pages, so
// a workspace of 100,000 runs costs one page to open; filter and sort run as SQL (RunQuery). refresh() brings
// the loaded rows up to date in place (dataChanged, so views keep their selection) and adds new runs.
#pragma once

#include "run/RunQuery.h"
#include "shell/BackgroundReload.h"
#include "workspace/Workspace.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMutex>
#include <QStringList>
#include <QVector>

#include <memory>

class RunsTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunsTableModel)
public:
    enum Column { StatusColumn, IdColumn, ExperimentColumn, TargetColumn, SubmittedColumn, DurationColumn, FixedColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, StatusRole };
    static constexpr int kPageSize = 200;

    explicit RunsTableModel(const Workspace& workspace, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    // Every column sorts, in SQL; runs without the column's value come last in both directions.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // The column the rows are sorted by (it moves when metric columns change), and the direction.
    int sortColumn() const;
    Qt::SortOrder sortOrder() const { return m_order.descending ? Qt::DescendingOrder : Qt::AscendingOrder; }

    void setFilter(const RunQueryFilter& filter);
    RunQueryFilter filter() const { return m_filter; }
    void setExperimentFilter(const QString& experiment);
    void setStatusFilter(std::optional<RunStatus> status);
    void setTextFilter(const QString& text);
    // The columns after the fixed ones; values are read in one batch per kind of column per page. Removing
    // the column the rows are sorted by sorts them newest first again.
    void setColumns(const QVector<RunColumn>& columns);
    QVector<RunColumn> columns() const { return m_columns; }
    // The same with the last value of each named metric.
    void setMetricColumns(const QStringList& names);
    QStringList metricColumns() const;
    // Sorts by a column key (any RunColumn, shown or not), as a saved setting names it.
    void setOrder(const RunOrder& order);
    RunOrder order() const { return m_order; }
    // The column shown at a section: the fixed ones as their field keys.
    RunColumn columnAt(int section) const;

    // Runs in the workspace that match the filter (loaded or not). While isCounting(), the runs loaded so far.
    qint64 totalCount() const { return m_total; }
    // Whether the runs that match a filter expression are being counted off the GUI thread (a count of an
    // expression reads every run: hundreds of milliseconds on 100,000 runs, where the first page costs a few).
    // totalCountChanged and countingChanged say when the count lands. Other filters are counted at once.
    bool isCounting() const { return m_counting; }
    QString runId(int row) const;
    std::optional<RunStatus> runStatus(int row) const;
    int rowOf(const QString& runId) const;
    // Loads pages until the run is loaded or no run is left; its row, or -1.
    int loadUntil(const QString& runId);

    // Re-reads unfinished loaded runs (finished runs never change) and adds runs submitted since the last look.
    void refresh();
    // Reads everything again from the first page (after a filter or sort change).
    void reload();

    // Why the last read of the listing failed (a damaged database, a full disk), empty after one that
    // worked: a failed read is said, never shown as an empty listing.
    QString loadError() const { return m_loadError; }

signals:
    void totalCountChanged(qint64 total);
    void loadErrorChanged(const QString& error);
    void countingChanged(bool counting);

private:
    struct Row
    {
        RunListRow run;
        QVector<QVariant> values; // aligned with m_columns; invalid when the run has no such value
    };
    void appendPage();
    void fillValues(QVector<Row>& rows, int first, int count) const;
    QString cellText(const Row& row, int extraColumn) const;
    bool defaultOrder() const { return m_order.key == RunSortKey::Submitted && m_order.descending; }
    void updateTotal(qint64 total);
    // Counts the runs that match the filter: at once, or off the GUI thread for an expression with more runs
    // than the loaded pages.
    void updateCount();
    void setCounting(bool counting);
    void setLoadError(const QString& error);

    Workspace m_workspace;
    RunQuery m_query;
    RunQueryFilter m_filter;
    RunOrder m_order;
    QVector<RunColumn> m_columns;
    QVector<Row> m_rows;
    QHash<QString, int> m_rowById;
    QString m_loadError;
    qint64 m_total = 0;
    qint64 m_seenSeq = 0; // newest run of the workspace at the last look
    bool m_atEnd = false;
    bool m_changing = false; // a reset, page or refresh is being announced

    // The filter the background count reads; shared with the pool thread, never the model itself.
    struct CountRequest
    {
        QMutex mutex;
        RunQueryFilter filter;
        quint64 generation = 0;
    };
    struct CountAnswer
    {
        quint64 generation = 0;
        qint64 total = 0;
        QString error;
    };
    std::shared_ptr<CountRequest> m_countRequest = std::make_shared<CountRequest>();
    quint64 m_countGeneration = 0; // of the count whose answer is wanted; older answers are dropped
    bool m_counting = false;
    BackgroundReload<CountAnswer> m_count;
};
