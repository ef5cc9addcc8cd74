#include "artifacts/RunFilesModel.h"

#include <QApplication>
#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QMimeData>
#include <QStyle>
#include <QUrl>

#include <algorithm>

struct RunFilesModel::Node
{
    QString name;
    QString path; // relative to the run: outputs/a/b.txt, snapshot/train.py
    bool isDir = true;
    bool snapshot = false;
    qint64 size = 0;
    qint64 modifiedMs = 0;
    Node* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;

    void renumber()
    {
        for (size_t i = 0; i < children.size(); ++i) {
            children[i]->row = int(i);
            children[i]->parent = this;
        }
    }
};

namespace {
// Folders before files, then by name: the order the merge walks in.
bool lessThan(bool aDir, const QString& aName, bool bDir, const QString& bName)
{
    if (aDir != bDir)
        return aDir;
    return aName < bName;
}

template <typename NodeT>
void sortAndSum(NodeT* node)
{
    if (!node->isDir)
        return;
    qint64 total = 0;
    for (auto& child : node->children) {
        sortAndSum(child.get());
        total += child->size;
    }
    node->size = total;
    std::sort(node->children.begin(), node->children.end(),
              [](const auto& a, const auto& b) { return lessThan(a->isDir, a->name, b->isDir, b->name); });
    node->renumber(); // rows and parents of a subtree that may be moved into the model whole
}
} // namespace

RunFilesModel::RunFilesModel(QObject* parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
    for (const QString& root : RunFiles::roots() + QStringList{snapshotRoot()}) {
        auto node = std::make_unique<Node>();
        node->name = root;
        node->path = root;
        node->snapshot = root == snapshotRoot();
        m_root->children.push_back(std::move(node));
    }
    m_root->renumber();
}

RunFilesModel::~RunFilesModel() = default;

void RunFilesModel::setRun(const Workspace& workspace, const QString& runId)
{
    if (runId.isEmpty())
        m_files.reset();
    else
        m_files.emplace(workspace, runId);
    clearRoots();
}

void RunFilesModel::clearRoots()
{
    for (auto& root : m_root->children) {
        if (!root->children.empty()) {
            beginRemoveRows(indexFor(root.get()), 0, int(root->children.size()) - 1);
            root->children.clear();
            endRemoveRows();
        }
        if (root->size != 0) {
            root->size = 0;
            emit dataChanged(indexFor(root.get(), SizeColumn), indexFor(root.get(), SizeColumn));
        }
    }
}

void RunFilesModel::update(const QVector<RunFileEntry>& files, const QVector<SnapshotEntry>& snapshot)
{
    // Build the wanted tree apart from the model, then walk it against the current one.
    Node wanted;
    QHash<QString, Node*> byPath;
    for (auto& root : m_root->children) {
        auto node = std::make_unique<Node>();
        node->name = root->name;
        node->path = root->path;
        node->snapshot = root->snapshot;
        byPath.insert(node->path, node.get());
        wanted.children.push_back(std::move(node));
    }
    const auto add = [&byPath](const QString& path, bool isDir, qint64 size, qint64 modifiedMs, bool isSnapshot) {
        const auto ensure = [&byPath, isSnapshot](const QString& p, auto& self) -> Node* {
            if (Node* found = byPath.value(p))
                return found;
            const int slash = p.lastIndexOf(QLatin1Char('/'));
            if (slash < 0)
                return nullptr; // not under a known root
            Node* parent = self(p.left(slash), self);
            if (!parent)
                return nullptr;
            auto node = std::make_unique<Node>();
            node->name = p.mid(slash + 1);
            node->path = p;
            node->snapshot = isSnapshot;
            Node* raw = node.get();
            parent->isDir = true;
            parent->children.push_back(std::move(node));
            byPath.insert(p, raw);
            return raw;
        };
        Node* node = ensure(path, ensure);
        if (!node)
            return;
        node->isDir = isDir;
        node->size = isDir ? 0 : size;
        node->modifiedMs = modifiedMs;
    };
    for (const RunFileEntry& e : files)
        add(e.path, e.isDir, e.size, e.modifiedMs, false);
    for (const SnapshotEntry& e : snapshot)
        add(snapshotRoot() + QLatin1Char('/') + e.path, false, e.size, 0, true);
    for (auto& root : wanted.children) {
        sortAndSum(root.get());
        for (auto& existing : m_root->children)
            if (existing->path == root->path)
                merge(existing.get(), root.get());
    }
}

void RunFilesModel::merge(Node* current, Node* wanted)
{
    if (current->size != wanted->size || current->modifiedMs != wanted->modifiedMs) {
        current->size = wanted->size;
        current->modifiedMs = wanted->modifiedMs;
        emit dataChanged(indexFor(current, SizeColumn), indexFor(current, ModifiedColumn));
    }
    const QModelIndex parentIndex = current == m_root.get() ? QModelIndex() : indexFor(current);
    auto& have = current->children;
    size_t i = 0;
    for (auto& want : wanted->children) {
        while (i < have.size() && lessThan(have[i]->isDir, have[i]->name, want->isDir, want->name)) {
            beginRemoveRows(parentIndex, int(i), int(i));
            have.erase(have.begin() + qsizetype(i));
            current->renumber();
            endRemoveRows();
        }
        if (i < have.size() && have[i]->isDir == want->isDir && have[i]->name == want->name) {
            merge(have[i].get(), want.get());
        } else {
            beginInsertRows(parentIndex, int(i), int(i));
            have.insert(have.begin() + qsizetype(i), std::move(want));
            current->renumber();
            endInsertRows();
        }
        ++i;
    }
    if (i < have.size()) {
        beginRemoveRows(parentIndex, int(i), int(have.size()) - 1);
        have.erase(have.begin() + qsizetype(i), have.end());
        endRemoveRows();
    }
}

RunFilesModel::Node* RunFilesModel::nodeFor(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex RunFilesModel::indexFor(Node* node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, node);
}

QString RunFilesModel::relativePath(const QModelIndex& index) const
{
    return index.isValid() ? nodeFor(index)->path : QString();
}

bool RunFilesModel::isFolder(const QModelIndex& index) const { return index.isValid() && nodeFor(index)->isDir; }

bool RunFilesModel::isSnapshot(const QModelIndex& index) const { return index.isValid() && nodeFor(index)->snapshot; }

QString RunFilesModel::absolutePath(const QModelIndex& index) const
{
    if (!index.isValid() || !m_files || nodeFor(index)->snapshot)
        return {};
    return m_files->absolutePath(nodeFor(index)->path);
}

QModelIndex RunFilesModel::indexForPath(const QString& relativePath) const
{
    Node* node = m_root.get();
    for (const QString& segment : relativePath.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const auto it = std::find_if(node->children.begin(), node->children.end(),
                                     [&segment](const auto& child) { return child->name == segment; });
        if (it == node->children.end())
            return {};
        node = it->get();
    }
    return indexFor(node);
}

QModelIndex RunFilesModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, nodeFor(parent)->children[size_t(row)].get());
}

QModelIndex RunFilesModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    return indexFor(nodeFor(child)->parent);
}

int RunFilesModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int RunFilesModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant RunFilesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node* node = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return node->parent == m_root.get() ? node->name + QLatin1Char('/') : node->name;
        case SizeColumn:
            return QLocale().formattedDataSize(node->size);
        case ModifiedColumn:
            return node->modifiedMs > 0
                ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(node->modifiedMs), QLocale::ShortFormat)
                : QString();
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == NameColumn)
            return QApplication::style()->standardIcon(node->isDir ? QStyle::SP_DirIcon : QStyle::SP_FileIcon);
        break;
    case Qt::ToolTipRole:
        return node->snapshot ? tr("%1 (code snapshot, read-only)").arg(node->path) : node->path;
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case RelativePathRole:
        return node->path;
    case IsFolderRole:
        return node->isDir;
    case IsSnapshotRole:
        return node->snapshot;
    case SizeBytesRole:
        return node->size;
    }
    return {};
}

QVariant RunFilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case ModifiedColumn:
        return tr("Modified");
    }
    return {};
}

Qt::ItemFlags RunFilesModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags result = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!nodeFor(index)->snapshot)
        result |= Qt::ItemIsDragEnabled;
    return result;
}

QStringList RunFilesModel::mimeTypes() const { return {QStringLiteral("text/uri-list")}; }

QMimeData* RunFilesModel::mimeData(const QModelIndexList& indexes) const
{
    QList<QUrl> urls;
    QStringList paths;
    for (const QModelIndex& index : indexes) {
        if (index.column() != NameColumn)
            continue; // one entry per row, whichever columns were selected
        const QString path = absolutePath(index);
        if (path.isEmpty())
            continue;
        urls << QUrl::fromLocalFile(path);
        paths << path;
    }
    if (urls.isEmpty())
        return nullptr;
    auto* mime = new QMimeData;
    mime->setUrls(urls);
    mime->setText(paths.join(QLatin1Char('\n')));
    return mime;
}

Qt::DropActions RunFilesModel::supportedDragActions() const { return Qt::CopyAction; }
