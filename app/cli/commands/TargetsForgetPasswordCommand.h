// trainyard-cli targets forget-password: Removes a target's password and passphrase from the system keychain.
#pragma once

#include "Command.h"

class TargetsForgetPasswordCommand : public Command
{
public:
    TargetsForgetPasswordCommand();

protected:
    int run() override;
};
