#include "CommandGroup.h"

CommandGroup::CommandGroup(const QString& name, const QString& section, const QString& description,
                           std::vector<std::unique_ptr<Command>> subcommands)
    : Command(name, section, description), m_subcommands(std::move(subcommands))
{
}

Command* CommandGroup::find(const QString& word) const
{
    for (const auto& command : m_subcommands)
        if (command->name() == name() + QLatin1Char(' ') + word || (word == QLatin1String("list") && command->name() == name()))
            return command.get();
    return nullptr;
}

QString CommandGroup::synopsis() const
{
    QStringList lines;
    for (const auto& command : m_subcommands)
        lines << command->synopsis();
    return lines.join(QStringLiteral(" | "));
}

QString CommandGroup::help() const
{
    QString text = QStringLiteral("usage:\n");
    for (const auto& command : m_subcommands)
        text += QStringLiteral("  trainyard-cli ") + command->synopsis() + QLatin1Char('\n');
    text += QLatin1Char('\n') + description() + QStringLiteral("\n\n");
    for (const auto& command : m_subcommands)
        text += QStringLiteral("  ") + command->name().leftJustified(26) + QLatin1Char(' ') + command->description()
                + QLatin1Char('\n');
    text += QStringLiteral("\nRun `trainyard-cli help %1 SUBCOMMAND` for its options.\n").arg(name());
    return text;
}

int CommandGroup::execute(const QStringList& arguments, CommandContext& context)
{
    const QString word = arguments.value(0);
    if (word == QLatin1String("--help") || word == QLatin1String("-h")) {
        context.output->out() << help();
        context.output->flush();
        return Ok;
    }
    if (Command* command = find(word))
        return command->execute(arguments.mid(1), context);
    // A group may have a subcommand of its own name (`environments` lists): it takes anything that is not
    // another subcommand's name, so its own options and mistakes get its usage line.
    for (const auto& command : m_subcommands)
        if (command->name() == name() && (word.isEmpty() || word.startsWith(QLatin1Char('-'))))
            return command->execute(arguments, context);
    context.output->err() << "usage: trainyard-cli " << synopsis() << "\n";
    context.output->flush();
    return InvalidInput;
}
