#include "Command.h"

#include "commands/RunCommandSupport.h"

#include "run/RunScheduler.h"
#include "run/RunStore.h"
#include "targets/TargetRegistry.h"

#include <exception>

Command::Command(const QString& name, const QString& section, const QString& description)
    : m_name(name), m_section(section), m_description(description)
{
}

Command::~Command() = default;

void Command::addPositional(const QString& name, const QString& description)
{
    m_positionals.append({name, description});
}

void Command::addRepeatedPositional(const QString& name, const QString& description)
{
    m_positionals.append({name + QStringLiteral("..."), description});
    m_lastPositionalRepeats = true;
}

void Command::addFlag(const QString& name, const QString& description)
{
    m_options.append(CommandOption{name, QString(), description, false, false, QString()});
}

void Command::addOption(const QString& name, const QString& valueName, const QString& description, OptionUse use,
                        const QString& defaultValue)
{
    m_options.append(CommandOption{name, valueName, description, use == Required, use == Repeatable, defaultValue});
}

QString Command::synopsis() const
{
    QStringList words{m_name};
    for (const CommandPositional& p : m_positionals)
        words << p.name;
    for (const CommandOption& o : m_options) {
        QString word = QStringLiteral("--") + o.name;
        if (!o.valueName.isEmpty())
            word += QLatin1Char(' ') + o.valueName;
        if (!o.required)
            word = QLatin1Char('[') + word + QLatin1Char(']');
        if (o.repeatable)
            word += QStringLiteral("...");
        words << word;
    }
    return words.join(QLatin1Char(' '));
}

QString Command::help() const
{
    QString text = QStringLiteral("usage: trainyard-cli ") + synopsis() + QStringLiteral("\n\n") + m_description
                   + QStringLiteral("\n");
    const auto table = [&text](const QString& title, const QVector<QPair<QString, QString>>& rows) {
        if (rows.isEmpty())
            return;
        text += QLatin1Char('\n') + title + QStringLiteral(":\n");
        for (const auto& row : rows)
            text += QStringLiteral("  ") + row.first.leftJustified(26) + QLatin1Char(' ') + row.second
                    + QLatin1Char('\n');
    };
    QVector<QPair<QString, QString>> arguments;
    for (const CommandPositional& p : m_positionals)
        arguments.append({p.name, p.description});
    table(QStringLiteral("Arguments"), arguments);
    QVector<QPair<QString, QString>> options;
    for (const CommandOption& o : m_options) {
        QString description = o.description;
        if (!o.defaultValue.isEmpty())
            description += QStringLiteral(" (default %1)").arg(o.defaultValue);
        if (o.repeatable)
            description += QStringLiteral(" (repeatable)");
        options.append({QStringLiteral("--") + o.name + (o.valueName.isEmpty() ? QString() : QLatin1Char(' ') + o.valueName),
                        description});
    }
    table(QStringLiteral("Options"), options);
    return text;
}

int Command::execute(const QStringList& arguments, CommandContext& context)
{
    m_context = &context;
    if (arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"))) {
        output().out() << help();
        output().flush();
        return Ok;
    }
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const CommandOption& o : m_options) {
        QCommandLineOption option(o.name, o.description, o.valueName, o.defaultValue);
        m_parser.addOption(option);
    }
    if (!m_parser.parse(QStringList{QStringLiteral("trainyard-cli")} + arguments))
        return invalidUsage(m_parser.errorText());
    if (m_lastPositionalRepeats && m_parser.positionalArguments().size() < m_positionals.size())
        return invalidUsage(QStringLiteral("expected at least %1 argument(s)").arg(m_positionals.size()));
    if (!m_lastPositionalRepeats && m_parser.positionalArguments().size() != m_positionals.size())
        return invalidUsage(QStringLiteral("expected %1 argument(s)").arg(m_positionals.size()));
    // Named all at once, as the usage line shows them.
    QStringList required;
    QString requiredValueName;
    bool missing = false;
    for (const CommandOption& o : m_options) {
        if (o.required) {
            required << (QStringLiteral("--") + o.name);
            requiredValueName = o.valueName;
            missing = missing || !m_parser.isSet(o.name);
        }
    }
    if (missing && required.size() == 1)
        return invalidUsage(QStringLiteral("%1 %2 is required").arg(required.constFirst(), requiredValueName));
    if (missing)
        return invalidUsage(required.join(QStringLiteral(" and ")) + QStringLiteral(" are required"));
    int code = Failure;
    try {
        code = run();
    } catch (const std::exception& e) {
        // A core error that was thrown rather than returned ends the command the same way as any other.
        code = fail(QString::fromUtf8(e.what()));
    }
    output().flush();
    return code;
}

QString Command::positional(int index) const { return m_parser.positionalArguments().value(index); }

bool Command::openWorkspace()
{
    if (m_workspace)
        return true;
    QString error;
    Workspace::OpenFailure failure = Workspace::OpenFailure::None;
    m_workspace = Workspace::open(Workspace::resolveLocation(m_context->workspaceDir), &error, &failure);
    if (!m_workspace) {
        m_openFailure = Workspace::isInvalidInput(failure) ? InvalidInput : Failure;
        fail(error);
        return false;
    }
    // Every program that opens a workspace settles runs whose runner died and starts what is queued.
    RunScheduler(*m_workspace).recover();
    return true;
}

std::optional<RunRecord> Command::openRun()
{
    if (!openWorkspace())
        return std::nullopt;
    const QString id = positional(0);
    QString error;
    auto run = RunStore(*m_workspace).find(id, &error);
    // A run id nobody has is the caller's mistake (invalid input); a read that failed is a failure.
    m_openFailure = error.isEmpty() ? InvalidInput : Failure;
    if (!run)
        fail(error.isEmpty() ? QStringLiteral("unknown run %1").arg(id) : error, m_openFailure);
    return run;
}

std::optional<QVector<RunRecord>> Command::openRuns(const QStringList& ids)
{
    if (!openWorkspace())
        return std::nullopt;
    QString error;
    int code = Failure;
    auto runs = RunCommandSupport::findRuns(*m_workspace, ids, &error, &code);
    if (!runs) {
        m_openFailure = code;
        fail(error, code);
    }
    return runs;
}

std::optional<TargetConfig> Command::openTarget()
{
    if (!openWorkspace())
        return std::nullopt;
    const QString name = positional(0);
    QString error;
    auto target = TargetRegistry(*m_workspace).find(name, &error);
    if (!target) {
        m_openFailure = error.isEmpty() ? InvalidInput : Failure;
        fail(error.isEmpty() ? QStringLiteral("unknown target %1").arg(name) : error);
    }
    return target;
}

int Command::fail(const QString& message, int code)
{
    output().error(message);
    return code;
}

int Command::invalidUsage(const QString& message)
{
    output().error(message);
    output().err() << "usage: trainyard-cli " << synopsis() << "\n";
    output().flush();
    return InvalidInput;
}
