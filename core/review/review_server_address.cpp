#include "review/review_server_address.h"

#include "util/error.h"

#include <QUrl>
#include <QUrlQuery>

namespace medtune {

ReviewServerAddress ReviewServerAddress::parse(const QString &text)
{
    const QString example = QStringLiteral("postgresql://USER@HOST:PORT/DBNAME[?sslmode=require]");
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")))
        throw UsageError(
            QStringLiteral("'%1' is not a review server URL").arg(QUrl(text).toDisplayString(QUrl::RemovePassword)),
            QStringLiteral("write %1").arg(example));
    ReviewServerAddress a;
    a.user = url.userName(QUrl::FullyDecoded);
    a.password = url.password(QUrl::FullyDecoded);
    a.host = url.host(QUrl::FullyDecoded);
    a.port = url.port(5432);
    a.database = url.path(QUrl::FullyDecoded).mid(1);
    if (a.user.isEmpty() || a.host.isEmpty() || a.database.isEmpty() || a.database.contains(u'/'))
        throw UsageError(QStringLiteral("The review server URL %1 lacks the %2")
                             .arg(url.toDisplayString(QUrl::RemovePassword),
                                  a.user.isEmpty()       ? QStringLiteral("user name")
                                      : a.host.isEmpty() ? QStringLiteral("host")
                                                         : QStringLiteral("database name")),
                         QStringLiteral("write %1").arg(example));
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key != QLatin1String("sslmode"))
            throw UsageError(QStringLiteral("Unknown review server URL parameter '%1'").arg(key),
                             QStringLiteral("only sslmode is understood"));
        static const QStringList modes
            = { QStringLiteral("disable"), QStringLiteral("allow"),     QStringLiteral("prefer"),
                QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full") };
        if (!modes.contains(value))
            throw UsageError(QStringLiteral("Unknown sslmode '%1' in the review server URL").arg(value),
                             QStringLiteral("use one of %1").arg(modes.join(QStringLiteral(", "))));
        a.sslmode = value;
    }
    return a;
}

QString ReviewServerAddress::display() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(user);
    url.setHost(host);
    url.setPort(port);
    url.setPath(u'/' + database);
    if (!sslmode.isEmpty())
        url.setQuery(QStringLiteral("sslmode=") + sslmode);
    return url.toString();
}

QString ReviewServerAddress::describe() const
{
    return QStringLiteral("%1:%2/%3 as %4").arg(host).arg(port).arg(database, user);
}

} // namespace medtune
