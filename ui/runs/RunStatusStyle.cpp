#include "runs/RunStatusStyle.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

QColor RunStatusStyle::color(RunStatus status)
{
    // Mid-tone hues: dark enough on a white background, light enough on a dark one.
    switch (status) {
    case RunStatus::Queued:
        return QColor(0x8a, 0x8f, 0x98);
    case RunStatus::Preparing:
    case RunStatus::Starting:
        return QColor(0x4f, 0x8f, 0xd6);
    case RunStatus::Running:
        return QColor(0x2f, 0x80, 0xed);
    case RunStatus::Finalizing:
        return QColor(0x6a, 0x7f, 0xdb);
    case RunStatus::Completed:
        return QColor(0x2e, 0xa0, 0x4f);
    case RunStatus::Failed:
        return QColor(0xe0, 0x4f, 0x4f);
    case RunStatus::Canceled:
        return QColor(0xd0, 0x8a, 0x1c);
    }
    return QColor(0x80, 0x80, 0x80);
}

QIcon RunStatusStyle::icon(RunStatus status)
{
    static QHash<int, QIcon> cache;
    const auto it = cache.constFind(int(status));
    if (it != cache.cend())
        return *it;
    QIcon icon;
    // Several sizes so High-DPI screens get a sharp dot instead of a scaled one.
    for (int size : {16, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color(status));
        const qreal margin = size * 0.2;
        if (isLive(status)) {
            // A ring for work in progress, a filled dot for a settled state.
            painter.setPen(QPen(color(status), size * 0.14));
            painter.setBrush(Qt::NoBrush);
        }
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        painter.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(int(status), icon);
    return icon;
}
