// trainyard-cli registries logout: Forgets the login to a container registry and removes its password from
// the system keychain.
#pragma once

#include "Command.h"

class RegistriesLogoutCommand : public Command
{
public:
    RegistriesLogoutCommand();

protected:
    int run() override;
};
