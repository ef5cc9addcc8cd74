// trainyard-cli files: Lists the files a run exposes (outputs/, logs/, system/).
#pragma once

#include "Command.h"

class FilesCommand : public Command
{
public:
    FilesCommand();

protected:
    int run() override;
};
