// trainyard-cli model-edit: changes the description and the tags of a registered model version.
#pragma once

#include "Command.h"

class ModelEditCommand : public Command
{
public:
    ModelEditCommand();

protected:
    int run() override;
};
