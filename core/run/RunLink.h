// The link that names a run to the desktop app: trainyard://run/<RUN_ID>. The desktop file registers the
// app as the handler of the scheme, so a link pasted in a chat or printed by `trainyard-cli show` opens the
// run; the CLI, the GUI's "Copy link" and the app's own argument parsing all go through here so they agree.
#pragma once

#include <QString>
#include <optional>

class RunLink
{
public:
    static QString scheme() { return QStringLiteral("trainyard"); }
    static QString forRun(const QString& runId);
    // The run id a link names; nullopt when the text is no trainyard://run/ID link (another scheme or host,
    // no id, more path after it, a query or fragment).
    static std::optional<QString> runId(const QString& link);
    // Whether the text uses the trainyard: scheme at all, to tell a malformed run link from a folder path.
    static bool isTrainyardUrl(const QString& text);
};
