#include <QtTest>

#include "targets/TargetDialog.h"
#include "targets/TargetLocalPage.h"
#include "targets/TargetRegistry.h"
#include "targets/TargetsPage.h"
#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>

// Drives the compute targets page and its dialog offscreen against a real temporary workspace.
class TestTargetsPage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_workspace;

    template <typename T> static T* child(QObject* parent, const QString& name)
    {
        T* widget = parent->findChild<T*>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }

    static QString cell(QTableWidget* table, const QString& name, int column)
    {
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, TargetsPage::NameColumn)->text() == name)
                return table->item(row, column)->text();
        return QString();
    }

    static TargetDialog* editLocal(TargetsPage& page)
    {
        page.selectTarget(QStringLiteral("local"));
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("editTarget")), Qt::LeftButton);
        return page.openDialog();
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QString error;
        m_workspace = Workspace::open(m_dir->path() + QStringLiteral("/ws"), &error);
        QVERIFY2(m_workspace, qPrintable(error));
    }

    void cleanup()
    {
        // Workers (experiment lists, inspections, connection tests) may still touch the workspace; let them
        // finish before the folder goes, or SQLite would recreate the database file inside it.
        QThreadPool::globalInstance()->waitForDone();
        m_workspace.reset();
        m_dir.reset();
    }

    void listsTheLocalTarget()
    {
        TargetsPage page(*m_workspace);
        auto* table = child<QTableWidget>(&page, QStringLiteral("targetsTable"));
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(cell(table, QStringLiteral("local"), TargetsPage::KindColumn), QStringLiteral("local"));
        const QString python = TargetRegistry(*m_workspace).find(QStringLiteral("local"))->python();
        QCOMPARE(cell(table, QStringLiteral("local"), TargetsPage::SummaryColumn),
                 QStringLiteral("max 1 concurrent, %1, cancel grace 10 s").arg(python));
        // local is built in: the remove button says why it is disabled.
        page.selectTarget(QStringLiteral("local"));
        auto* remove = child<QPushButton>(&page, QStringLiteral("removeTarget"));
        QVERIFY(!remove->isEnabled());
        QVERIFY(remove->toolTip().contains(QStringLiteral("cannot be removed")));
        QVERIFY(child<QPushButton>(&page, QStringLiteral("editTarget"))->isEnabled());
    }

    void editingMaxConcurrentRunsSaves()
    {
        TargetsPage page(*m_workspace);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TargetDialog* dialog = editLocal(page);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(child<QLineEdit>(dialog, QStringLiteral("targetName"))->isReadOnly());
        QCOMPARE(child<QStackedWidget>(dialog, QStringLiteral("targetPages"))->currentWidget(), dialog->currentPage());

        auto* maxRuns = child<QSpinBox>(dialog, QStringLiteral("maxConcurrentRuns"));
        QCOMPARE(maxRuns->value(), 1);
        maxRuns->setFocus();
        maxRuns->selectAll();
        QTest::keyClicks(maxRuns, QStringLiteral("3"));
        QCOMPARE(maxRuns->value(), 3);
        child<QDoubleSpinBox>(dialog, QStringLiteral("cancelGraceSeconds"))->setValue(2.5);
        QSignalSpy saved(dialog, &TargetDialog::saved);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QTRY_VERIFY(!page.openDialog()); // closed and deleted

        const auto stored = TargetRegistry(*m_workspace).find(QStringLiteral("local"));
        QVERIFY(stored);
        QCOMPARE(stored->maxConcurrentRuns(), 3);
        QCOMPARE(stored->settings.value(QStringLiteral("cancel_grace_seconds")).toDouble(), 2.5);
        QVERIFY(!stored->settings.contains(QStringLiteral("python"))); // left to the default
        auto* table = child<QTableWidget>(&page, QStringLiteral("targetsTable"));
        QVERIFY(cell(table, QStringLiteral("local"), TargetsPage::SummaryColumn).startsWith(QStringLiteral("max 3 concurrent")));

        // Reopening shows the stored values.
        dialog = editLocal(page);
        QCOMPARE(child<QSpinBox>(dialog, QStringLiteral("maxConcurrentRuns"))->value(), 3);
        dialog->reject();
    }

    void invalidPythonShowsAnError()
    {
        TargetsPage page(*m_workspace);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TargetDialog* dialog = editLocal(page);
        const QString missing = m_dir->path() + QStringLiteral("/no/such/python3");
        auto* python = child<QLineEdit>(dialog, QStringLiteral("python"));
        QTest::keyClicks(python, missing);
        QSignalSpy saved(dialog, &TargetDialog::saved);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
        QCOMPARE(saved.count(), 0);
        QVERIFY(dialog->isVisible()); // stays open so the user can fix it
        auto* errors = child<QLabel>(dialog, QStringLiteral("targetErrors"));
        QVERIFY(errors->isVisible());
        QVERIFY2(errors->text().contains(QStringLiteral("python: %1 does not exist").arg(missing)), qPrintable(errors->text()));
        QVERIFY(!TargetRegistry(*m_workspace).find(QStringLiteral("local"))->settings.contains(QStringLiteral("python")));

        // A folder is not an interpreter either; a real one saves.
        python->setText(m_dir->path());
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
        QVERIFY2(errors->text().contains(QStringLiteral("not an executable file")), qPrintable(errors->text()));
        python->setText(TestSupport::systemPython());
        QVERIFY(errors->isHidden()); // editing clears stale errors
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QCOMPARE(TargetRegistry(*m_workspace).find(QStringLiteral("local"))->settings.value(QStringLiteral("python")).toString(),
                 TestSupport::systemPython());
    }

    void testConnectionShowsTheResult()
    {
        TargetsPage page(*m_workspace);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TargetDialog* dialog = editLocal(page);
        child<QLineEdit>(dialog, QStringLiteral("python"))->setText(TestSupport::systemPython());
        auto* result = child<QLabel>(dialog, QStringLiteral("connectionResult"));
        QSignalSpy tested(dialog, &TargetDialog::connectionTested);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("testConnection")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 15000);
        QVERIFY(tested.at(0).at(0).toBool());
        QVERIFY2(result->text().startsWith(QStringLiteral("Python 3.")), qPrintable(result->text()));
        QVERIFY(result->text().contains(TestSupport::systemPython()));

        // A missing interpreter: the failure is the result, not a hang or a crash.
        const QString missing = m_dir->path() + QStringLiteral("/python-missing");
        child<QLineEdit>(dialog, QStringLiteral("python"))->setText(missing);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("testConnection")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 2, 15000);
        QVERIFY(!tested.at(1).at(0).toBool());
        QVERIFY2(result->text().contains(missing), qPrintable(result->text()));
    }

    void everyControlHasAnAccessibleName()
    {
        TargetsPage page(*m_workspace);
        page.show();
        TargetDialog* dialog = editLocal(page);
        QVERIFY(dialog);
        QStringList unnamed;
        for (QWidget* root : {static_cast<QWidget*>(&page), static_cast<QWidget*>(dialog)})
            for (QWidget* widget : root->findChildren<QWidget*>()) {
                const bool control = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QComboBox*>(widget)
                                     || qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QAbstractItemView*>(widget)
                                     || (qobject_cast<QLineEdit*>(widget) && !qobject_cast<QAbstractSpinBox*>(widget->parentWidget()));
                if (control && !GuiTestSupport::isQtInternalPart(widget) && widget->accessibleName().isEmpty())
                    unnamed << QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char(' ') + widget->objectName();
            }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }

    void addsAndRemovesATarget()
    {
        TargetsPage page(*m_workspace);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("addTarget")), Qt::LeftButton);
        TargetDialog* dialog = page.openDialog();
        QVERIFY(dialog);
        QCOMPARE(child<QComboBox>(dialog, QStringLiteral("targetKind"))->currentText(), QStringLiteral("local"));
        auto* name = child<QLineEdit>(dialog, QStringLiteral("targetName"));
        QTest::keyClicks(name, QStringLiteral("bad name"));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
        QVERIFY(child<QLabel>(dialog, QStringLiteral("targetErrors"))->text().contains(QStringLiteral("target name")));
        name->setText(QStringLiteral("gpu-box"));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
        QTRY_VERIFY(!page.openDialog());
        auto* table = child<QTableWidget>(&page, QStringLiteral("targetsTable"));
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(page.selectedTarget(), QStringLiteral("gpu-box"));

        auto* remove = child<QPushButton>(&page, QStringLiteral("removeTarget"));
        QVERIFY(remove->isEnabled());
        UserPrompts::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(table->rowCount(), 2);
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(table->rowCount(), 1);
        QVERIFY(!TargetRegistry(*m_workspace).find(QStringLiteral("gpu-box")));
    }
};

QTEST_MAIN(TestTargetsPage)
#include "TestTargetsPage.moc"
