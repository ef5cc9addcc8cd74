// One verb of trainyard-cli. A command declares its name, what it does, its positionals and options once; the
// base parses the arguments against them (invalid input exits 2 with the usage line), generates the command's
// help and usage from them, and opens the workspace and the run a command names, so no command repeats
// those steps. Every failure a command meets goes through fail(): "trainyard-cli: MESSAGE" on stderr, exit 1.
#pragma once

#include "OutputFormatter.h"

#include "run/RunRecord.h"
#include "targets/TargetConfig.h"
#include "workspace/Workspace.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>
#include <optional>
#include <vector>

struct CommandOption
{
    QString name;        // without the dashes
    QString valueName;   // empty: a flag
    QString description;
    bool required = false;
    bool repeatable = false;
    QString defaultValue;
};

struct CommandPositional
{
    QString name; // as shown in the usage line: RUN, NAME[:VERSION]
    QString description;
};

// What every command shares from the global options.
struct CommandContext
{
    QString workspaceDir; // --workspace, empty for the default
    OutputFormatter* output = nullptr;
};

class Command
{
public:
    enum ExitCode { Ok = 0, Failure = 1, InvalidInput = 2 };

    virtual ~Command();
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;

    QString name() const { return m_name; } // "submit", or "datasets add" for a subcommand
    QString section() const { return m_section; }
    QString description() const { return m_description; }
    // "submit ESTIMATOR.yml [--experiment N] ... [--wait]", from the declarations.
    virtual QString synopsis() const;
    // The full help of `trainyard-cli help NAME`.
    virtual QString help() const;
    // The declarations the help is made of, for `trainyard-cli --json help` (the man page and the bash
    // completion are generated from it).
    const QVector<CommandPositional>& declaredPositionals() const { return m_positionals; }
    const QVector<CommandOption>& declaredOptions() const { return m_options; }

    // Parses `arguments` (everything after the command's name) and runs the command.
    virtual int execute(const QStringList& arguments, CommandContext& context);

protected:
    Command(const QString& name, const QString& section, const QString& description);

    enum OptionUse { Optional, Required, Repeatable };
    void addPositional(const QString& name, const QString& description);
    // The last positional, taking one or more values (`archive RUN...`): read them with positionals().
    void addRepeatedPositional(const QString& name, const QString& description);
    void addFlag(const QString& name, const QString& description);
    void addOption(const QString& name, const QString& valueName, const QString& description,
                   OptionUse use = Optional, const QString& defaultValue = QString());

    // The command itself, once its arguments parsed; returns the exit code.
    virtual int run() = 0;

    QString positional(int index) const;
    // The values from the index-th positional on (the repeated last one's).
    QStringList positionals(int from) const { return m_parser.positionalArguments().mid(from); }
    bool isSet(const QString& option) const { return m_parser.isSet(option); }
    QString value(const QString& option) const { return m_parser.value(option); }
    QStringList values(const QString& option) const { return m_parser.values(option); }

    OutputFormatter& output() { return *m_context->output; }
    bool json() const { return m_context->output->json(); }

    // Opens the workspace (and lets it settle lost runs and start queued ones); false after saying why.
    bool openWorkspace();
    Workspace& workspace() { return *m_workspace; }
    // Opens the workspace and finds the run the first positional names; nullopt after saying why.
    std::optional<RunRecord> openRun();
    // For the commands that change runs: opens the workspace and finds every run `ids` names, each once, in
    // the order given, before anything changes (RunCommandSupport::findRuns); nullopt after saying why, with
    // openFailure() 2 for unknown runs ("unknown run X; nothing was changed") and 1 for a failed read.
    std::optional<QVector<RunRecord>> openRuns(const QStringList& ids);
    // Opens the workspace and finds the compute target the first positional names; nullopt after saying why
    // (an unknown target is invalid input, exit 2; a failed read is 1).
    std::optional<TargetConfig> openTarget();
    // The exit code for a failed openWorkspace(), openRun(), openRuns() or openTarget(): 2 when the user named an
    // unusable place, an unknown target or (openRuns) an unknown run, 1 when the workspace or its database failed
    // (damaged, unreadable, disk full) or (openRun) the run is unknown.
    int openFailure() const { return m_openFailure; }

    // The one way a command reports a failure: "trainyard-cli: MESSAGE", exit code 1 (or `code`).
    int fail(const QString& message, int code = Failure);
    // Invalid input: the message and the usage line, exit code 2.
    int invalidUsage(const QString& message);

private:
    QString m_name;
    QString m_section;
    QString m_description;
    QVector<CommandPositional> m_positionals;
    bool m_lastPositionalRepeats = false;
    QVector<CommandOption> m_options;
    QCommandLineParser m_parser;
    CommandContext* m_context = nullptr;
    std::optional<Workspace> m_workspace;
    int m_openFailure = Failure;
};
