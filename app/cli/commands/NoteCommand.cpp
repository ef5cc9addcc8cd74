#include "NoteCommand.h"

#include "run/RunStore.h"

#include <QFile>

#include <cstdio>

NoteCommand::NoteCommand()
    : Command(QStringLiteral("note"), QStringLiteral("Runs"),
              QStringLiteral(
                  "Sets the free-text note of a run (shown by `show` and in the run page). TEXT \"-\" reads "
                  "the note from stdin; an empty TEXT (\"\") clears it."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addPositional(QStringLiteral("TEXT"), QStringLiteral("the note, \"-\" for stdin, \"\" to clear it"));
}

int NoteCommand::run()
{
    QString note = positional(1);
    if (note == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read the note from stdin: %1").arg(in.errorString()));
        // Bounded: a note longer than the limit is refused, whatever is piped in.
        const qint64 limit = qint64(RunStore::kMaxNoteLength) * 4 + 1;
        const QByteArray data = in.read(limit);
        if (data.size() == limit)
            return invalidUsage(
                QStringLiteral("a run's note has at most %1 characters").arg(RunStore::kMaxNoteLength));
        note = QString::fromUtf8(data);
    }
    // The line end an editor or echo adds is not part of the note.
    while (!note.isEmpty() && note.back().isSpace())
        note.chop(1);
    if (note.size() > RunStore::kMaxNoteLength)
        return invalidUsage(QStringLiteral("a run's note has at most %1 characters (this one has %2)")
                                .arg(RunStore::kMaxNoteLength)
                                .arg(note.size()));
    const auto runs = openRuns({positional(0)});
    if (!runs)
        return openFailure();
    const QString id = runs->constFirst().id;
    QString error;
    if (!RunStore(workspace()).setNote(id, note, &error))
        return fail(error);
    if (json()) {
        output().printJson(QJsonObject{
            {QStringLiteral("run"), id},
            {QStringLiteral("note"), note.trimmed().isEmpty() ? QJsonValue() : QJsonValue(note)}});
        return Ok;
    }
    output().err() << (note.trimmed().isEmpty() ? "Cleared the note of run " : "Recorded the note of run ")
                   << id << "\n";
    return Ok;
}
