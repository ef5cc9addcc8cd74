// trainyard-cli show: Shows one run: status, times, command, git state, last metric values, tags, folders.
#pragma once

#include "Command.h"

class ShowCommand : public Command
{
public:
    ShowCommand();

protected:
    int run() override;
};
