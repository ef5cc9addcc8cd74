#include "compare/ComparisonTableModel.h"

#include "runs/RunLabels.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace {

// Internal ids: 0 for a section row, section position + 1 for the rows under it.
constexpr quintptr kSectionId = 0;

// A tint of the palette's highlight over its base, so it reads on light and dark themes alike.
QColor differenceColour()
{
    const QPalette palette = QGuiApplication::palette();
    const QColor base = palette.color(QPalette::Base);
    const QColor mark = palette.color(QPalette::Highlight);
    const double share = 0.28;
    return QColor::fromRgbF(float(base.redF() * (1 - share) + mark.redF() * share),
                            float(base.greenF() * (1 - share) + mark.greenF() * share),
                            float(base.blueF() * (1 - share) + mark.blueF() * share));
}

} // namespace

ComparisonTableModel::ComparisonTableModel(QObject* parent) : QAbstractItemModel(parent) {}

ComparisonTableModel::~ComparisonTableModel() = default;

void ComparisonTableModel::setComparison(std::shared_ptr<const RunComparison> comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    rebuild();
    endResetModel();
}

void ComparisonTableModel::setDifferencesOnly(bool only)
{
    if (only == m_differencesOnly)
        return;
    beginResetModel();
    m_differencesOnly = only;
    rebuild();
    endResetModel();
}

void ComparisonTableModel::rebuild()
{
    m_shown.clear();
    if (!m_comparison)
        return;
    const QVector<ComparisonSection>& sections = m_comparison->sections();
    for (int s = 0; s < sections.size(); ++s) {
        ShownSection shown{s, {}};
        shown.rows.reserve(sections.at(s).rows.size());
        for (int r = 0; r < sections.at(s).rows.size(); ++r)
            if (!m_differencesOnly || sections.at(s).rows.at(r).differs)
                shown.rows << r;
        if (!shown.rows.isEmpty())
            m_shown << shown;
    }
}

int ComparisonTableModel::shownRowCount() const
{
    int count = 0;
    for (const ShownSection& s : m_shown)
        count += int(s.rows.size());
    return count;
}

QModelIndex ComparisonTableModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= columnCount() || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_shown.size() ? createIndex(row, column, kSectionId) : QModelIndex();
    if (parent.internalId() != kSectionId || parent.row() >= m_shown.size() ||
        row >= m_shown.at(parent.row()).rows.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex ComparisonTableModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kSectionId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kSectionId);
}

int ComparisonTableModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_shown.size());
    if (parent.column() != 0 || parent.internalId() != kSectionId || parent.row() >= m_shown.size())
        return 0;
    return int(m_shown.at(parent.row()).rows.size());
}

int ComparisonTableModel::columnCount(const QModelIndex&) const
{
    return m_comparison ? m_comparison->runCount() + 1 : 1;
}

const ComparisonRow* ComparisonTableModel::rowAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == kSectionId)
        return nullptr;
    const ShownSection& shown = m_shown.at(int(index.internalId() - 1));
    return &m_comparison->sections().at(shown.section).rows.at(shown.rows.at(index.row()));
}

QVariant ComparisonTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_comparison)
        return {};
    if (index.internalId() == kSectionId) {
        const ComparisonSection& section = m_comparison->sections().at(m_shown.at(index.row()).section);
        if (role == Qt::DisplayRole && index.column() == 0)
            return RunLabels::comparisonSection(section);
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    }
    const ComparisonRow* row = rowAt(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        if (index.column() == 0)
            return RunLabels::comparisonRow(*row);
        const ComparisonValue& value = row->values.at(index.column() - 1);
        if (value.missing)
            return role == Qt::DisplayRole ? QStringLiteral("—") : tr("not recorded for this run");
        return RunLabels::comparisonValue(*row, value);
    }
    case Qt::ForegroundRole:
        if (index.column() > 0 && row->values.at(index.column() - 1).missing)
            return QGuiApplication::palette().brush(QPalette::PlaceholderText);
        return {};
    case Qt::BackgroundRole:
        return row->differs ? QVariant(QBrush(differenceColour())) : QVariant();
    case Qt::FontRole:
        if (row->differs && index.column() == 0) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case DiffersRole:
        return row->differs;
    case KeyRole:
        return row->key;
    default:
        return {};
    }
}

QVariant ComparisonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (section == 0)
        return role == Qt::DisplayRole ? QVariant(tr("Run")) : QVariant();
    if (!m_comparison || section > m_comparison->runCount())
        return {};
    if (role == Qt::DisplayRole)
        return m_comparison->runLabels().at(section - 1);
    if (role == Qt::ToolTipRole)
        return m_comparison->runIds().at(section - 1);
    return {};
}
