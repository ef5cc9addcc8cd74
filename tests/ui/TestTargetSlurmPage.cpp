// Drives the Slurm page of the targets dialog offscreen against a real temporary workspace: the fields become
// the target's settings (lists one item per line), a missing partition is named, and the connection test
// runs the real sinfo on a worker, whose failure (no such slurm.conf) is the result.
#include <QtTest>

#include "GuiTestSupport.h"
#include "targets/TargetDialog.h"
#include "targets/TargetRegistry.h"
#include "targets/TargetSlurmPage.h"
#include "targets/TargetsPage.h"
#include "workspace/Workspace.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>

class TestTargetSlurmPage : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_workspace;

    template <typename T> static T* child(QObject* parent, const QString& name)
    {
        T* widget = parent->findChild<T*>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }

    TargetDialog* addSlurmDialog(TargetsPage& page)
    {
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("addTarget")), Qt::LeftButton);
        TargetDialog* dialog = page.openDialog();
        if (dialog)
            child<QComboBox>(dialog, QStringLiteral("targetKind"))->setCurrentText(QStringLiteral("slurm"));
        return dialog;
    }

private slots:
    void initTestCase() { GuiTestSupport::enterTestMode(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QString error;
        m_workspace = Workspace::open(m_dir->path() + QStringLiteral("/ws"), &error);
        QVERIFY2(m_workspace, qPrintable(error));
    }

    void cleanup()
    {
        QThreadPool::globalInstance()->waitForDone();
        m_workspace.reset();
        m_dir.reset();
    }

    void theFieldsBecomeTheTargetsSettings()
    {
        TargetsPage page(*m_workspace);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TargetDialog* dialog = addSlurmDialog(page);
        QVERIFY(dialog);
        QVERIFY(qobject_cast<TargetSlurmPage*>(dialog->currentPage()));
        child<QLineEdit>(dialog, QStringLiteral("targetName"))->setText(QStringLiteral("cluster"));
        // No partition: named before anything is saved.
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
        QVERIFY2(child<QLabel>(dialog, QStringLiteral("targetErrors"))
                     ->text()
                     .contains(QStringLiteral("partition")),
                 qPrintable(child<QLabel>(dialog, QStringLiteral("targetErrors"))->text()));
        QVERIFY(!TargetRegistry(*m_workspace).find(QStringLiteral("cluster")));

        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("slurmPartition")), QStringLiteral("gpu"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("slurmTimeLimit")),
                         QStringLiteral("2:00:00"));
        child<QSpinBox>(dialog, QStringLiteral("slurmCpusPerTask"))->setValue(4);
        child<QPlainTextEdit>(dialog, QStringLiteral("slurmSbatchOptions"))
            ->setPlainText(QStringLiteral("--constraint=a100\n\n--exclusive\n"));
        child<QPlainTextEdit>(dialog, QStringLiteral("slurmSetupLines"))
            ->setPlainText(QStringLiteral("module load cuda\nsource ~/env.sh"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("slurmMpiPlugin")), QStringLiteral("pmi2"));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
        QTRY_VERIFY(!page.openDialog());
        const auto stored = TargetRegistry(*m_workspace).find(QStringLiteral("cluster"));
        QVERIFY(stored);
        QCOMPARE(stored->kind, QStringLiteral("slurm"));
        QCOMPARE(stored->settings.value(QStringLiteral("partition")).toString(), QStringLiteral("gpu"));
        QCOMPARE(stored->settings.value(QStringLiteral("time_limit")).toString(), QStringLiteral("2:00:00"));
        QCOMPARE(stored->settings.value(QStringLiteral("cpus_per_task")).toInt(), 4);
        QCOMPARE(stored->settings.value(QStringLiteral("sbatch_options")).toArray(),
                 (QJsonArray{QStringLiteral("--constraint=a100"), QStringLiteral("--exclusive")}));
        QCOMPARE(stored->settings.value(QStringLiteral("setup")).toArray(),
                 (QJsonArray{QStringLiteral("module load cuda"), QStringLiteral("source ~/env.sh")}));
        QCOMPARE(stored->settings.value(QStringLiteral("mpi_plugin")).toString(), QStringLiteral("pmi2"));
        QVERIFY(!stored->settings.contains(QStringLiteral("account")));
        auto* table = child<QTableWidget>(&page, QStringLiteral("targetsTable"));
        bool listed = false;
        for (int row = 0; row < table->rowCount(); ++row)
            listed = listed || table->item(row, TargetsPage::SummaryColumn)->text() ==
                                   QStringLiteral("partition gpu, max 1 concurrent, time limit 2:00:00");
        QVERIFY(listed);

        // Edited again, the page shows what is stored.
        page.selectTarget(QStringLiteral("cluster"));
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("editTarget")), Qt::LeftButton);
        TargetDialog* edit = page.openDialog();
        QVERIFY(edit);
        QCOMPARE(child<QLineEdit>(edit, QStringLiteral("slurmPartition"))->text(), QStringLiteral("gpu"));
        QCOMPARE(child<QPlainTextEdit>(edit, QStringLiteral("slurmSetupLines"))->toPlainText(),
                 QStringLiteral("module load cuda\nsource ~/env.sh"));
        // A reserved option is refused with the registry's message.
        child<QPlainTextEdit>(edit, QStringLiteral("slurmSbatchOptions"))
            ->setPlainText(QStringLiteral("--chdir=/x"));
        QTest::mouseClick(child<QPushButton>(edit, QStringLiteral("saveTarget")), Qt::LeftButton);
        QVERIFY2(child<QLabel>(edit, QStringLiteral("targetErrors"))
                     ->text()
                     .contains(QStringLiteral("--chdir is set by Trainyard")),
                 qPrintable(child<QLabel>(edit, QStringLiteral("targetErrors"))->text()));
    }

    void theConnectionTestReportsAControllerItCannotReach()
    {
        TargetsPage page(*m_workspace);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TargetDialog* dialog = addSlurmDialog(page);
        QVERIFY(dialog);
        child<QLineEdit>(dialog, QStringLiteral("targetName"))->setText(QStringLiteral("cluster"));
        child<QLineEdit>(dialog, QStringLiteral("slurmPartition"))->setText(QStringLiteral("debug"));
        // An existing slurm.conf naming a controller nobody runs: sinfo itself fails, and says so.
        const QString conf = m_dir->path() + QStringLiteral("/slurm.conf");
        QFile file(conf);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "ClusterName=nowhere\nSlurmctldHost=localhost(127.0.0.1)\nSlurmctldPort=1\nAuthType=auth/none\n"
            "NodeName=n1 CPUs=1\nPartitionName=debug Nodes=ALL Default=YES\nMessageTimeout=2\n");
        file.close();
        child<QLineEdit>(dialog, QStringLiteral("slurmConf"))->setText(conf);
        auto* result = child<QLabel>(dialog, QStringLiteral("connectionResult"));
        QSignalSpy tested(dialog, &TargetDialog::connectionTested);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("testConnection")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 60000);
        QVERIFY(!tested.at(0).at(0).toBool());
        QVERIFY2(result->text().contains(QStringLiteral("sinfo")), qPrintable(result->text()));
    }
};

QTEST_MAIN(TestTargetSlurmPage)
#include "TestTargetSlurmPage.moc"
