// A verb whose first argument picks a subcommand (`datasets add`, `targets set`): it dispatches to its
// children and its help and usage are made of theirs.
#pragma once

#include "Command.h"

class CommandGroup : public Command
{
public:
    CommandGroup(const QString& name, const QString& section, const QString& description,
                 std::vector<std::unique_ptr<Command>> subcommands);

    const std::vector<std::unique_ptr<Command>>& subcommands() const { return m_subcommands; }
    // The subcommand named by its last word ("add"), or null.
    Command* find(const QString& word) const;

    QString synopsis() const override;
    QString help() const override;
    int execute(const QStringList& arguments, CommandContext& context) override;

protected:
    int run() override { return InvalidInput; } // a group runs only its subcommands

private:
    std::vector<std::unique_ptr<Command>> m_subcommands;
};
