// Why a failed run failed, in the words of its own stderr: "exit code 1" says little, the exception that
// ended a Python script says what went wrong and where. Found in the last Python traceback of the log's
// tail (the one that ended the process; an earlier, handled one is part of its chain); without one, the
// log's last lines stand in. Reads a bounded tail, so a huge log costs no more than a small one.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

struct FailureCause {
    QString exception;  // "ValueError: learning rate must be positive, got -1"
    QString location;   // "train.py, line 12, in main": the frame that raised it
    QStringList lines;  // the traceback (at most its last kMaxLines lines), or the log's last lines

    static constexpr int kMaxLines = 12;
    static constexpr qint64 kTailBytes = 64 * 1024;

    bool isEmpty() const { return exception.isEmpty() && lines.isEmpty(); }
    // One line for a summary: the exception and where, or the log's last line.
    QString headline() const;
    QJsonObject toJson() const;

    static FailureCause fromText(const QString& text);
    // The tail of a stderr log; an empty cause for a missing or empty file. False with *error set when the
    // file exists but cannot be read.
    static bool fromFile(const QString& path, FailureCause* cause, QString* error);
};
