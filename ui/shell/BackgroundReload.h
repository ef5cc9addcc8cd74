// Reads something off the GUI thread and hands the answer to its owner on the GUI thread: how pages reload
// their lists when the workspace watcher says something changed. One read at a time; a request made while one
// is in flight (whose answer may predate the change that asked) runs one more read when it lands, so the last
// answer shown is never older than the last request. The read must capture copies only (a Workspace value,
// never the page): it runs on a pool thread and may outlive the page, whose apply is then never called.
#pragma once

#include <QFutureWatcher>
#include <QtConcurrent>

#include <functional>
#include <utility>

template <typename Result>
class BackgroundReload
{
public:
    BackgroundReload(std::function<Result()> read, std::function<void(const Result&)> apply)
        : m_read(std::move(read)), m_apply(std::move(apply))
    {
        // The watcher is its own context: it dies with this object, and with it any answer not delivered yet.
        QObject::connect(&m_watcher, &QFutureWatcher<Result>::finished, &m_watcher, [this] { onFinished(); });
    }
    BackgroundReload(const BackgroundReload&) = delete;
    BackgroundReload& operator=(const BackgroundReload&) = delete;

    void request()
    {
        if (m_loading) {
            m_again = true;
            return;
        }
        m_loading = true;
        m_watcher.setFuture(QtConcurrent::run(m_read));
    }

    bool isLoading() const { return m_loading; }
    // For owners whose read must not outlive them.
    void waitForFinished() { m_watcher.waitForFinished(); }

private:
    void onFinished()
    {
        m_loading = false;
        m_apply(m_watcher.result());
        if (m_again) {
            m_again = false;
            request();
        }
    }

    std::function<Result()> m_read;
    std::function<void(const Result&)> m_apply;
    QFutureWatcher<Result> m_watcher;
    bool m_loading = false;
    bool m_again = false;
};
