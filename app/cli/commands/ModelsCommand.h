// trainyard-cli models: Lists the registered models.
#pragma once

#include "Command.h"

class ModelsCommand : public Command
{
public:
    ModelsCommand();

protected:
    int run() override;
};
