#include "artifacts/JsonTreeModel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <vector>

struct JsonTreeModel::Node {
    QString key;
    QJsonValue value;
    Node* parent = nullptr;
    int row = 0;
    bool populated = false;
    std::vector<std::unique_ptr<Node>> children;
};

namespace {
QString typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return JsonTreeModel::tr("object");
    case QJsonValue::Array:
        return JsonTreeModel::tr("array");
    case QJsonValue::String:
        return JsonTreeModel::tr("string");
    case QJsonValue::Double:
        return JsonTreeModel::tr("number");
    case QJsonValue::Bool:
        return JsonTreeModel::tr("boolean");
    case QJsonValue::Null:
        return JsonTreeModel::tr("null");
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString valueText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return JsonTreeModel::tr("{%n key(s)}", nullptr, int(value.toObject().size()));
    case QJsonValue::Array:
        return JsonTreeModel::tr("[%n item(s)]", nullptr, int(value.toArray().size()));
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return {};
}
} // namespace

JsonTreeModel::JsonTreeModel(QObject* parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
    m_root->populated = true;
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setDocument(const QJsonDocument& document)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    if (document.isObject())
        m_root->value = document.object();
    else if (document.isArray())
        m_root->value = document.array();
    m_root->populated = document.isNull();
    endResetModel();
}

void JsonTreeModel::populate(Node* node)
{
    if (node->populated)
        return;
    node->populated = true;
    const auto add = [node](const QString& key, const QJsonValue& value) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->value = value;
        child->parent = node;
        child->row = int(node->children.size());
        child->populated = !value.isObject() && !value.isArray();
        node->children.push_back(std::move(child));
    };
    if (node->value.isObject()) {
        const QJsonObject object = node->value.toObject();
        node->children.reserve(size_t(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it)
            add(it.key(), it.value());
    } else if (node->value.isArray()) {
        const QJsonArray array = node->value.toArray();
        node->children.reserve(size_t(array.size()));
        for (qsizetype i = 0; i < array.size(); ++i)
            add(QStringLiteral("[%1]").arg(i), array.at(i));
    }
}

JsonTreeModel::Node* JsonTreeModel::nodeFor(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    Node* node = nodeFor(parent);
    populate(node);
    if (row < 0 || column < 0 || column >= ColumnCount || size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children.at(size_t(row)).get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    Node* parent = nodeFor(child)->parent;
    if (!parent || parent == m_root.get())
        return {};
    return createIndex(parent->row, 0, parent);
}

int JsonTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    Node* node = nodeFor(parent);
    populate(node);
    return int(node->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node* node = nodeFor(parent);
    if (node->populated)
        return !node->children.empty();
    return node->value.isObject() ? !node->value.toObject().isEmpty() : !node->value.toArray().isEmpty();
}

QVariant JsonTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node* node = nodeFor(index);
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case KeyColumn:
            return node->key;
        case ValueColumn:
            return valueText(node->value);
        case TypeColumn:
            return typeName(node->value);
        default:
            break;
        }
    }
    return {};
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    default:
        return {};
    }
}
