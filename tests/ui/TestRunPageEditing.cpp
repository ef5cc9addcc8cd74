// The run page's Summary edits what a person records about a run, on a real workspace: the name (Enter and
// leaving the field save it), the note (Save note), tags (Add tag, edit a value, rename, Remove tag), each
// written on a worker and read back from the database; an invalid tag name or a run deleted meanwhile shows
// an error and writes nothing; a live refresh does not overwrite what is being typed.
#include <QtTest>

#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "run/RunStore.h"
#include "runs/RunPage.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTemporaryDir>

using Tags = QVector<QPair<QString, QString>>;

class TestRunPageEditing : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;

    // Waits for the next write of the page to land; its error.
    static QString nextEdit(QSignalSpy& spy, int count)
    {
        if (!QTest::qWaitFor([&] { return spy.size() >= count; }, 10000))
            return QStringLiteral("(no write landed)");
        return spy.at(count - 1).at(1).toString();
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void nameAndNoteAreSaved()
    {
        const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        RunPage page(*m_ws);
        page.show();
        QApplication::setActiveWindow(&page);
        QVERIFY(QTest::qWaitForWindowActive(&page));
        page.setRuns({id});
        QSignalSpy edited(&page, &RunPage::runEdited);
        RunStore store(*m_ws);

        QLineEdit* name = page.nameEdit();
        QVERIFY(name->isEnabled());
        name->setFocus();
        QTest::keyClicks(name, QStringLiteral("  baseline "));
        // A refresh while typing keeps what is typed.
        page.refresh();
        QCOMPARE(name->text(), QStringLiteral("  baseline "));
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(nextEdit(edited, 1), QString());
        QCOMPARE(edited.at(0).at(0).toString(), id);
        QCOMPARE(store.find(id)->displayName, QStringLiteral("baseline"));
        QTRY_COMPARE(name->text(), QStringLiteral("baseline"));

        // Leaving the field saves too.
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("second"));
        page.noteEdit()->setFocus();
        QCOMPARE(nextEdit(edited, 2), QString());
        QCOMPARE(store.find(id)->displayName, QStringLiteral("second"));

        QVERIFY(!page.saveNoteButton()->isEnabled());
        QTest::keyClicks(page.noteEdit(), QStringLiteral("tried the old split"));
        QVERIFY(page.saveNoteButton()->isEnabled());
        QTest::mouseClick(page.saveNoteButton(), Qt::LeftButton);
        QCOMPARE(nextEdit(edited, 3), QString());
        QCOMPARE(store.find(id)->note, QStringLiteral("tried the old split"));
        QTRY_VERIFY(!page.saveNoteButton()->isEnabled());

        // Another run shows its own (empty) fields.
        const QString other = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        page.setRuns({other});
        QCOMPARE(name->text(), QString());
        QCOMPARE(page.noteEdit()->toPlainText(), QString());
    }

    void tagsAreAddedEditedRenamedAndRemoved()
    {
        const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        RunStore store(*m_ws);
        QVERIFY(store.setTag(id, QStringLiteral("owner"), QStringLiteral("ana")));
        RunPage page(*m_ws);
        page.show();
        QApplication::setActiveWindow(&page);
        QVERIFY(QTest::qWaitForWindowActive(&page));
        page.setRuns({id});
        QSignalSpy edited(&page, &RunPage::runEdited);
        QTableWidget* table = page.tagsTable();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("owner"));

        // Add: a new row, named by typing into its cell.
        QTest::mouseClick(page.addTagButton(), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 2);
        // The new name cell is being edited: typed into and committed with Return, as a person does.
        QWidget* editor = QApplication::focusWidget();
        QVERIFY(editor && table->isAncestorOf(editor));
        QTest::keyClicks(editor, QStringLiteral("stage"));
        QTest::keyClick(editor, Qt::Key_Return);
        QCOMPARE(nextEdit(edited, 1), QString());
        QCOMPARE(store.tags(id), (Tags{{QStringLiteral("owner"), QStringLiteral("ana")},
                                       {QStringLiteral("stage"), QString()}}));
        // Its value.
        QTRY_COMPARE(table->rowCount(), 2);
        table->item(1, 1)->setText(QStringLiteral("dev"));
        QCOMPARE(nextEdit(edited, 2), QString());
        QCOMPARE(store.tags(id), (Tags{{QStringLiteral("owner"), QStringLiteral("ana")},
                                       {QStringLiteral("stage"), QStringLiteral("dev")}}));

        // Renamed: the value moves to the new name.
        QTRY_COMPARE(table->item(0, 0)->text(), QStringLiteral("owner"));
        table->item(0, 0)->setText(QStringLiteral("author"));
        QCOMPARE(nextEdit(edited, 3), QString());
        QCOMPARE(store.tags(id), (Tags{{QStringLiteral("author"), QStringLiteral("ana")},
                                       {QStringLiteral("stage"), QStringLiteral("dev")}}));

        // An invalid name is refused before anything is written.
        QTRY_COMPARE(table->item(1, 0)->text(), QStringLiteral("stage"));
        table->item(1, 0)->setText(QStringLiteral("two words"));
        QVERIFY(page.editErrorLabel()->isVisible());
        QCOMPARE(
            page.editErrorLabel()->text(),
            QStringLiteral(
                "Cannot save the tags: tag name \"two words\": no spaces or control characters allowed"));
        QCOMPARE(edited.size(), 3);
        QCOMPARE(store.tags(id).size(), 2);
        page.refresh();

        // Remove.
        QTRY_COMPARE(table->item(1, 0)->text(), QStringLiteral("stage"));
        table->setCurrentCell(1, 0);
        QTest::mouseClick(page.removeTagButton(), Qt::LeftButton);
        QCOMPARE(nextEdit(edited, 4), QString());
        QCOMPARE(store.tags(id), (Tags{{QStringLiteral("author"), QStringLiteral("ana")}}));
        QTRY_COMPARE(table->rowCount(), 1);
    }

    void aWriteToARunDeletedMeanwhileShowsTheError()
    {
        const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        RunPage page(*m_ws);
        page.show();
        QApplication::setActiveWindow(&page);
        QVERIFY(QTest::qWaitForWindowActive(&page));
        page.setRuns({id});
        QSignalSpy edited(&page, &RunPage::runEdited);
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("DELETE FROM runs WHERE id = '%1'").arg(id)));
        page.nameEdit()->setFocus();
        QTest::keyClicks(page.nameEdit(), QStringLiteral("late"));
        QTest::keyClick(page.nameEdit(), Qt::Key_Return);
        QCOMPARE(nextEdit(edited, 1), QStringLiteral("unknown run %1").arg(id));
        QCOMPARE(page.editErrorLabel()->text(),
                 QStringLiteral("Cannot save the name: unknown run %1").arg(id));
    }
};

QTEST_MAIN(TestRunPageEditing)
#include "TestRunPageEditing.moc"
