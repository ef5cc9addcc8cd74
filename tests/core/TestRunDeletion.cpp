// Tests for RunDeletion on real workspaces and real run folders: every row of the run goes in one transaction
// and its folder with it; live and unknown runs are refused; a run a model was registered from may go (the
// registry keeps its own copy) and says so; a folder that cannot be moved aside changes nothing, files that
// cannot be removed after the commit are reported with where they are, and a failed database delete puts the
// folder back. The tests run as root, where file modes stop nothing: the immutable attribute does instead.
#include <QtTest>

#include "TestSupport.h"
#include "registry/ModelRegistry.h"
#include "run/RunDeletion.h"
#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace {

// Makes a file or folder impossible to remove or rename while it lives: the immutable attribute (which binds
// root too), or, where it cannot be set (not root), a parent folder without write permission.
class Unremovable
{
public:
    explicit Unremovable(const QString& path) : m_path(path)
    {
        m_immutable = setImmutable(path, true);
        if (!m_immutable) {
            m_parent = QFileInfo(path).absolutePath();
            m_parentPermissions = QFile::permissions(m_parent);
            QFile::setPermissions(m_parent, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        }
    }
    ~Unremovable() { release(); }
    void release()
    {
        if (m_immutable)
            setImmutable(m_path, false);
        else if (!m_parent.isEmpty())
            QFile::setPermissions(m_parent, m_parentPermissions);
        m_immutable = false;
        m_parent.clear();
    }
    // Moves with the file when the folder holding it was renamed.
    void movedTo(const QString& path) { m_path = path; }

private:
    static bool setImmutable(const QString& path, bool on)
    {
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return false;
        int flags = 0;
        bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
        if (ok) {
            flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
            ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
        }
        ::close(fd);
        return ok;
    }

    QString m_path;
    bool m_immutable = false;
    QString m_parent;
    QFileDevice::Permissions m_parentPermissions;
};

} // namespace

class TestRunDeletion : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;

    // A finished run with a row in every table that holds runs, and files in its folder.
    QString fullRun(RunStatus status = RunStatus::Completed)
    {
        const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("exp"), status);
        if (id.isEmpty())
            return {};
        RunStore store(*m_ws);
        RunMetricSummary loss;
        loss.name = QStringLiteral("loss");
        loss.count = 3;
        loss.lastValue = 0.5;
        QSqlQuery link(m_ws->database());
        link.prepare(QStringLiteral(
            "INSERT INTO run_environments (run_id, target, hash) VALUES (?, 'local', 'abcd')"));
        link.addBindValue(id);
        if (!store.setTag(id, QStringLiteral("stage"), QStringLiteral("dev")) ||
            !store.setLoggedParam(id, QStringLiteral("lr"), QStringLiteral("0.1")) ||
            !store.storeMetricSummaries(id, {loss}) || !link.exec() ||
            !TestSupport::writeFile(m_ws->runDir(id) + QStringLiteral("/work/outputs/model.pkl"),
                                    "weights") ||
            !TestSupport::writeFile(m_ws->runDir(id) + QStringLiteral("/system/stdout.log"), "epoch 1\n")) {
            qWarning("cannot fill run %s: %s", qPrintable(id),
                     qPrintable(store.lastError() + link.lastError().text()));
            return {};
        }
        return id;
    }

    int rowsOf(const QString& table, const QString& id)
    {
        QSqlQuery q(m_ws->database());
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2 = ?")
                      .arg(table,
                           table == QLatin1String("runs") ? QStringLiteral("id") : QStringLiteral("run_id")));
        q.addBindValue(id);
        if (!q.exec() || !q.next()) {
            qWarning("cannot count %s: %s", qPrintable(table), qPrintable(q.lastError().text()));
            return -1;
        }
        return q.value(0).toInt();
    }

    int allRowsOf(const QString& id)
    {
        int total = 0;
        for (const char* table : {"runs", "run_tags", "run_metrics", "run_params", "run_environments"})
            total += rowsOf(QLatin1String(table), id);
        return total;
    }

    QStringList leftovers() const
    {
        return QDir(m_ws->runsDir())
            .entryList({QStringLiteral(".deleting-*")}, QDir::AllEntries | QDir::Hidden);
    }

private slots:
    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void deletesEveryRowAndTheFolder()
    {
        const QString gone = fullRun();
        const QString kept = fullRun(RunStatus::Failed);
        QVERIFY(!gone.isEmpty() && !kept.isEmpty());
        QCOMPARE(allRowsOf(gone), 5);

        const RunDeletionResult result = RunDeletion(*m_ws).remove(gone);
        QVERIFY2(result.deleted(), qPrintable(result.error));
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY(result.notes.isEmpty());
        QCOMPARE(allRowsOf(gone), 0);
        QVERIFY(!QFileInfo::exists(m_ws->runDir(gone)));
        QVERIFY(leftovers().isEmpty());
        QString error;
        QVERIFY(!RunStore(*m_ws).find(gone, &error));
        QVERIFY(error.isEmpty());
        // The other run is untouched.
        QCOMPARE(allRowsOf(kept), 5);
        QVERIFY(QFileInfo::exists(m_ws->runDir(kept) + QStringLiteral("/work/outputs/model.pkl")));
    }

    void refusesALiveRunNamingItsStatus()
    {
        for (RunStatus status : {RunStatus::Running, RunStatus::Queued}) {
            const QString id = fullRun(status);
            QVERIFY(!id.isEmpty());
            for (const RunDeletionResult& result :
                 {RunDeletion(*m_ws).check(id), RunDeletion(*m_ws).remove(id)}) {
                QCOMPARE(result.outcome, RunDeletionResult::Outcome::Refused);
                QVERIFY(result.invalidInput());
                QCOMPARE(result.error,
                         QStringLiteral("run %1 is %2: cancel it first").arg(id, runStatusName(status)));
            }
            QCOMPARE(allRowsOf(id), 5);
            QVERIFY(QFileInfo::exists(m_ws->runDir(id) + QStringLiteral("/work/outputs/model.pkl")));
        }
    }

    void anUnknownRunIsNamed()
    {
        const RunDeletionResult result = RunDeletion(*m_ws).remove(QStringLiteral("nope_1"));
        QCOMPARE(result.outcome, RunDeletionResult::Outcome::Unknown);
        QCOMPARE(result.error, QStringLiteral("unknown run nope_1"));
    }

    void checkChangesNothing()
    {
        const QString id = fullRun();
        QVERIFY(!id.isEmpty());
        const RunDeletionResult result = RunDeletion(*m_ws).check(id);
        QVERIFY2(result.deleted(), qPrintable(result.error));
        QCOMPARE(allRowsOf(id), 5);
        QVERIFY(QFileInfo::exists(m_ws->runDir(id) + QStringLiteral("/work/outputs/model.pkl")));
    }

    void aRunAModelCameFromGoesAndSaysTheModelKeepsItsFiles()
    {
        const QString id = fullRun();
        QVERIFY(!id.isEmpty());
        ModelRegistry registry(*m_ws);
        QString error;
        const auto first = registry.registerModel(id, QStringLiteral("outputs/model.pkl"),
                                                  QStringLiteral("mnist"), {}, {}, &error);
        QVERIFY2(first, qPrintable(error));
        const auto second = registry.registerModel(id, QStringLiteral("outputs/model.pkl"),
                                                   QStringLiteral("mnist"), {}, {}, &error);
        QVERIFY2(second, qPrintable(error));

        const RunDeletionResult checked = RunDeletion(*m_ws).check(id);
        QCOMPARE(checked.notes,
                 (QStringList{QStringLiteral("model mnist:1 keeps its own copy of the files"),
                              QStringLiteral("model mnist:2 keeps its own copy of the files")}));
        const RunDeletionResult result = RunDeletion(*m_ws).remove(id);
        QVERIFY2(result.deleted(), qPrintable(result.error));
        QCOMPARE(result.notes, checked.notes);
        QVERIFY(!QFileInfo::exists(m_ws->runDir(id)));
        // The model is whole without its run.
        const auto model = registry.resolve(QStringLiteral("mnist:2"), &error);
        QVERIFY2(model, qPrintable(error));
        const QString target = m_dir.path() + QStringLiteral("/downloaded-%1").arg(id);
        QVERIFY2(registry.download(*model, target, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(target), QByteArray("weights"));
    }

    void aFolderThatCannotBeMovedChangesNothing()
    {
        const QString id = fullRun();
        QVERIFY(!id.isEmpty());
        Unremovable frozen(m_ws->runDir(id));
        const RunDeletionResult result = RunDeletion(*m_ws).remove(id);
        frozen.release();
        QCOMPARE(result.outcome, RunDeletionResult::Outcome::Failed);
        QVERIFY2(
            result.error.startsWith(QStringLiteral("cannot delete run %1: its folder %2 cannot be moved (")
                                        .arg(id, m_ws->runDir(id))),
            qPrintable(result.error));
        QVERIFY2(result.error.endsWith(QStringLiteral("nothing was deleted")), qPrintable(result.error));
        QCOMPARE(allRowsOf(id), 5);
        QCOMPARE(TestSupport::readFile(m_ws->runDir(id) + QStringLiteral("/work/outputs/model.pkl")),
                 QByteArray("weights"));
        QVERIFY(leftovers().isEmpty());
    }

    void filesThatCannotBeRemovedAreReportedWithTheRowsGone()
    {
        const QString id = fullRun();
        QVERIFY(!id.isEmpty());
        Unremovable frozen(m_ws->runDir(id) + QStringLiteral("/work/outputs/model.pkl"));
        const RunDeletionResult result = RunDeletion(*m_ws).remove(id);
        QVERIFY(result.deleted());
        QVERIFY(!result.leftoverPath.isEmpty());
        frozen.movedTo(result.leftoverPath + QStringLiteral("/work/outputs/model.pkl"));
        frozen.release();
        QCOMPARE(result.error,
                 QStringLiteral("run %1 is deleted from the workspace, but some of its files could not be "
                                "removed: they are left in %2")
                     .arg(id, result.leftoverPath));
        QCOMPARE(allRowsOf(id), 0);
        // No row points at the remains: the run's own folder is gone, what is left lies under another name.
        QVERIFY(!QFileInfo::exists(m_ws->runDir(id)));
        QVERIFY(result.leftoverPath.startsWith(m_ws->runsDir() + QStringLiteral("/.deleting-") + id));
        QVERIFY(QFileInfo::exists(result.leftoverPath + QStringLiteral("/work/outputs/model.pkl")));
        QVERIFY(QDir(result.leftoverPath).removeRecursively());
    }

    void aDatabaseThatRefusesTheDeletePutsTheFolderBack()
    {
        const QString id = fullRun();
        QVERIFY(!id.isEmpty());
        QSqlQuery q(m_ws->database());
        QVERIFY2(q.exec(QStringLiteral("CREATE TRIGGER refuse_run_delete BEFORE DELETE ON runs "
                                       "BEGIN SELECT RAISE(ABORT, 'delete refused'); END")),
                 qPrintable(q.lastError().text()));
        const RunDeletionResult result = RunDeletion(*m_ws).remove(id);
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER refuse_run_delete")));
        QCOMPARE(result.outcome, RunDeletionResult::Outcome::Failed);
        QVERIFY2(result.error.contains(QStringLiteral("delete refused")), qPrintable(result.error));
        QVERIFY2(result.error.endsWith(QStringLiteral("nothing was deleted")), qPrintable(result.error));
        // The tags, metrics, params and environment link deleted before the refusal came back with the
        // rollback.
        QCOMPARE(allRowsOf(id), 5);
        QCOMPARE(TestSupport::readFile(m_ws->runDir(id) + QStringLiteral("/work/outputs/model.pkl")),
                 QByteArray("weights"));
        QVERIFY(leftovers().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRunDeletion)
#include "TestRunDeletion.moc"
