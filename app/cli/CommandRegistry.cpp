#include "CommandRegistry.h"

#include "CommandGroup.h"
#include "commands/ArchiveCommand.h"
#include "commands/CancelCommand.h"
#include "commands/CompareCommand.h"
#include "commands/DatasetsAddCommand.h"
#include "commands/DatasetsListCommand.h"
#include "commands/DeleteCommand.h"
#include "commands/DownloadCommand.h"
#include "commands/EnvironmentsListCommand.h"
#include "commands/EnvironmentsPruneCommand.h"
#include "commands/EnvironmentsRemoveCommand.h"
#include "commands/EnvironmentsShowCommand.h"
#include "commands/FilesCommand.h"
#include "commands/LogsCommand.h"
#include "commands/MetricsCommand.h"
#include "commands/ModelAliasCommand.h"
#include "commands/NoteCommand.h"
#include "commands/PythonSdkCommand.h"
#include "commands/ModelDeleteCommand.h"
#include "commands/ModelEditCommand.h"
#include "commands/ModelDownloadCommand.h"
#include "commands/ModelsCommand.h"
#include "commands/RegisterModelCommand.h"
#include "commands/RegistriesListCommand.h"
#include "commands/RegistriesLoginCommand.h"
#include "commands/RegistriesLogoutCommand.h"
#include "commands/RenameCommand.h"
#include "commands/RunsCommand.h"
#include "commands/ShowCommand.h"
#include "commands/SubmitCommand.h"
#include "commands/ConvertCommand.h"
#include "commands/TagCommand.h"
#include "commands/TargetsAddCommand.h"
#include "commands/TargetsForgetPasswordCommand.h"
#include "commands/TargetsListCommand.h"
#include "commands/TargetsRemoveCommand.h"
#include "commands/TargetsSetCommand.h"
#include "commands/TargetsSetPasswordCommand.h"
#include "commands/TargetsShowCommand.h"
#include "commands/TargetsTestCommand.h"
#include "commands/TargetsTrustCommand.h"
#include "commands/UnarchiveCommand.h"
#include "commands/UntagCommand.h"

#include "TrainyardVersion.h"

#include <QJsonArray>

#include <algorithm>
#include <iterator>

namespace {

QJsonObject describeOption(const QString& name, const QString& valueName, const QString& description)
{
    QJsonObject o{{QStringLiteral("name"), QString(QStringLiteral("--") + name)}, {QStringLiteral("description"), description}};
    if (!valueName.isEmpty())
        o.insert(QStringLiteral("value"), valueName);
    return o;
}

QJsonObject describeCommand(const Command& command)
{
    QJsonArray positionals;
    for (const CommandPositional& p : command.declaredPositionals())
        positionals.append(QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("description"), p.description}});
    QJsonArray options;
    for (const CommandOption& o : command.declaredOptions()) {
        QJsonObject option = describeOption(o.name, o.valueName, o.description);
        option.insert(QStringLiteral("required"), o.required);
        option.insert(QStringLiteral("repeatable"), o.repeatable);
        if (!o.defaultValue.isEmpty())
            option.insert(QStringLiteral("default"), o.defaultValue);
        options.append(option);
    }
    return QJsonObject{{QStringLiteral("name"), command.name()},
                       {QStringLiteral("synopsis"), command.synopsis()},
                       {QStringLiteral("description"), command.description()},
                       {QStringLiteral("arguments"), positionals},
                       {QStringLiteral("options"), options}};
}

template <typename... Commands>
std::vector<std::unique_ptr<Command>> make()
{
    std::vector<std::unique_ptr<Command>> commands;
    (commands.push_back(std::make_unique<Commands>()), ...);
    return commands;
}

} // namespace

CommandRegistry::CommandRegistry()
{
    m_commands = make<SubmitCommand, ConvertCommand, RunsCommand, ShowCommand, CompareCommand, LogsCommand, MetricsCommand, FilesCommand,
                      DownloadCommand, CancelCommand, RegisterModelCommand, ModelsCommand, ModelDownloadCommand,
                      ModelDeleteCommand, ModelAliasCommand, ModelEditCommand>();
    // Managing runs: what a person records about them, and removing them.
    auto manage = make<TagCommand, UntagCommand, NoteCommand, RenameCommand, ArchiveCommand, UnarchiveCommand, DeleteCommand>();
    const auto afterCancel = std::find_if(m_commands.begin(), m_commands.end(),
                                          [](const auto& command) { return command->name() == QLatin1String("cancel"); });
    m_commands.insert(afterCancel == m_commands.end() ? afterCancel : afterCancel + 1, std::make_move_iterator(manage.begin()),
                      std::make_move_iterator(manage.end()));
    m_commands.push_back(std::make_unique<CommandGroup>(QStringLiteral("datasets"), QStringLiteral("Datasets and targets"),
                                                        QStringLiteral("Registers and lists datasets."),
                                                        make<DatasetsAddCommand, DatasetsListCommand>()));
    m_commands.push_back(std::make_unique<CommandGroup>(
        QStringLiteral("targets"), QStringLiteral("Datasets and targets"),
        QStringLiteral("Lists, adds, changes, trusts, tests and removes the compute targets runs go to, and keeps "
                       "their passwords in the system keychain."),
        make<TargetsListCommand, TargetsShowCommand, TargetsAddCommand, TargetsSetCommand, TargetsRemoveCommand,
             TargetsTrustCommand, TargetsTestCommand, TargetsSetPasswordCommand, TargetsForgetPasswordCommand>()));
    // `environments` alone lists them: the group's subcommand named like the group is what it runs by default.
    m_commands.push_back(std::make_unique<CommandGroup>(
        QStringLiteral("environments"), QStringLiteral("Environments"),
        QStringLiteral("Lists, shows, removes and prunes the environments built on the compute targets."),
        make<EnvironmentsListCommand, EnvironmentsShowCommand, EnvironmentsRemoveCommand, EnvironmentsPruneCommand>()));
    m_commands.push_back(std::make_unique<CommandGroup>(
        QStringLiteral("registries"), QStringLiteral("Environments"),
        QStringLiteral("Logs in to and out of private container registries (passwords in the system keychain) and "
                       "lists the logins."),
        make<RegistriesListCommand, RegistriesLoginCommand, RegistriesLogoutCommand>()));
    m_commands.push_back(std::make_unique<PythonSdkCommand>());
}

Command* CommandRegistry::find(const QString& name) const
{
    for (const auto& command : m_commands)
        if (command->name() == name)
            return command.get();
    return nullptr;
}

Command* CommandRegistry::find(const QStringList& words) const
{
    Command* command = find(words.value(0));
    if (words.size() <= 1 || !command)
        return command;
    const auto* group = dynamic_cast<CommandGroup*>(command);
    return group && words.size() == 2 ? group->find(words.at(1)) : nullptr;
}

QString CommandRegistry::usage() const
{
    QString text = QStringLiteral("usage: trainyard-cli [--workspace DIR] [--json] COMMAND ...\n"
                                  "       trainyard-cli --help | --version\n");
    QString section;
    for (const auto& command : m_commands) {
        if (command->section() != section) {
            text += (section.isEmpty() ? QStringLiteral("\n") : QString()) + command->section() + QLatin1Char('\n');
            section = command->section();
        }
        if (const auto* group = dynamic_cast<const CommandGroup*>(command.get())) {
            for (const auto& sub : group->subcommands())
                text += QStringLiteral("  ") + sub->synopsis() + QLatin1Char('\n');
        } else {
            text += QStringLiteral("  ") + command->synopsis() + QLatin1Char('\n');
        }
    }
    text += QStringLiteral("\nThe workspace is --workspace, else $TRAINYARD_WORKSPACE, else the per-user default.\n"
                           "`trainyard-cli help COMMAND` says what a command does and what its options mean.\n");
    return text;
}

QJsonObject CommandRegistry::describe() const
{
    const QJsonArray globalOptions{
        describeOption(QStringLiteral("workspace"), QStringLiteral("DIR"),
                       QStringLiteral("The workspace to use; else $TRAINYARD_WORKSPACE, else the per-user default.")),
        describeOption(QStringLiteral("json"), QString(), QStringLiteral("Print results as JSON.")),
        describeOption(QStringLiteral("help"), QString(), QStringLiteral("Print the commands and exit.")),
        describeOption(QStringLiteral("version"), QString(), QStringLiteral("Print the version and exit."))};
    QJsonArray commands;
    for (const auto& command : m_commands) {
        QJsonObject entry = describeCommand(*command);
        entry.insert(QStringLiteral("section"), command->section());
        if (const auto* group = dynamic_cast<const CommandGroup*>(command.get())) {
            QJsonArray subcommands;
            for (const auto& sub : group->subcommands()) {
                QJsonObject subEntry = describeCommand(*sub);
                // The word after the group's name that picks it: `targets add`; the one named like the group
                // runs for `list` (and for no word at all).
                const QString word = sub->name() == group->name() ? QStringLiteral("list")
                                                                 : sub->name().mid(group->name().size() + 1);
                subEntry.insert(QStringLiteral("word"), word);
                subcommands.append(subEntry);
            }
            entry.insert(QStringLiteral("subcommands"), subcommands);
        }
        commands.append(entry);
    }
    return QJsonObject{{QStringLiteral("program"), QStringLiteral("trainyard-cli")},
                       {QStringLiteral("version"), QStringLiteral(TRAINYARD_VERSION)},
                       {QStringLiteral("usage"), usage()},
                       {QStringLiteral("global_options"), globalOptions},
                       {QStringLiteral("commands"), commands}};
}
