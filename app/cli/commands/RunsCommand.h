// trainyard-cli runs: Lists runs, newest first.
#pragma once

#include "Command.h"

class RunsCommand : public Command
{
public:
    RunsCommand();

protected:
    int run() override;
};
