#include "runs/RunWrite.h"

#include <QFutureWatcher>
#include <QtConcurrent>

void RunWrite::start(QObject* context, const std::function<QString()>& write,
                     const std::function<void(const QString& error)>& done)
{
    auto* watcher = new QFutureWatcher<QString>(context);
    QObject::connect(watcher, &QFutureWatcher<QString>::finished, context, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(write));
}
