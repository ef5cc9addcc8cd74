// trainyard-cli logs: Prints a run's stdout (or stderr, or another file of the run); --follow streams it until the run ends.
#pragma once

#include "Command.h"

class LogsCommand : public Command
{
public:
    LogsCommand();

protected:
    int run() override;
};
