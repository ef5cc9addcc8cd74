#include "ArchiveCommand.h"

#include "RunCommandSupport.h"
#include "run/RunStore.h"

ArchiveCommand::ArchiveCommand()
    : ArchiveCommand(
          QStringLiteral("archive"),
          QStringLiteral("Archives runs: they are left out of `runs` and the runs table unless archived runs "
                         "are asked for, and are kept whole (see `delete` to remove them)."),
          true)
{
}

ArchiveCommand::ArchiveCommand(const QString& name, const QString& description, bool archive)
    : Command(name, QStringLiteral("Runs"), description), m_archive(archive)
{
    addRepeatedPositional(QStringLiteral("RUN"), QStringLiteral("the runs' ids"));
}

int ArchiveCommand::run()
{
    const auto runs = openRuns(positionals(0));
    if (!runs)
        return openFailure();
    QString error;
    RunStore store(workspace());
    const bool archive = m_archive;
    const bool written = RunCommandSupport::inTransaction(
        workspace(),
        [&](QString* writeError) -> bool {
            for (const RunRecord& run : *runs)
                if (!store.setArchived(run.id, archive, writeError))
                    return false;
            return true;
        },
        &error);
    if (!written)
        return fail(error);
    QStringList ids;
    for (const RunRecord& run : *runs)
        ids << run.id;
    if (json()) {
        output().printJson(QJsonObject{{m_archive ? QStringLiteral("archived") : QStringLiteral("unarchived"),
                                        QJsonArray::fromStringList(ids)}});
        return Ok;
    }
    output().err() << (m_archive ? "Archived " : "Unarchived ") << ids.join(QStringLiteral(", ")) << "\n";
    return Ok;
}
