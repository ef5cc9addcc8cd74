// trainyard-cli targets list: Lists the compute targets.
#pragma once

#include "Command.h"

class TargetsListCommand : public Command
{
public:
    TargetsListCommand();

protected:
    int run() override;
};
