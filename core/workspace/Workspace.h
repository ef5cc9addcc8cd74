// A workspace is a folder holding the SQLite database (WAL mode) and the runs' files. Several processes
// (the app, CLIs, detached runners) open the same workspace at once; each thread gets its own connection.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <optional>

class Workspace
{
public:
    // Why open() refused: the first is the user's input (a CLI exits 2), the others are failures (exit 1).
    enum class OpenFailure {
        None,
        InvalidLocation, // the path names something that is not a folder
        DamagedDatabase, // the database is corrupt, not a database, empty or missing beside existing runs
        NewerSchema,     // written by a newer Trainyard
        StorageFailure,  // cannot create, make private, lock, read or write (disk full, permissions, locked)
    };

    // Opens (creating when missing) and migrates the workspace at dir. The workspace is made private
    // whoever created the folder: the root and its folders 0700, the database and runtime files 0600. A
    // database that is damaged, empty or missing while run or model folders exist is never re-initialised
    // over them: open refuses, naming the file and what is wrong. *failure, when given, says which kind of
    // refusal it was.
    static std::optional<Workspace> open(const QString& dir, QString* error, OpenFailure* failure = nullptr);
    static bool isInvalidInput(OpenFailure failure) { return failure == OpenFailure::InvalidLocation; }
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
    bool checkDatabaseFile(QString* error, OpenFailure* failure) const;
    bool migrate(QString* error, OpenFailure* failure) const;
    bool installRuntimeFiles(QString* error) const;

    QString m_root;
};
