// trainyard-cli registries login: Stores the login to a private container registry; the password (or token)
// goes to the system keychain, read as one line from stdin.
#pragma once

#include "Command.h"

class RegistriesLoginCommand : public Command
{
public:
    RegistriesLoginCommand();

protected:
    int run() override;
};
