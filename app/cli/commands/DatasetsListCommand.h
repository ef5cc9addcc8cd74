// trainyard-cli datasets list: Lists the registered datasets.
#pragma once

#include "Command.h"

class DatasetsListCommand : public Command
{
public:
    DatasetsListCommand();

protected:
    int run() override;
};
