#include "EnvironmentsShowCommand.h"

#include "EnvironmentsCommandSupport.h"
#include "EnvironmentsListCommand.h"

#include <QJsonDocument>

EnvironmentsShowCommand::EnvironmentsShowCommand()
    : Command(QStringLiteral("environments show"), QStringLiteral("Environments"),
              QStringLiteral("Shows one environment: its whole definition, where it is on its target, and every run "
                             "that used it."))
{
    addPositional(QStringLiteral("HASH"), QStringLiteral("the environment's hash, or its first characters (at least 4)"));
    addOption(QStringLiteral("target"), QStringLiteral("T"), QStringLiteral("the target it was built on"));
}

int EnvironmentsShowCommand::run()
{
    using F = OutputFormatter;
    if (!openWorkspace())
        return openFailure();
    QString error;
    int code = Ok;
    const auto environment =
        EnvironmentsCommandSupport::find(workspace(), value(QStringLiteral("target")), positional(0), &error, &code);
    if (!environment)
        return fail(error, code);
    if (json()) {
        output().printJson(EnvironmentsListCommand::toJson(*environment, true));
        return Ok;
    }
    const EnvironmentRecord& e = *environment;
    QTextStream& out = output().out();
    out << "Environment " << e.hash << "\n"
        << "Target      " << e.target << "\n"
        << "Manager     " << e.manager << "\n"
        << "Python      " << e.python << (e.pythonVersion.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e.pythonVersion)) << "\n";
    if (!e.image.isEmpty())
        out << "Image       " << e.image << "  " << e.imageId << "\n";
    out << "Prefix      " << e.prefix << "\n"
        << "Size        " << F::humanSize(e.sizeBytes) << "\n"
        << "Created     " << F::isoTime(e.createdMs) << "\n"
        << "Last used   " << F::isoTime(e.lastUsedMs) << "\n"
        << "Packages\n";
    for (const QString& package : e.packages())
        out << "  " << package << "\n";
    out << "Definition\n" << QString::fromUtf8(QJsonDocument(e.definition).toJson(QJsonDocument::Indented));
    out << "Runs (" << e.runIds.size() << ")\n";
    for (const QString& run : e.runIds)
        out << "  " << run << "\n";
    out.flush();
    return Ok;
}
