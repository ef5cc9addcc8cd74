#include "artifacts/CsvPreviewModel.h"

#include <QFile>
#include <QLocale>
#include <QStringDecoder>

namespace {
// A record reader over a file read in blocks: a quoted field may span lines, so records are not lines.
class CsvReader
{
public:
    CsvReader(QFile& file, char separator) : m_file(file), m_separator(separator) {}

    // The next record's fields (fields == nullptr: only skip it); false at the end of the file.
    bool next(QStringList* fields)
    {
        if (!fill())
            return false;
        QByteArray field;
        bool quoted = false;
        bool any = false;
        for (;;) {
            if (m_pos >= m_buffer.size() && !fill()) {
                if (fields && (any || !field.isEmpty()))
                    *fields << m_decoder.decode(field);
                return any || !field.isEmpty() || (fields && !fields->isEmpty());
            }
            const char c = m_buffer.at(m_pos++);
            any = true;
            if (quoted) {
                if (c == '"') {
                    if (m_pos >= m_buffer.size())
                        fill();
                    if (m_pos < m_buffer.size() && m_buffer.at(m_pos) == '"') {
                        if (fields)
                            field += '"';
                        ++m_pos;
                    } else {
                        quoted = false;
                    }
                } else if (fields) {
                    field += c;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == m_separator) {
                if (fields)
                    *fields << m_decoder.decode(field);
                field.clear();
            } else if (c == '\n') {
                if (fields) {
                    if (field.endsWith('\r'))
                        field.chop(1);
                    *fields << m_decoder.decode(field);
                }
                return true;
            } else if (fields) {
                field += c;
            }
        }
    }

private:
    bool fill()
    {
        if (m_pos < m_buffer.size())
            return true;
        m_buffer = m_file.read(1 << 20);
        m_pos = 0;
        return !m_buffer.isEmpty();
    }

    QFile& m_file;
    const char m_separator;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
};
} // namespace

CsvPreviewModel::CsvPreviewModel(QObject* parent) : QAbstractTableModel(parent) {}

CsvPreviewModel::Table CsvPreviewModel::read(const QString& path, QChar separator, int maxRows,
                                             qint64 countLimitBytes)
{
    Table table;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        table.error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return table;
    }
    CsvReader reader(file, char(separator.toLatin1()));
    QStringList fields;
    if (reader.next(&fields))
        table.header = fields;
    while (table.rows.size() < maxRows) {
        fields.clear();
        if (!reader.next(&fields))
            break;
        table.rows << fields;
    }
    const bool small = file.size() <= countLimitBytes;
    qint64 more = 0;
    if (small) {
        while (reader.next(nullptr))
            ++more;
        table.totalRows = table.rows.size() + more;
        table.truncated = more > 0;
    } else {
        table.truncated = reader.next(nullptr);
    }
    if (file.error() != QFileDevice::NoError)
        table.error = tr("Cannot read %1: %2").arg(path, file.errorString());
    return table;
}

QString CsvPreviewModel::summary(const Table& table)
{
    const QLocale locale;
    if (!table.truncated)
        return table.rows.size() == 1 ? tr("1 row") : tr("%1 rows").arg(locale.toString(table.rows.size()));
    if (table.totalRows >= 0)
        return tr("first %1 of %2 rows")
            .arg(locale.toString(table.rows.size()), locale.toString(table.totalRows));
    return tr("first %1 rows").arg(locale.toString(table.rows.size()));
}

void CsvPreviewModel::setTable(const Table& table)
{
    beginResetModel();
    m_table = table;
    m_columns = int(m_table.header.size());
    for (const QStringList& row : std::as_const(m_table.rows))
        m_columns = std::max(m_columns, int(row.size()));
    endResetModel();
}

int CsvPreviewModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table.rows.size());
}

int CsvPreviewModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant CsvPreviewModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    return m_table.rows.at(index.row()).value(index.column());
}

QVariant CsvPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    const QString name = m_table.header.value(section);
    return name.isEmpty() ? QString::number(section + 1) : name;
}
