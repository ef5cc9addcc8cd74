#include "shell/NavigationPane.h"

#include "run/RunQuery.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
constexpr int kPageRole = Qt::UserRole + 1;
constexpr int kExperimentRole = Qt::UserRole + 2;
} // namespace

NavigationPane::NavigationPane(const Workspace& workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace),
      m_counting([workspace] { return RunQuery(workspace).experimentCounts(); },
                 [this](const QVector<QPair<QString, qint64>>& counts) { applyCounts(counts); })
{
    m_tree = new QTreeWidget(this);
    m_tree->setHeaderHidden(true);
    m_tree->setAccessibleName(tr("Navigation"));
    m_tree->setRootIsDecorated(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);

    auto addPage = [this](Page page, const QString& text) {
        auto* item = new QTreeWidgetItem(m_tree, QStringList{text});
        item->setData(0, kPageRole, int(page));
        item->setData(0, Qt::AccessibleTextRole, text);
        return item;
    };
    m_runsItem = addPage(Page::Runs, tr("Runs"));
    addPage(Page::Compare, tr("Compare"))->setToolTip(0, tr("The runs last compared (Ctrl+D on selected runs)"));
    addPage(Page::NewRun, tr("New run"));
    addPage(Page::Targets, tr("Compute targets"));
    addPage(Page::Datasets, tr("Datasets"));
    addPage(Page::Models, tr("Models"));
    addPage(Page::Environments, tr("Environments"));
    m_runsItem->setExpanded(true);
    m_tree->setCurrentItem(m_runsItem);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, &NavigationPane::onCurrentItemChanged);
    refreshCounts();
}

NavigationPane::~NavigationPane()
{
    // The worker reads through a copy of the workspace; waiting keeps a count from outliving the window.
    m_counting.waitForFinished();
}

void NavigationPane::refreshCounts() { m_counting.request(); }

void NavigationPane::applyCounts(const QVector<QPair<QString, qint64>>& counts)
{
    m_counts.clear();
    m_total = 0;
    for (const auto& entry : counts) {
        m_counts.insert(entry.first, entry.second);
        m_total += entry.second;
    }
    m_runsItem->setText(0, tr("Runs (%1)").arg(m_total));

    // Update the experiment entries in place, so the current item (and the user's place) survives.
    m_silent = true;
    QHash<QString, QTreeWidgetItem*> existing;
    for (int i = 0; i < m_runsItem->childCount(); ++i)
        existing.insert(m_runsItem->child(i)->data(0, kExperimentRole).toString(), m_runsItem->child(i));
    for (int i = 0; i < counts.size(); ++i) {
        const QString& name = counts.at(i).first;
        QTreeWidgetItem* item = existing.take(name);
        if (!item) {
            item = new QTreeWidgetItem;
            item->setData(0, kPageRole, int(Page::Runs));
            item->setData(0, kExperimentRole, name);
            m_runsItem->insertChild(i, item);
        }
        const QString text = QStringLiteral("%1 (%2)").arg(name).arg(counts.at(i).second);
        item->setText(0, text);
        item->setData(0, Qt::AccessibleTextRole, text);
    }
    for (QTreeWidgetItem* gone : std::as_const(existing))
        delete gone;
    m_silent = false;
    emit countsUpdated();
}

qint64 NavigationPane::runCount(const QString& experiment) const
{
    return experiment.isEmpty() ? m_total : m_counts.value(experiment, 0);
}

QStringList NavigationPane::experiments() const
{
    QStringList names;
    for (int i = 0; i < m_runsItem->childCount(); ++i)
        names << m_runsItem->child(i)->data(0, kExperimentRole).toString();
    return names;
}

QTreeWidgetItem* NavigationPane::pageItem(Page page) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, kPageRole).toInt() == int(page))
            return m_tree->topLevelItem(i);
    return nullptr;
}

void NavigationPane::showPage(Page page, const QString& experiment)
{
    QTreeWidgetItem* item = pageItem(page);
    if (page == Page::Runs && !experiment.isEmpty())
        for (int i = 0; i < m_runsItem->childCount(); ++i)
            if (m_runsItem->child(i)->data(0, kExperimentRole).toString() == experiment)
                item = m_runsItem->child(i);
    m_silent = true;
    m_tree->setCurrentItem(item);
    m_silent = false;
}

void NavigationPane::onCurrentItemChanged(QTreeWidgetItem* current)
{
    if (m_silent || !current)
        return;
    const auto page = Page(current->data(0, kPageRole).toInt());
    if (page == Page::Runs)
        emit experimentSelected(current->data(0, kExperimentRole).toString());
    emit pageRequested(page);
}
