// trainyard-cli targets test NAME: connects to a target and reports the machine.
#pragma once

#include "Command.h"

class TargetsTestCommand : public Command
{
public:
    TargetsTestCommand();

protected:
    int run() override;

private:
    int testSlurm(const TargetConfig& target);
};
