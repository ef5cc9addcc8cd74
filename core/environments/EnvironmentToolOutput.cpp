#include "environments/EnvironmentToolOutput.h"

#include <QJsonDocument>

namespace {
const QByteArray kReplyMark = QByteArrayLiteral("@@trainyard-env ");
constexpr qsizetype kMaxLine = 64 * 1024;
} // namespace

EnvironmentToolOutput::EnvironmentToolOutput(std::function<void(const QByteArray&)> onLine) : m_onLine(std::move(onLine)) {}

void EnvironmentToolOutput::append(const QByteArray& bytes)
{
    m_pending += bytes;
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = m_pending.indexOf('\n', start);
        if (newline < 0)
            break;
        takeLine(m_pending.mid(start, newline - start));
        start = newline + 1;
    }
    m_pending.remove(0, start);
    if (m_pending.size() > kMaxLine) {
        takeLine(m_pending);
        m_pending.clear();
    }
}

void EnvironmentToolOutput::finish()
{
    if (!m_pending.isEmpty())
        takeLine(m_pending);
    m_pending.clear();
}

std::optional<QJsonObject> EnvironmentToolOutput::reply(QString* parseError) const
{
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(m_reply, &parse);
    if (!document.isObject()) {
        *parseError = parse.error == QJsonParseError::NoError ? QStringLiteral("not an object") : parse.errorString();
        return std::nullopt;
    }
    return document.object();
}

void EnvironmentToolOutput::takeLine(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.startsWith(kReplyMark)) {
        m_reply = line.mid(kReplyMark.size());
        return;
    }
    m_lastLine = line;
    if (m_onLine)
        m_onLine(line);
}
