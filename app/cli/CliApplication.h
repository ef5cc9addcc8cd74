// trainyard-cli: every workspace operation from a terminal. Parses one command line, runs the command on the
// core and returns the process exit code: 0 success, 1 the operation failed (or a waited run did not
// complete), 2 invalid input.
#pragma once

#include "run/RunRecord.h"
#include "workspace/Workspace.h"

#include <QCommandLineParser>
#include <QHash>
#include <QStringList>

#include <cstdio>
#include <optional>

class CliApplication
{
public:
    explicit CliApplication(const QStringList& arguments);
    int exec();

private:
    int submit(const QStringList& args);
    int runs(const QStringList& args);
    int show(const QStringList& args);
    int logs(const QStringList& args);
    int metrics(const QStringList& args);
    int files(const QStringList& args);
    int download(const QStringList& args);
    int cancel(const QStringList& args);
    int registerModel(const QStringList& args);
    int models(const QStringList& args);
    int modelDownload(const QStringList& args);
    int modelDelete(const QStringList& args);
    int datasets(const QStringList& args);
    int targets(const QStringList& args);
    int usage(int code);

    // Parses command options; on error prints it and sets the exit code 2.
    bool parse(QCommandLineParser& parser, const QStringList& args, int positionals, const QString& synopsis);
    // Checks that every one of `options` was given; otherwise prints `what` and the usage line.
    bool requireOptions(const QCommandLineParser& parser, const QStringList& options, const QString& what, const QString& synopsis);
    bool openWorkspace();
    // Opens the workspace and finds the run named by the first argument; says why on stderr when it cannot.
    std::optional<RunRecord> openRun(const QCommandLineParser& parser);
    // Streams run files to the given streams until the run ends; 0 when it Completed.
    int followRun(const QString& runId, const QHash<QString, FILE*>& destinations, bool reportEnd);

    QStringList m_arguments;
    QString m_workspaceDir;
    bool m_json = false;
    std::optional<Workspace> m_workspace;
};
