// trainyard-cli note: Sets or clears the note of a run.
#pragma once

#include "Command.h"

class NoteCommand : public Command
{
public:
    NoteCommand();

protected:
    int run() override;
};
