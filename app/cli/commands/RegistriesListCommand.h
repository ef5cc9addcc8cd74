// trainyard-cli registries: Lists the logins to private container registries (user names; the passwords are
// in the system keychain).
#pragma once

#include "Command.h"

class RegistriesListCommand : public Command
{
public:
    RegistriesListCommand();

protected:
    int run() override;
};
