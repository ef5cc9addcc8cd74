// trainyard-cli compare: runs side by side, one column per run: params, metrics (last/min/max), tags, git
// state and environment, with the rows where the runs differ marked.
#pragma once

#include "Command.h"

class CompareCommand : public Command
{
public:
    CompareCommand();

protected:
    int run() override;
};
