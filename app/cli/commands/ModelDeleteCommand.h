// trainyard-cli model-delete: Deletes one version of a registered model.
#pragma once

#include "Command.h"

class ModelDeleteCommand : public Command
{
public:
    ModelDeleteCommand();

protected:
    int run() override;
};
