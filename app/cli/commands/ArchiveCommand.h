// trainyard-cli archive: Archives runs (hidden from listings unless asked for); UnarchiveCommand undoes it.
#pragma once

#include "Command.h"

class ArchiveCommand : public Command
{
public:
    ArchiveCommand();

protected:
    ArchiveCommand(const QString& name, const QString& description, bool archive);
    int run() override;

private:
    bool m_archive = true;
};
