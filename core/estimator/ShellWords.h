// ShellWords: splits a one-line command (an Azure ML job's `command`) into words by the POSIX shell's quoting
// rules, without running a shell: single quotes, double quotes and backslashes are honoured, and everything a
// shell would expand or interpret ($VAR, `…`, pipes, ;, &&, redirections, globs, comments, a leading ~) is
// refused, naming what was found, so the words are exactly what a shell would have passed and nothing runs.
// `${{…}}` placeholders (Azure ML's inputs and outputs) are kept as placeholders in any quoting, because Azure
// substitutes them before its shell sees the command.
#pragma once

#include <QString>
#include <QVector>
#include <optional>

struct ShellWordPart {
    bool placeholder = false; // `${{EXPRESSION}}`: text holds EXPRESSION, trimmed ("inputs.data")
    QString text;             // the literal text otherwise
};

struct ShellWord {
    QVector<ShellWordPart> parts; // literal runs and placeholders in order; empty for '' or ""

    // The literal text when the word has no placeholder.
    bool hasPlaceholder() const;
    QString literalText() const;
};

class ShellWords
{
public:
    // The words of command, or nullopt + *error ("| (a pipe) at column 17: …") for anything a shell would
    // treat specially. A newline outside quotes separates commands and is refused like ';' (unless only blanks
    // follow it, as at the end of a YAML block scalar); a backslash before it continues the line, as in a shell.
    static std::optional<QVector<ShellWord>> split(const QString& command, QString* error);
};
