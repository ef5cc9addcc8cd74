#include "CliApplication.h"

#include "TrainyardVersion.h"

CliApplication::CliApplication(const QStringList& arguments) : m_arguments(arguments) {}

int CliApplication::usage(int code)
{
    QTextStream& stream = code == Command::Ok ? m_output.out() : m_output.err();
    stream << m_registry.usage();
    stream.flush();
    return code;
}

int CliApplication::help(const QStringList& words)
{
    if (words.isEmpty() && m_output.json()) {
        m_output.printJson(m_registry.describe());
        m_output.flush();
        return Command::Ok;
    }
    if (words.isEmpty())
        return usage(Command::Ok);
    const Command* command = m_registry.find(words);
    if (!command) {
        m_output.error(QStringLiteral("help: unknown command \"%1\"").arg(words.join(QLatin1Char(' '))));
        return usage(Command::InvalidInput);
    }
    m_output.out() << command->help();
    m_output.flush();
    return Command::Ok;
}

int CliApplication::exec()
{
    CommandContext context;
    context.output = &m_output;
    QStringList rest;
    QString name;
    for (int i = 1; i < m_arguments.size(); ++i) {
        const QString& a = m_arguments.at(i);
        if (a == QLatin1String("--workspace") && i + 1 < m_arguments.size()) {
            context.workspaceDir = m_arguments.at(++i);
        } else if (a.startsWith(QLatin1String("--workspace="))) {
            context.workspaceDir = a.mid(12);
        } else if (a == QLatin1String("--json")) {
            m_output.setJson(true);
        } else if (name.isEmpty() && (a == QLatin1String("-h") || a == QLatin1String("--help"))) {
            return usage(Command::Ok);
        } else if (name.isEmpty() && a == QLatin1String("--version")) {
            m_output.out() << "trainyard-cli " << TRAINYARD_VERSION << "\n";
            m_output.flush();
            return Command::Ok;
        } else if (name.isEmpty() && !a.startsWith(QLatin1Char('-'))) {
            name = a;
        } else {
            rest << a;
        }
    }
    if (name.isEmpty())
        return usage(Command::InvalidInput);
    if (name == QLatin1String("help"))
        return help(rest);
    Command* command = m_registry.find(name);
    if (!command) {
        m_output.error(QStringLiteral("unknown command \"%1\"").arg(name));
        return usage(Command::InvalidInput);
    }
    const int code = command->execute(rest, context);
    m_output.flush();
    return code;
}
