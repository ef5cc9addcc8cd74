// trainyard-cli tag: Sets tags of a run.
#pragma once

#include "Command.h"

class TagCommand : public Command
{
public:
    TagCommand();

protected:
    int run() override;
};
