// trainyard-cli convert: writes the estimator.yml equivalent to an Azure ML v2 command job file.
#pragma once

#include "Command.h"

class ConvertCommand : public Command
{
public:
    ConvertCommand();

protected:
    int run() override;
};
