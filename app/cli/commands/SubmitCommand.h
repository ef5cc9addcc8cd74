// trainyard-cli submit: Submits an estimator as a new run; with --wait, streams its output until it ends.
#pragma once

#include "Command.h"

class SubmitCommand : public Command
{
public:
    SubmitCommand();

protected:
    int run() override;
};
