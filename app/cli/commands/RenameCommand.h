// trainyard-cli rename: Sets or clears the name a run is shown by.
#pragma once

#include "Command.h"

class RenameCommand : public Command
{
public:
    RenameCommand();

protected:
    int run() override;
};
