#include "logs/FailureCause.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

namespace {
const QString kTracebackStart = QStringLiteral("Traceback (most recent call last):");

bool isIndented(const QString& line)
{
    return line.startsWith(QLatin1Char(' ')) || line.startsWith(QLatin1Char('\t'));
}
} // namespace

QString FailureCause::headline() const
{
    if (!exception.isEmpty())
        return location.isEmpty() ? exception : QStringLiteral("%1  (%2)").arg(exception, location);
    return lines.isEmpty() ? QString() : lines.constLast();
}

QJsonObject FailureCause::toJson() const
{
    return QJsonObject{{QStringLiteral("exception"), exception},
                       {QStringLiteral("location"), location},
                       {QStringLiteral("lines"), QJsonArray::fromStringList(lines)}};
}

FailureCause FailureCause::fromText(const QString& text)
{
    QStringList all = text.split(QLatin1Char('\n'));
    for (QString& line : all)
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
    while (!all.isEmpty() && all.constLast().trimmed().isEmpty())
        all.removeLast();

    FailureCause cause;
    qsizetype start = -1;
    for (qsizetype i = all.size() - 1; i >= 0; --i)
        if (all.at(i).trimmed() == kTracebackStart) {
            start = i;
            break;
        }
    if (start < 0) {
        for (qsizetype i = qMax<qsizetype>(0, all.size() - 5); i < all.size(); ++i)
            if (!all.at(i).trimmed().isEmpty())
                cause.lines << all.at(i);
        return cause;
    }

    // Frames are indented ("  File ..., line N, in f" and its source line); the first unindented line
    // after them is the exception, which may go on over a few lines (a message with newlines) up to the
    // end of the traceback or the next unindented output.
    static const QRegularExpression frame(QStringLiteral("^\\s+File \"(.*)\", line (\\d+)(?:, in (.+))?$"));
    qsizetype i = start + 1;
    for (; i < all.size() && isIndented(all.at(i)); ++i) {
        const QRegularExpressionMatch m = frame.match(all.at(i));
        if (m.hasMatch()) {
            const QString file = m.captured(1).section(QLatin1Char('/'), -1);
            cause.location = m.captured(3).isEmpty()
                                 ? QStringLiteral("%1, line %2").arg(file, m.captured(2))
                                 : QStringLiteral("%1, line %2, in %3").arg(file, m.captured(2), m.captured(3));
        }
    }
    QStringList exception;
    for (; i < all.size() && exception.size() < 5; ++i) {
        if (all.at(i).trimmed().isEmpty())
            break;
        exception << all.at(i).trimmed();
    }
    cause.exception = exception.join(QLatin1Char(' '));
    const qsizetype end = qMin(all.size(), i);
    for (qsizetype j = qMax(start, end - kMaxLines); j < end; ++j)
        cause.lines << all.at(j);
    return cause;
}

bool FailureCause::fromFile(const QString& path, FailureCause* cause, QString* error)
{
    *cause = FailureCause();
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    const qint64 size = file.size();
    if (size > kTailBytes && !file.seek(size - kTailBytes)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray tail = file.read(kTailBytes);
    if (size > kTailBytes) {
        // The first line of a cut tail is partial.
        const qsizetype newline = tail.indexOf('\n');
        tail = newline < 0 ? QByteArray() : tail.mid(newline + 1);
    }
    *cause = fromText(QString::fromUtf8(tail));
    return true;
}
