// A workspace is a folder holding the SQLite database (WAL mode) and the runs' files. Several processes
// (the app, CLIs, detached runners) open the same workspace at once; each thread gets its own connection.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <optional>

class Workspace
{
public:
    // Opens (creating with 0700 permissions when missing) and migrates the workspace at dir.
    static std::optional<Workspace> open(const QString& dir, QString* error);
    // The workspace named by --workspace, else TRAINYARD_WORKSPACE, else the per-user default location.
    static QString resolveLocation(const QString& commandLineValue);

    QString root() const { return m_root; }
    QString databasePath() const;
    QString runsDir() const;
    QString runDir(const QString& runId) const;
    QString storeDir() const;    // content-addressed snapshot store
    QString modelsDir() const;   // registered model files, copied out of runs
    QString runtimeDir() const;  // files the runs need on their side (the Python helper)

    // The connection for the calling thread, opened on first use. Busy timeout and WAL are set.
    QSqlDatabase database() const;

    static int schemaVersion();

private:
    explicit Workspace(const QString& root) : m_root(root) {}
    bool migrate(QString* error) const;
    bool installRuntimeFiles(QString* error) const;

    QString m_root;
};
