// trainyard-cli targets remove NAME: removes a compute target that no live run uses.
#pragma once

#include "Command.h"

class TargetsRemoveCommand : public Command
{
public:
    TargetsRemoveCommand();

protected:
    int run() override;
};
