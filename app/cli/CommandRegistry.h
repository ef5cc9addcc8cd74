// Every command trainyard-cli knows, in the order its help lists them; the help is made from them.
#pragma once

#include "Command.h"

#include <memory>
#include <vector>

class CommandRegistry
{
public:
    CommandRegistry();

    const std::vector<std::unique_ptr<Command>>& commands() const { return m_commands; }
    Command* find(const QString& name) const;
    // The command or subcommand named by `words` ("datasets", "add"), or null.
    Command* find(const QStringList& words) const;
    // `trainyard-cli --help`: every command's usage line by section.
    QString usage() const;

private:
    std::vector<std::unique_ptr<Command>> m_commands;
};
