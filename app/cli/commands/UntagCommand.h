// trainyard-cli untag: Removes tags of a run.
#pragma once

#include "Command.h"

class UntagCommand : public Command
{
public:
    UntagCommand();

protected:
    int run() override;
};
