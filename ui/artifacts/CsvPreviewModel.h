// The CSV/TSV preview's table: the first kMaxRows data rows of a file (its first row is the header), read by
// read() on a worker thread. Quoted fields may hold the separator, quotes ("") and line breaks. The rows
// after the shown ones are counted while the file is at most kCountLimitBytes, so the preview can say "first
// 10,000 of N rows"; beyond that it says "first 10,000 rows".
#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

class CsvPreviewModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvPreviewModel)
public:
    static constexpr int kMaxRows = 10000;
    static constexpr qint64 kCountLimitBytes = 64 << 20;

    struct Table {
        QStringList header;
        QVector<QStringList> rows;
        qint64 totalRows = -1;  // data rows in the file; -1 when not counted (a big file)
        bool truncated = false; // the file has more rows than shown
        QString error;
    };

    explicit CsvPreviewModel(QObject* parent = nullptr);

    // Reads up to maxRows data rows of the file; `separator` ',' or '\t'. Safe on any thread.
    static Table read(const QString& path, QChar separator, int maxRows = kMaxRows,
                      qint64 countLimitBytes = kCountLimitBytes);
    // "first 10,000 of 52,000 rows", "first 10,000 rows", "3 rows".
    static QString summary(const Table& table);

    void setTable(const Table& table);
    const Table& table() const { return m_table; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Table m_table;
    int m_columns = 0;
};
