// trainyard-cli environments show HASH [--target T]: one environment with its whole definition and its runs.
#pragma once

#include "Command.h"

class EnvironmentsShowCommand : public Command
{
public:
    EnvironmentsShowCommand();

protected:
    int run() override;
};
