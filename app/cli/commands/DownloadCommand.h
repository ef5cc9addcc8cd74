// trainyard-cli download: Copies a file or folder of a run to DEST.
#pragma once

#include "Command.h"

class DownloadCommand : public Command
{
public:
    DownloadCommand();

protected:
    int run() override;
};
