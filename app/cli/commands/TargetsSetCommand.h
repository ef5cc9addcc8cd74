// trainyard-cli targets set: Creates or changes a compute target.
#pragma once

#include "Command.h"

class TargetsSetCommand : public Command
{
public:
    TargetsSetCommand();

protected:
    int run() override;
};
