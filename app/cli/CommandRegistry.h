// Every command trainyard-cli knows, in the order its help lists them; the help is made from them.
#pragma once

#include "Command.h"

#include <QJsonObject>

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
    // `trainyard-cli --json help`: the program, its global options and every command with its synopsis,
    // description, arguments and options (a group with its subcommands and the word that picks each), for
    // the generated man page (cmake/GenerateManPage.cmake) and bash completion.
    QJsonObject describe() const;

private:
    std::vector<std::unique_ptr<Command>> m_commands;
};
