// trainyard-cli environments prune --unused-for DAYS [--target T] [--dry-run]: removes the environments no
// run used for that long, never one that a live run uses.
#pragma once

#include "Command.h"

class EnvironmentsPruneCommand : public Command
{
public:
    EnvironmentsPruneCommand();

protected:
    int run() override;
};
