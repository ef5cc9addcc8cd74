// trainyard-cli targets set-password: Stores a target's SSH password (or its identity file's passphrase) in
// the system keychain, read from stdin.
#pragma once

#include "Command.h"

class TargetsSetPasswordCommand : public Command
{
public:
    TargetsSetPasswordCommand();

protected:
    int run() override;
};
