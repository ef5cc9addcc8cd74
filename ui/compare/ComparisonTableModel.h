// The compare page's table: one parent row per section (Run, Parameters, Metrics, …) with its rows under it,
// the first column the row's label and one column per run, headed by the run's name or id. Rows where the
// runs differ are highlighted; "differences only" hides the others (and sections left empty).
#pragma once

#include "compare/RunComparison.h"

#include <QAbstractItemModel>

#include <memory>

class ComparisonTableModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComparisonTableModel)
public:
    // Set on each row: whether the runs differ there (also for tests and copy).
    static constexpr int DiffersRole = Qt::UserRole + 1;
    // The row's key (params.lr, metrics.loss.min, …); empty on a section row.
    static constexpr int KeyRole = Qt::UserRole + 2;

    explicit ComparisonTableModel(QObject* parent = nullptr);
    ~ComparisonTableModel() override;

    void setComparison(std::shared_ptr<const RunComparison> comparison);
    std::shared_ptr<const RunComparison> comparison() const { return m_comparison; }
    void setDifferencesOnly(bool only);
    bool differencesOnly() const { return m_differencesOnly; }
    // The shown rows of every section together.
    int shownRowCount() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct ShownSection {
        int section;       // into comparison->sections()
        QVector<int> rows; // into that section's rows
    };
    void rebuild();
    const ComparisonRow* rowAt(const QModelIndex& index) const;

    std::shared_ptr<const RunComparison> m_comparison;
    QVector<ShownSection> m_shown;
    bool m_differencesOnly = false;
};
