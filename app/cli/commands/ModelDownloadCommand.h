// trainyard-cli model-download: Copies a registered model (its newest version without :VERSION) to DEST.
#pragma once

#include "Command.h"

class ModelDownloadCommand : public Command
{
public:
    ModelDownloadCommand();

protected:
    int run() override;
};
