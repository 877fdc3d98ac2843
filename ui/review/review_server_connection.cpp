#include "review/review_server_connection.h"

#include "review/review_database.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QHash>
#include <QInputDialog>
#include <QLineEdit>
#include <QMutex>

namespace medtune::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("medtune::ui::ReviewServerConnection", text);
}

QMutex g_mutex;
QHash<QString, QString> g_passwords; // url -> password, this run only

bool isPasswordProblem(const QString &message)
{
    return message.contains(QLatin1String("no password supplied"))
        || message.contains(QLatin1String("password authentication failed"));
}

} // namespace

ReviewServerAddress reviewServerAddress(const QString &url)
{
    ReviewServerAddress a = ReviewServerAddress::parse(url);
    QMutexLocker lock(&g_mutex);
    if (a.password.isEmpty())
        a.password = g_passwords.value(a.display());
    return a;
}

void rememberReviewServerPassword(const QString &url, const QString &password)
{
    const QString key = ReviewServerAddress::parse(url).display();
    QMutexLocker lock(&g_mutex);
    g_passwords.insert(key, password);
}

ReviewServerCheck checkReviewServer(const ReviewServerAddress &address)
{
    ReviewServerCheck check;
    try {
        ReviewDatabase db(address, ReviewDatabase::SchemaCheck::Skip);
        const int version = db.serverSchemaVersion();
        check.ok = version == ReviewDatabase::latestServerSchemaVersion();
        if (version == 0) {
            check.message = tr("Connected to %1, but the database holds no review data yet: the session lead runs "
                               "medtune-cli review server-init.")
                                .arg(address.describe());
        } else if (!check.ok) {
            check.message = tr("Connected to %1, but its review schema version is %2 and this program needs %3.")
                                .arg(address.describe())
                                .arg(version)
                                .arg(ReviewDatabase::latestServerSchemaVersion());
        } else {
            check.message = tr("Connected to %1 (review schema version %2) as %3.")
                                .arg(address.describe())
                                .arg(version)
                                .arg(db.isLead() ? tr("session lead") : tr("reviewer"));
        }
    } catch (const Error &e) {
        check.needsPassword = isPasswordProblem(e.message());
        check.message = e.fullMessage();
    }
    return check;
}

bool promptReviewServerPassword(QWidget *parent, const QString &url)
{
    bool ok = false;
    const ReviewServerAddress a = ReviewServerAddress::parse(url);
    const QString password = QInputDialog::getText(
        parent, tr("Review server password"),
        tr("Password of %1 on %2:%3 (kept in memory until you quit, never saved):").arg(a.user, a.host).arg(a.port),
        QLineEdit::Password, QString(), &ok);
    if (ok)
        rememberReviewServerPassword(url, password);
    return ok;
}

std::unique_ptr<ReviewDatabase> openReviewServer(QWidget *parent, const QString &url, QString *error)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            return std::make_unique<ReviewDatabase>(reviewServerAddress(url));
        } catch (const Error &e) {
            *error = e.fullMessage();
            if (attempt > 0 || !isPasswordProblem(e.message()) || !promptReviewServerPassword(parent, url))
                return nullptr;
        }
    }
    return nullptr;
}

} // namespace medtune::ui
