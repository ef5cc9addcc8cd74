// trainyard-cli environments remove HASH [--target T]: deletes an environment on its target and forgets it;
// refused while a live run uses it.
#pragma once

#include "Command.h"

class EnvironmentsRemoveCommand : public Command
{
public:
    EnvironmentsRemoveCommand();

protected:
    int run() override;
};
