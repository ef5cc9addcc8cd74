#include "UnarchiveCommand.h"

UnarchiveCommand::UnarchiveCommand()
    : ArchiveCommand(QStringLiteral("unarchive"), QStringLiteral("Shows archived runs in listings again."),
                     false)
{
}
