// GUI tests for the datasets page: registering a folder through the picker and the name dialog gives
// version 1 with its size and file count, again gives version 2; a file works too; a dropped folder asks the
// name with a sanitized default; a bad name keeps the dialog's Register button off.
#include <QtTest>

#include "registry/DatasetNameDialog.h"
#include "registry/DatasetRegistry.h"
#include "registry/DatasetsModel.h"
#include "registry/DatasetsPage.h"
#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QTemporaryDir>

class TestDatasetsPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QString m_data;

    static DatasetNameDialog* openDialog(DatasetsPage& page)
    {
        const auto dialogs = page.findChildren<DatasetNameDialog*>();
        for (DatasetNameDialog* dialog : dialogs)
            if (dialog->isVisible())
                return dialog;
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        static int counter = 0;
        ++counter;
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        m_data = m_dir.path() + QStringLiteral("/Digits Data %1").arg(counter);
        QVERIFY(TestSupport::writeFile(m_data + QStringLiteral("/train.csv"), QByteArray(1500, 'x')));
        QVERIFY(TestSupport::writeFile(m_data + QStringLiteral("/test/test.csv"), QByteArray(500, 'y')));
    }

    void registerFolderTwiceGivesVersions()
    {
        DatasetsPage page(*m_ws);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy registered(&page, &DatasetsPage::datasetRegistered);
        UserPrompts::setNextPath(m_data);
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("registerFolderButton")), Qt::LeftButton);
        DatasetNameDialog* dialog = openDialog(page);
        QVERIFY(dialog);
        QCOMPARE(dialog->path(), m_data);
        QVERIFY(dialog->name().startsWith(QStringLiteral("Digits-Data-")));
        dialog->nameEdit()->clear();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("digits"));
        QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(page.model()->indexOf(QStringLiteral("digits"), 1).isValid(), 5000);
        QCOMPARE(registered.size(), 1);
        QCOMPARE(registered.at(0).at(1).toInt(), 1);
        const QModelIndex v1 = page.model()->indexOf(QStringLiteral("digits"), 1);
        QCOMPARE(v1.data(DatasetsModel::SizeBytesRole).toLongLong(), qint64(2000));
        QCOMPARE(v1.siblingAtColumn(DatasetsModel::SizeColumn).data().toString(), QLocale().formattedDataSize(2000));
        QCOMPARE(v1.siblingAtColumn(DatasetsModel::FilesColumn).data().toLongLong(), qint64(2));
        QCOMPARE(v1.siblingAtColumn(DatasetsModel::PathColumn).data().toString(), QFileInfo(m_data).canonicalFilePath());
        QVERIFY(!v1.siblingAtColumn(DatasetsModel::RegisteredColumn).data().toString().isEmpty());

        // Again, with more data: version 2 measures the new size.
        QVERIFY(TestSupport::writeFile(m_data + QStringLiteral("/extra.csv"), QByteArray(1000, 'z')));
        UserPrompts::setNextPath(m_data);
        page.registerFolder();
        dialog = openDialog(page);
        QVERIFY(dialog);
        dialog->nameEdit()->setText(QStringLiteral("digits"));
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->indexOf(QStringLiteral("digits"), 2).isValid(), 5000);
        QCOMPARE(page.model()->indexOf(QStringLiteral("digits"), 2).data(DatasetsModel::SizeBytesRole).toLongLong(), qint64(3000));
        QCOMPARE(page.model()->rowCount(page.model()->indexOf(QStringLiteral("digits"))), 2);
        const auto all = DatasetRegistry(*m_ws).list();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[1].version, 2);

        // A canceled picker registers nothing.
        page.registerFolder();
        QVERIFY(!openDialog(page));
    }

    void registerFileAndRefuseBadNames()
    {
        DatasetsPage page(*m_ws);
        UserPrompts::setNextPath(m_data + QStringLiteral("/train.csv"));
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("registerFileButton")), Qt::LeftButton);
        DatasetNameDialog* dialog = openDialog(page);
        QVERIFY(dialog);
        QCOMPARE(dialog->name(), QStringLiteral("train.csv"));
        QPushButton* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        dialog->nameEdit()->setText(QStringLiteral("../bad name"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(!dialog->validationMessage().isEmpty());
        dialog->nameEdit()->setText(QStringLiteral("train"));
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->indexOf(QStringLiteral("train"), 1).isValid(), 5000);
        QCOMPARE(page.model()->indexOf(QStringLiteral("train"), 1).data(DatasetsModel::SizeBytesRole).toLongLong(), qint64(1500));
        QCOMPARE(DatasetNameDialog::suggestedName(QStringLiteral("/x/__My Data (2023)")), QStringLiteral("My-Data-2023"));
        QCOMPARE(DatasetNameDialog::suggestedName(QStringLiteral("/x/???")), QStringLiteral("dataset"));
    }

    void droppedFolderAsksTheName()
    {
        DatasetsPage page(*m_ws);
        page.resize(600, 400);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_data)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&page, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&page, &drop);
        DatasetNameDialog* dialog = openDialog(page);
        QVERIFY(dialog);
        QCOMPARE(dialog->path(), m_data);
        dialog->accept();
        const QString name = dialog->name();
        QVERIFY(DatasetRegistry::isValidName(name));
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->indexOf(name, 1).isValid(), 5000);
    }
};

QTEST_MAIN(TestDatasetsPage)
#include "TestDatasetsPage.moc"
