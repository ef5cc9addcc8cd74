// The environment tool's output as it arrives, whatever carries it (a local process, an ssh stream): whole
// lines go on to the caller, the tool's reply line ("@@trainyard-env {...}") is kept aside for the end.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

class EnvironmentToolOutput
{
public:
    explicit EnvironmentToolOutput(std::function<void(const QByteArray& line)> onLine);

    // Bytes as they were read; every complete line is passed on at once. A line longer than 64 KiB without a
    // break (a progress bar) is passed on in pieces, so memory stays bounded.
    void append(const QByteArray& bytes);
    // The tool has ended: what is left without a final line break is a line too.
    void finish();

    bool hasReply() const { return !m_reply.isEmpty(); }
    // The last line the tool printed besides its reply: what an error says when there is no reply.
    QByteArray lastLine() const { return m_lastLine; }
    // The reply as a JSON object; nullopt with the parser's message when it is not one.
    std::optional<QJsonObject> reply(QString* parseError) const;

private:
    void takeLine(QByteArray line);

    std::function<void(const QByteArray&)> m_onLine;
    QByteArray m_pending;
    QByteArray m_lastLine;
    QByteArray m_reply;
};
