#include "run/RunLink.h"

#include <QUrl>

QString RunLink::forRun(const QString& runId)
{
    // Run ids are [A-Za-z0-9._-] today; encoding anything else keeps the link one link if that ever widens.
    return scheme() + QStringLiteral("://run/") + QString::fromLatin1(QUrl::toPercentEncoding(runId));
}

std::optional<QString> RunLink::runId(const QString& link)
{
    const QUrl url(link.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != scheme() || url.host() != QLatin1String("run") || url.hasQuery() ||
        url.hasFragment() || !url.userInfo().isEmpty() || url.port() != -1)
        return std::nullopt;
    // "/ID" exactly, judged before decoding: a slash of the id itself travels as %2F, a second real one is
    // more path than this link has.
    const QString path = url.path(QUrl::FullyEncoded);
    if (path.size() < 2 || !path.startsWith(QLatin1Char('/')) || path.indexOf(QLatin1Char('/'), 1) != -1)
        return std::nullopt;
    return QUrl::fromPercentEncoding(path.mid(1).toUtf8());
}

bool RunLink::isTrainyardUrl(const QString& text)
{
    return QUrl(text.trimmed()).scheme() == scheme();
}
