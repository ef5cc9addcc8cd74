// trainyard-cli targets trust NAME: shows an SSH host's key fingerprints and trusts them once accepted.
#pragma once

#include "Command.h"

class TargetsTrustCommand : public Command
{
public:
    TargetsTrustCommand();

protected:
    int run() override;
};
