// trainyard-cli datasets add: Registers a file or folder as a new version of a dataset.
#pragma once

#include "Command.h"

class DatasetsAddCommand : public Command
{
public:
    DatasetsAddCommand();

protected:
    int run() override;
};
