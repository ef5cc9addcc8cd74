// trainyard-cli register-model: Registers files of a run as a new version of a model.
#pragma once

#include "Command.h"

class RegisterModelCommand : public Command
{
public:
    RegisterModelCommand();

protected:
    int run() override;
};
