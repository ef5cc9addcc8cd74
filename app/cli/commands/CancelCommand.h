// trainyard-cli cancel: Cancels a queued or running run.
#pragma once

#include "Command.h"

class CancelCommand : public Command
{
public:
    CancelCommand();

protected:
    int run() override;
};
