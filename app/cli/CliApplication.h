// trainyard-cli: every workspace operation from a terminal. Reads the global options (--workspace, --json,
// which may stand anywhere), picks the command named by the first other word and returns its exit code:
// 0 success, 1 the operation failed (or a waited run did not complete), 2 invalid input. `--help` and
// `--version` before any command print the usage or the version; `--json help` describes every command as JSON.
#pragma once

#include "CommandRegistry.h"
#include "OutputFormatter.h"

#include <QStringList>

class CliApplication
{
public:
    explicit CliApplication(const QStringList& arguments);
    int exec();

private:
    int usage(int code);
    int help(const QStringList& words);

    QStringList m_arguments;
    OutputFormatter m_output;
    CommandRegistry m_registry;
};
