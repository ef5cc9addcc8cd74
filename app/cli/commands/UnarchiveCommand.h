// trainyard-cli unarchive: Shows archived runs in listings again.
#pragma once

#include "ArchiveCommand.h"

class UnarchiveCommand : public ArchiveCommand
{
public:
    UnarchiveCommand();
};
