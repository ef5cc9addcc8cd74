// The item model behind the artifacts browser: a run's outputs/, logs/ and system/ files and the read-only
// code snapshot, as a tree with sizes and modification times. Updates merge into the existing tree (rows are
// inserted, removed or changed in place), so a live refresh keeps the view's expansion and selection.
// Dragging items out gives file:// URLs of the real files.
#pragma once

#include "run/RunFiles.h"
#include "snapshot/SnapshotStore.h"

#include <QAbstractItemModel>

#include <memory>
#include <optional>

class RunFilesModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunFilesModel)
public:
    enum Column { NameColumn, SizeColumn, ModifiedColumn, ColumnCount };
    enum Role { RelativePathRole = Qt::UserRole + 1, IsFolderRole, IsSnapshotRole, SizeBytesRole };

    explicit RunFilesModel(QObject* parent = nullptr);
    ~RunFilesModel() override;

    // Starts over for another run (or none, with an empty id); the roots stay, emptied.
    void setRun(const Workspace& workspace, const QString& runId);
    // Merges a fresh listing of the run's files and the snapshot's manifest into the tree.
    void update(const QVector<RunFileEntry>& files, const QVector<SnapshotEntry>& snapshot);

    // "outputs/model.pkl", "snapshot/train.py"; the roots are "outputs", "logs", "system", "snapshot".
    QString relativePath(const QModelIndex& index) const;
    bool isFolder(const QModelIndex& index) const;
    bool isSnapshot(const QModelIndex& index) const;
    // The real file behind an index; empty for snapshot items, which live only in the content store.
    QString absolutePath(const QModelIndex& index) const;
    QModelIndex indexForPath(const QString& relativePath) const;

    static QString snapshotRoot() { return QStringLiteral("snapshot"); }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override;

private:
    struct Node;
    Node* nodeFor(const QModelIndex& index) const;
    QModelIndex indexFor(Node* node, int column = 0) const;
    void merge(Node* current, Node* wanted);
    void clearRoots();

    std::unique_ptr<Node> m_root;
    std::optional<RunFiles> m_files;
};
