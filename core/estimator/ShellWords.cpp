#include "estimator/ShellWords.h"

namespace {

// What a shell would do with the character at `at` of an unquoted word, or nothing when it is literal there.
QString unquotedMeaning(const QString& command, qsizetype at, bool wordStarted)
{
    const QChar c = command[at];
    const QChar next = at + 1 < command.size() ? command[at + 1] : QChar();
    switch (c.unicode()) {
    case '$':
        return QStringLiteral("a variable or expansion");
    case '`':
        return QStringLiteral("a command substitution");
    case '|':
        return next == QLatin1Char('|') ? QStringLiteral("\"or\" between commands") : QStringLiteral("a pipe");
    case '&':
        return next == QLatin1Char('&') ? QStringLiteral("\"and\" between commands") : QStringLiteral("a background job");
    case ';':
        return QStringLiteral("a second command");
    case '<':
    case '>':
        return QStringLiteral("a redirection");
    case '(':
    case ')':
        return QStringLiteral("a subshell");
    case '*':
    case '?':
    case '[':
        return QStringLiteral("a file name pattern");
    case '{':
    case '}':
        return QStringLiteral("a brace expansion");
    case '#':
        return wordStarted ? QString() : QStringLiteral("a comment");
    case '~':
        return wordStarted ? QString() : QStringLiteral("the home folder");
    case '\n':
    case '\r':
        return QStringLiteral("a line break (a second command)");
    default:
        break;
    }
    return QString();
}

// The text found, for the message: the character with what follows it up to the end of the word (at most 24).
QString excerpt(const QString& command, qsizetype at)
{
    if (command[at] == QLatin1Char('\n') || command[at] == QLatin1Char('\r'))
        return QStringLiteral("a line break");
    qsizetype end = at + 1;
    while (end < command.size() && end - at < 24 && !command[end].isSpace())
        ++end;
    return QLatin1Char('"') + command.mid(at, end - at) + QLatin1Char('"');
}

QString refusal(const QString& command, qsizetype at, const QString& meaning)
{
    return QStringLiteral("%1 at column %2 is %3 to a shell; Trainyard runs the command without one, so write only "
                          "the program and its arguments (quote the character to pass it literally)")
        .arg(excerpt(command, at))
        .arg(at + 1)
        .arg(meaning);
}

} // namespace

bool ShellWord::hasPlaceholder() const
{
    for (const ShellWordPart& part : parts)
        if (part.placeholder)
            return true;
    return false;
}

QString ShellWord::literalText() const
{
    QString text;
    for (const ShellWordPart& part : parts)
        if (!part.placeholder)
            text += part.text;
    return text;
}

std::optional<QVector<ShellWord>> ShellWords::split(const QString& command, QString* error)
{
    enum class Quote { None, Single, Double };
    QVector<ShellWord> words;
    ShellWord word;
    bool started = false;
    Quote quote = Quote::None;
    qsizetype quoteStart = 0;

    const auto appendLiteral = [&](QChar c) {
        if (word.parts.isEmpty() || word.parts.constLast().placeholder)
            word.parts.append(ShellWordPart{false, QString()});
        word.parts.last().text += c;
        started = true;
    };
    const auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        return std::nullopt;
    };

    qsizetype i = 0;
    while (i < command.size()) {
        if (QStringView(command).mid(i, 3) == QLatin1String("${{")) {
            const qsizetype end = command.indexOf(QLatin1String("}}"), i + 3);
            if (end < 0)
                return fail(QStringLiteral("\"${{\" at column %1 has no closing \"}}\"").arg(i + 1));
            word.parts.append(ShellWordPart{true, command.mid(i + 3, end - i - 3).trimmed()});
            started = true;
            i = end + 2;
            continue;
        }
        const QChar c = command[i];
        if (quote == Quote::Single) {
            if (c == QLatin1Char('\''))
                quote = Quote::None;
            else
                appendLiteral(c);
            ++i;
            continue;
        }
        if (quote == Quote::Double) {
            if (c == QLatin1Char('"')) {
                quote = Quote::None;
                ++i;
                continue;
            }
            if (c == QLatin1Char('\\') && i + 1 < command.size()) {
                const QChar next = command[i + 1];
                if (next == QLatin1Char('\n')) {
                    i += 2; // a continued line
                    continue;
                }
                if (next == QLatin1Char('$') || next == QLatin1Char('`') || next == QLatin1Char('"')
                    || next == QLatin1Char('\\')) {
                    appendLiteral(next);
                    i += 2;
                    continue;
                }
                appendLiteral(c); // elsewhere in double quotes a backslash is itself
                ++i;
                continue;
            }
            if (c == QLatin1Char('$'))
                return fail(refusal(command, i, QStringLiteral("a variable or expansion (also inside double quotes)")));
            if (c == QLatin1Char('`'))
                return fail(refusal(command, i, QStringLiteral("a command substitution (also inside double quotes)")));
            appendLiteral(c);
            ++i;
            continue;
        }
        // Outside quotes.
        if (c == QLatin1Char(' ') || c == QLatin1Char('\t')) {
            if (started)
                words.append(word);
            word = ShellWord();
            started = false;
            ++i;
            continue;
        }
        if ((c == QLatin1Char('\n') || c == QLatin1Char('\r')) && QStringView(command).mid(i).trimmed().isEmpty())
            break; // the line break that ends a YAML block scalar (command: |) ends the command too
        if (c == QLatin1Char('\\')) {
            if (i + 1 >= command.size())
                return fail(QStringLiteral("the command ends in a backslash, which escapes nothing"));
            if (command[i + 1] == QLatin1Char('\n')) {
                i += 2; // a continued line
                continue;
            }
            appendLiteral(command[i + 1]);
            i += 2;
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c == QLatin1Char('\'') ? Quote::Single : Quote::Double;
            quoteStart = i;
            started = true; // '' is an (empty) word of its own
            ++i;
            continue;
        }
        const QString meaning = unquotedMeaning(command, i, started);
        if (!meaning.isEmpty())
            return fail(refusal(command, i, meaning));
        appendLiteral(c);
        ++i;
    }
    if (quote != Quote::None)
        return fail(QStringLiteral("the %1 quote at column %2 is never closed")
                        .arg(quote == Quote::Single ? QStringLiteral("single") : QStringLiteral("double"))
                        .arg(quoteStart + 1));
    if (started)
        words.append(word);
    return words;
}
