// Tests for reading what Slurm says about a job (squeue, scontrol show job, sacct, sinfo) and what it means
// for the run. The outputs are captured from a real Slurm 22.05 controller (slurmctld + slurmd on this
// machine).
#include <QtTest>

#include "run/RunRecord.h"
#include "targets/slurm/SlurmJobState.h"
#include "targets/slurm/SlurmProbe.h"
#include "targets/slurm/SlurmQueue.h"

using Phase = SlurmJobState::Phase;

namespace {
// squeue --noheader --states=all --format=%i|%T|%N|%r --jobs=1,2,3,4,5, two seconds after submitting
// `echo hi`, `exit 3` and three `sleep 300` to a two-CPU node.
const QByteArray kSqueueMixed = "1|COMPLETED|localhost|None\n"
                                "2|FAILED|localhost|NonZeroExitCode\n"
                                "3|PENDING||Resources\n"
                                "4|PENDING||Priority\n"
                                "5|PENDING||Priority\n";
// The same after job 3 hit its time limit: first completing with the reason, then TIMEOUT.
const QByteArray kSqueueTimeLimit =
    "3|COMPLETING|localhost|TimeLimit\n5|PENDING||Resources\n4|RUNNING|localhost|None\n";
const QByteArray kSqueueTimedOut =
    "4|RUNNING|localhost|None\n5|RUNNING|localhost|None\n3|TIMEOUT|localhost|TimeLimit\n";

const QByteArray kScontrolPending =
    "JobId=5 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901755 Nice=0 "
    "Account=(null) "
    "QOS=(null) JobState=PENDING Reason=Priority Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 "
    "ExitCode=0:0 RunTime=00:00:00 TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-12-01T17:47:51 "
    "EligibleTime=2026-12-01T17:47:51 AccrueTime=2026-12-01T17:47:51 StartTime=Unknown EndTime=Unknown "
    "Deadline=N/A "
    "SuspendTime=None SecsPreSuspend=0 LastSchedEval=2026-12-01T17:47:51 Scheduler=Main Partition=debug "
    "AllocNode:Sid=localhost:11720 ReqNodeList=(null) ExcNodeList=(null) NodeList= NumNodes=1 NumCPUs=1 "
    "NumTasks=1 "
    "CPUs/Task=1 ReqB:S:C:T=0:0:*:* TRES=cpu=1,mem=1000M,node=1,billing=1 Socks/Node=* "
    "NtasksPerN:B:S:C=0:0:*:* "
    "CoreSpec=* MinCPUsNode=1 MinMemoryNode=0 MinTmpDiskNode=0 Features=(null) DelayBoot=00:00:00 "
    "OverSubscribe=OK "
    "Contiguous=0 Licenses=(null) Network=(null) Command=(null) WorkDir=/tmp/st-slurm/jobs "
    "StdErr=/tmp/st-slurm/jobs/slurm-5.out StdIn=/dev/null StdOut=/tmp/st-slurm/jobs/slurm-5.out Power= \n";
const QByteArray kScontrolTimeout =
    "JobId=3 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901757 Nice=0 "
    "Account=(null) "
    "QOS=(null) JobState=TIMEOUT Reason=TimeLimit Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 "
    "Reboot=0 "
    "ExitCode=143:0 RunTime=00:01:17 TimeLimit=00:01:00 TimeMin=N/A SubmitTime=2026-12-01T17:47:50 "
    "EligibleTime=2026-12-01T17:47:50 AccrueTime=2026-12-01T17:47:50 StartTime=2026-12-01T17:47:54 "
    "EndTime=2026-12-01T17:49:11 Deadline=N/A SuspendTime=None SecsPreSuspend=0 "
    "LastSchedEval=2026-12-01T17:47:54 "
    "Scheduler=Main Partition=debug AllocNode:Sid=localhost:11720 ReqNodeList=(null) ExcNodeList=(null) "
    "NodeList=localhost BatchHost=localhost NumNodes=1 NumCPUs=1 NumTasks=1 CPUs/Task=1 ReqB:S:C:T=0:0:*:* "
    "TRES=cpu=1,node=1,billing=1 Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=* MinCPUsNode=1 "
    "MinMemoryNode=0 "
    "MinTmpDiskNode=0 Features=(null) DelayBoot=00:00:00 OverSubscribe=OK Contiguous=0 Licenses=(null) "
    "Network=(null) Command=(null) WorkDir=/tmp/st-slurm/jobs StdErr=/tmp/st-slurm/jobs/slurm-3.out "
    "StdIn=/dev/null "
    "StdOut=/tmp/st-slurm/jobs/slurm-3.out Power= \n";
// A running job canceled with scancel: the signal in ExitCode.
const QByteArray kScontrolCanceled = "JobId=4 JobName=wrap UserId=root(0) JobState=CANCELLED Reason=None "
                                     "Dependency=(null) ExitCode=0:15 RunTime=00:01:30 NodeList=localhost "
                                     "BatchHost=localhost\n";
const QByteArray kSinfo = "debug*|up|0/1/0/1\n";
} // namespace

class TestSlurmJobState : public QObject
{
    Q_OBJECT

private slots:
    void everyStateMapsOntoTheLifecycle()
    {
        QCOMPARE(SlurmJobState::phaseOf(QStringLiteral("PENDING")), Phase::Queued);
        QCOMPARE(SlurmJobState::phaseOf(QStringLiteral("CONFIGURING")), Phase::Starting);
        QCOMPARE(SlurmJobState::phaseOf(QStringLiteral("RUNNING")), Phase::Running);
        QCOMPARE(SlurmJobState::phaseOf(QStringLiteral("COMPLETING")), Phase::Running);
        QCOMPARE(SlurmJobState::phaseOf(QStringLiteral("COMPLETED")), Phase::Completed);
        QCOMPARE(SlurmJobState::phaseOf(QStringLiteral("CANCELLED")), Phase::Canceled);
        for (const char* failed :
             {"FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE"})
            QCOMPARE(SlurmJobState::phaseOf(QLatin1String(failed)), Phase::Failed);
        // What it cannot read is unknown, never a failure.
        QCOMPARE(SlurmJobState::phaseOf(QStringLiteral("")), Phase::Unknown);
        QCOMPARE(SlurmJobState::phaseOf(QStringLiteral("SOMETHING_NEW")), Phase::Unknown);
        SlurmJobState unknown;
        unknown.state = QStringLiteral("SOMETHING_NEW");
        QVERIFY(!unknown.isTerminal());
    }

    void failuresCarryTheirReason()
    {
        const QHash<QString, QString> expected{
            {QStringLiteral("TIMEOUT"), QStringLiteral("time limit")},
            {QStringLiteral("NODE_FAIL"), QStringLiteral("node failure")},
            {QStringLiteral("OUT_OF_MEMORY"), QStringLiteral("out of memory")},
            {QStringLiteral("PREEMPTED"), QStringLiteral("preempted")},
            {QStringLiteral("FAILED"), QString()}};
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            SlurmJobState job;
            job.state = it.key();
            QCOMPARE(job.failureReason(), it.value());
        }
    }

    void squeueListsEveryJobOfOneCall()
    {
        const auto jobs = SlurmQueue::parseSqueue(kSqueueMixed);
        QCOMPARE(jobs.size(), 5);
        QCOMPARE(jobs.value(QStringLiteral("1")).phase(), Phase::Completed);
        QCOMPARE(jobs.value(QStringLiteral("2")).phase(), Phase::Failed);
        QCOMPARE(jobs.value(QStringLiteral("2")).reason, QStringLiteral("NonZeroExitCode"));
        QCOMPARE(jobs.value(QStringLiteral("3")).queuedReason(), QStringLiteral("queued: Resources"));
        QCOMPARE(jobs.value(QStringLiteral("4")).queuedReason(), QStringLiteral("queued: Priority"));
        QCOMPARE(jobs.value(QStringLiteral("1")).nodes, QStringLiteral("localhost"));
        QVERIFY(jobs.value(QStringLiteral("3")).nodes.isEmpty());

        const auto completing = SlurmQueue::parseSqueue(kSqueueTimeLimit).value(QStringLiteral("3"));
        QCOMPARE(completing.phase(), Phase::Running);
        QCOMPARE(completing.reason, QStringLiteral("TimeLimit"));
        const auto timedOut = SlurmQueue::parseSqueue(kSqueueTimedOut).value(QStringLiteral("3"));
        QCOMPARE(timedOut.phase(), Phase::Failed);
        QCOMPARE(timedOut.failureReason(), QStringLiteral("time limit"));
    }

    void aReasonWithSpacesAndBarsStaysWhole()
    {
        const auto jobs =
            SlurmQueue::parseSqueue("7|PENDING||ReqNodeNotAvail, UnavailableNodes:n[1-2]\n8|PENDING||a|b\n");
        QCOMPARE(jobs.value(QStringLiteral("7")).reason,
                 QStringLiteral("ReqNodeNotAvail, UnavailableNodes:n[1-2]"));
        QCOMPARE(jobs.value(QStringLiteral("8")).reason, QStringLiteral("a|b"));
    }

    void theQueueIsAskedForAllJobsInOneCall()
    {
        const QStringList args = SlurmQueue::squeueArguments({QStringLiteral("4"), QStringLiteral("17")});
        QCOMPARE(args.constFirst(), QStringLiteral("squeue"));
        QVERIFY(args.contains(QStringLiteral("--jobs=4,17")));
        QVERIFY(args.contains(QStringLiteral("--states=all")));
    }

    void scontrolGivesStateReasonAndExitCode()
    {
        const auto pending = SlurmJobState::fromScontrol(kScontrolPending);
        QVERIFY(pending);
        QCOMPARE(pending->jobId, QStringLiteral("5"));
        QCOMPARE(pending->state, QStringLiteral("PENDING"));
        QCOMPARE(pending->reason, QStringLiteral("Priority"));
        QVERIFY(pending->nodes.isEmpty());
        QCOMPARE(pending->exitCode, std::optional<int>(0));

        const auto timedOut = SlurmJobState::fromScontrol(kScontrolTimeout);
        QVERIFY(timedOut);
        QCOMPARE(timedOut->state, QStringLiteral("TIMEOUT"));
        QCOMPARE(timedOut->exitCode, std::optional<int>(143));
        QVERIFY(!timedOut->exitSignal);
        QCOMPARE(timedOut->nodes, QStringLiteral("localhost")); // not ReqNodeList's (null)

        const auto canceled = SlurmJobState::fromScontrol(kScontrolCanceled);
        QVERIFY(canceled);
        QCOMPARE(canceled->phase(), Phase::Canceled);
        QCOMPARE(canceled->exitSignal, std::optional<int>(15));

        QVERIFY(!SlurmJobState::fromScontrol("slurm_load_jobs error: Invalid job id specified\n"));
        QVERIFY(SlurmJobState::saysInvalidJob("slurm_load_jobs error: Invalid job id specified\n"));
    }

    void sacctGivesTheAllocationLine()
    {
        // sacct -j 12 -X -n -P -o JobID,State,ExitCode,Reason
        const auto job = SlurmJobState::fromSacct("12|CANCELLED by 0|0:15|None\n", QStringLiteral("12"));
        QVERIFY(job);
        QCOMPARE(job->state, QStringLiteral("CANCELLED"));
        QCOMPARE(job->phase(), Phase::Canceled);
        QCOMPARE(job->exitSignal, std::optional<int>(15));
        const auto failed = SlurmJobState::fromSacct("13|FAILED|3:0|NonZeroExitCode\n", QStringLiteral("13"));
        QVERIFY(failed);
        QCOMPARE(failed->exitCode, std::optional<int>(3));
        QVERIFY(!SlurmJobState::fromSacct("12|COMPLETED|0:0|None\n", QStringLiteral("1")));
        QVERIFY(!SlurmJobState::fromSacct("", QStringLiteral("12")));
        // What sacct says on a cluster without slurmdbd.
        QVERIFY(SlurmJobState::saysAccountingDisabled("Slurm accounting storage is disabled\n"));
    }

    void aQueuedRunReadsQueuedWithSlurmsReason()
    {
        SlurmJobState job;
        job.state = QStringLiteral("PENDING");
        job.reason = QStringLiteral("Priority");
        QCOMPARE(runStatusText(RunStatus::Starting, job.queuedReason()), QStringLiteral("Queued (Priority)"));
        job.reason = QStringLiteral("None");
        QCOMPARE(runStatusText(RunStatus::Starting, job.queuedReason()), QStringLiteral("Queued"));
    }

    void sinfoListsPartitionsWithFreeAndTotalNodes()
    {
        const auto partitions = SlurmProbe::parseSinfo(kSinfo + "gpu|down|1/0/1/2\n");
        QCOMPARE(partitions.size(), 2);
        QCOMPARE(partitions.at(0).name, QStringLiteral("debug"));
        QVERIFY(partitions.at(0).isDefault);
        QCOMPARE(partitions.at(0).idleNodes, 1);
        QCOMPARE(partitions.at(1).totalNodes, 2);
        SlurmProbe probe;
        probe.partitions = partitions;
        const QStringList lines = probe.lines(QStringLiteral("gpu"));
        QCOMPARE(lines.at(0), QStringLiteral("debug (default)  up  1/1 nodes free"));
        QCOMPARE(lines.at(1), QStringLiteral("gpu ← this target  down  0/2 nodes free"));
    }
};

QTEST_GUILESS_MAIN(TestSlurmJobState)
#include "TestSlurmJobState.moc"
