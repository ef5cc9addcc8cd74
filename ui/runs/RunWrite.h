// A change of runs made on a worker thread (whose own database connection the workspace opens), never on the
// GUI thread, where a write could wait for another program's lock: the run page's and the runs table's edits.
#pragma once

#include <QObject>
#include <QString>

#include <functional>

class RunWrite
{
public:
    // Runs `write` on a worker; it returns what went wrong, empty when it succeeded. `done` gets that on
    // `context`'s thread, and is dropped when `context` is gone by then.
    static void start(QObject* context, const std::function<QString()>& write,
                      const std::function<void(const QString& error)>& done);
};
