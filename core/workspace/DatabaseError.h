// What a failed SQLite call means, in words a user can act on. Qt reports the bare SQLite message ("database
// or disk is full"); callers prefix what they were doing and, for the errors that need a decision from the
// user (a full disk, a damaged file, another program holding the lock), say which it is.
#pragma once

#include <QSqlError>
#include <QString>

namespace DatabaseError {

enum class Kind {
    None,
    DiskFull,   // SQLITE_FULL: no room for the write (the database or its WAL)
    Corrupt,    // SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged or not a database
    Locked,     // SQLITE_BUSY, SQLITE_LOCKED: another connection held the lock past the busy timeout
    ReadOnly,   // SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN: the file cannot be written or opened
    Io,         // SQLITE_IOERR: the operating system refused a read or write
    Other,      // anything else (a bad statement, a constraint)
};

Kind kindOf(const QSqlError& error);
// "the disk is full (database or disk is full)", "database /w/workspace.db is corrupt: database disk image is
// malformed", … `databasePath` names the file in the corrupt and read-only cases; it may be empty.
QString describe(const QSqlError& error, const QString& databasePath = QString());
// "cannot read the runs: database /w/workspace.db is corrupt: …"; sets *out when out is not null and
// returns the message either way.
QString report(QString* out, const QString& action, const QSqlError& error, const QString& databasePath = QString());

// True when a message holds one of describe()'s storage faults (full, corrupt, locked, unwritable, I/O): for
// callers that only have the text, such as a list of submit errors, to exit 1 (a failure) rather than 2.
bool isStorageFault(const QString& message);

} // namespace DatabaseError
