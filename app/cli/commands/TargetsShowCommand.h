// trainyard-cli targets show: Shows one compute target's settings.
#pragma once

#include "Command.h"

class TargetsShowCommand : public Command
{
public:
    TargetsShowCommand();

protected:
    int run() override;
};
