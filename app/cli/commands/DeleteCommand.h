// trainyard-cli delete: Deletes runs and their files.
#pragma once

#include "Command.h"

class DeleteCommand : public Command
{
public:
    DeleteCommand();

protected:
    int run() override;
};
