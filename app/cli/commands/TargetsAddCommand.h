// trainyard-cli targets add KIND NAME: creates a compute target of a kind, with that kind's flags.
#pragma once

#include "Command.h"

class TargetsAddCommand : public Command
{
public:
    TargetsAddCommand();

protected:
    int run() override;
};
