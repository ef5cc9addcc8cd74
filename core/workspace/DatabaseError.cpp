#include "workspace/DatabaseError.h"

namespace DatabaseError {

namespace {

// Primary SQLite result codes (sqlite3.h); Qt passes the step or prepare result code as nativeErrorCode.
enum SqliteCode {
    kBusy = 5,
    kLocked = 6,
    kReadOnly = 8,
    kIoError = 10,
    kCorrupt = 11,
    kFull = 13,
    kCantOpen = 14,
    kPermission = 3,
    kNotADatabase = 26,
};

} // namespace

Kind kindOf(const QSqlError& error)
{
    if (error.type() == QSqlError::NoError)
        return Kind::None;
    bool numeric = false;
    // Extended codes (SQLITE_IOERR_WRITE = 778, …) carry the primary code in their low byte.
    const int code = error.nativeErrorCode().toInt(&numeric) & 0xff;
    const QString text = error.databaseText();
    if (numeric) {
        switch (code) {
        case kFull: return Kind::DiskFull;
        case kCorrupt:
        case kNotADatabase: return Kind::Corrupt;
        case kBusy:
        case kLocked: return Kind::Locked;
        case kReadOnly:
        case kPermission:
        case kCantOpen: return Kind::ReadOnly;
        case kIoError: return Kind::Io;
        default: break;
        }
    }
    // Some failures reach Qt without a result code (a statement that failed while being prepared on a
    // damaged schema): recognise SQLite's own words.
    if (text.contains(QLatin1String("disk is full")))
        return Kind::DiskFull;
    if (text.contains(QLatin1String("malformed")) || text.contains(QLatin1String("not a database")))
        return Kind::Corrupt;
    if (text.contains(QLatin1String("database is locked")))
        return Kind::Locked;
    return Kind::Other;
}

QString describe(const QSqlError& error, const QString& databasePath)
{
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    const QString database = databasePath.isEmpty() ? QStringLiteral("the workspace database")
                                                    : QStringLiteral("database %1").arg(databasePath);
    switch (kindOf(error)) {
    case Kind::None: return QString();
    case Kind::DiskFull: return QStringLiteral("the disk is full (%1)").arg(detail);
    case Kind::Corrupt: return QStringLiteral("%1 is corrupt: %2").arg(database, detail);
    case Kind::Locked:
        return QStringLiteral("%1 is locked by another program (%2)").arg(database, detail);
    case Kind::ReadOnly: return QStringLiteral("%1 cannot be written (%2)").arg(database, detail);
    case Kind::Io: return QStringLiteral("%1 could not be read or written (%2)").arg(database, detail);
    case Kind::Other: break;
    }
    return detail;
}

QString report(QString* out, const QString& action, const QSqlError& error, const QString& databasePath)
{
    const QString message = QStringLiteral("%1: %2").arg(action, describe(error, databasePath));
    if (out)
        *out = message;
    return message;
}

bool isStorageFault(const QString& message)
{
    static const char* const kPhrases[] = {"the disk is full (", " is corrupt: ", " is locked by another program (",
                                           " cannot be written (", " could not be read or written ("};
    for (const char* phrase : kPhrases)
        if (message.contains(QLatin1String(phrase)))
            return true;
    return false;
}

} // namespace DatabaseError
