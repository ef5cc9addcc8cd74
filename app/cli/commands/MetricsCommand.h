// trainyard-cli metrics: Prints every point of a run's metrics (or one metric's); --json streams them as one document.
#pragma once

#include "Command.h"

class MetricsCommand : public Command
{
public:
    MetricsCommand();

protected:
    int run() override;
};
