// trainyard-cli model-alias: points an alias (production, staging, any name) of a model at one of its
// versions, moving it from the version it pointed at; --remove takes it away.
#pragma once

#include "Command.h"

class ModelAliasCommand : public Command
{
public:
    ModelAliasCommand();

protected:
    int run() override;
};
