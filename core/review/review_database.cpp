#include "review/review_database.h"

#include "review/review_schema.h"
#include "workspace/workspace.h"

#include <QSqlDriver>
#include <QThread>
#include <QUuid>
#include <atomic>
#include <random>

namespace medtune {
namespace {

constexpr int kMaxAttempts = 12;

void rollbackQuietly(QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("ROLLBACK"));
}

QString quoted(const QSqlDatabase &db, const QString &identifier)
{
    return db.driver()->escapeIdentifier(identifier, QSqlDriver::TableName);
}

} // namespace

ReviewSqlError::ReviewSqlError(const QSqlError &error, const QString &message, const QString &hint)
    : Error(message, hint)
    , m_error(error)
{
}

QSqlQuery reviewQuery(QSqlDatabase db, const QString &sql, const QVariantList &values)
{
    QSqlQuery q(db);
    // Statements without values run unprepared: PostgreSQL cannot prepare BEGIN, COMMIT or DDL.
    bool ok = false;
    if (values.isEmpty()) {
        ok = q.exec(sql);
    } else {
        if (!q.prepare(sql))
            throw ReviewSqlError(
                q.lastError(),
                QStringLiteral("Cannot prepare a review query: %1 [%2]").arg(q.lastError().text(), sql.left(160)));
        for (const QVariant &v : values)
            q.addBindValue(!v.isNull() && v.typeId() == QMetaType::QString && v.toString().isNull()
                               ? QVariant(QStringLiteral(""))
                               : v);
        ok = q.exec();
    }
    if (!ok) {
        const QSqlError e = q.lastError();
        if (db.driverName() == QLatin1String("QPSQL") && e.nativeErrorCode() == QLatin1String("42501"))
            throw ReviewSqlError(
                e, QStringLiteral("The review server refused this for %1: %2").arg(db.userName(), e.databaseText()),
                QStringLiteral("a reviewer may change only their own judgments, spans and status, and "
                               "sees others' judgments and blind systems only after submitting the "
                               "item; the session lead may do everything"));
        throw ReviewSqlError(e, QStringLiteral("Review database query failed: %1 [%2]").arg(e.text(), sql.left(160)),
                             QStringLiteral("another program may hold the database locked; try again"));
    }
    return q;
}

ReviewDatabase::ReviewDatabase(Workspace &workspace)
    : m_dialect(ReviewBackend::Sqlite)
    , m_workspace(&workspace)
{
}

ReviewDatabase::ReviewDatabase(const ReviewServerAddress &address, SchemaCheck check)
    : m_dialect(ReviewBackend::Postgres)
    , m_address(address)
    , m_connectionPrefix(QStringLiteral("medtune-review-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    connection(); // connect now, so that a wrong password or address shows at once
    if (check == SchemaCheck::Require)
        checkServerSchema();
}

ReviewDatabase::~ReviewDatabase()
{
    QMutexLocker lock(&m_mutex);
    for (const QString &name : std::as_const(m_connections))
        QSqlDatabase::removeDatabase(name);
}

QString ReviewDatabase::location() const
{
    return m_workspace ? m_workspace->root() : m_address.display();
}

QSqlDatabase ReviewDatabase::open(const QString &name) const
{
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.driverName(), name);
        if (!db.isValid()) {
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            throw Error(QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed"),
                        QStringLiteral("install it: apt-get install libqt6sql6-psql"));
        }
        db.setHostName(m_address.host);
        db.setPort(m_address.port);
        db.setDatabaseName(m_address.database);
        db.setUserName(m_address.user);
        // Without a password libpq looks in PGPASSWORD and ~/.pgpass itself.
        if (!m_address.password.isEmpty())
            db.setPassword(m_address.password);
        QStringList options = { QStringLiteral("connect_timeout=10"), QStringLiteral("application_name=medtune") };
        if (!m_address.sslmode.isEmpty())
            options << QStringLiteral("sslmode=") + m_address.sslmode;
        db.setConnectOptions(options.join(u';'));
        if (db.open()) {
            QMutexLocker lock(&m_mutex);
            m_connections << name;
            return db;
        }
        failure = db.lastError().text().trimmed();
    }
    QSqlDatabase::removeDatabase(name);
    QString hint = QStringLiteral("check that the server runs and accepts connections from this computer");
    if (failure.contains(QLatin1String("password authentication failed")))
        hint = QStringLiteral("check the password of %1 (PGPASSWORD, ~/.pgpass or the password prompt)")
                   .arg(m_address.user);
    else if (failure.contains(QLatin1String("no password supplied")))
        hint = QStringLiteral("set PGPASSWORD or add a line for this server to ~/.pgpass");
    else if (failure.contains(QLatin1String("does not exist")))
        hint = QStringLiteral("ask the database administrator to create the role or database");
    else if (failure.contains(QLatin1String("SSL")))
        hint = QStringLiteral("check the sslmode in the URL and the server's TLS set-up");
    throw Error(QStringLiteral("Cannot connect to the review server %1: %2").arg(m_address.describe(), failure), hint);
}

QSqlDatabase ReviewDatabase::connection() const
{
    if (m_workspace)
        return m_workspace->database();
    // Thread ids are reused; a serial per thread keeps connections of finished threads apart.
    static std::atomic<quint64> threadCounter { 0 };
    thread_local const quint64 threadSerial = ++threadCounter;
    const QString name = m_connectionPrefix + u'-' + QString::number(threadSerial);
    if (!QSqlDatabase::contains(name))
        return open(name);
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (!db.isOpen() && !db.open())
        throw Error(QStringLiteral("Cannot reconnect to the review server %1: %2")
                        .arg(m_address.describe(), db.lastError().text().trimmed()),
                    QStringLiteral("check that the server runs and accepts connections from this computer"));
    return db;
}

void ReviewDatabase::write(const std::function<void(QSqlDatabase &)> &fn)
{
    static thread_local std::minstd_rand jitter(std::random_device {}());
    for (int attempt = 1;; ++attempt) {
        QSqlDatabase db = connection();
        try {
            reviewQuery(db, m_dialect.beginWrite());
            fn(db);
            reviewQuery(db, QStringLiteral("COMMIT"));
            return;
        } catch (const ReviewSqlError &e) {
            const bool lost = m_dialect.isConnectionLost(e.sqlError());
            if (!lost)
                rollbackQuietly(db);
            if (attempt >= kMaxAttempts || !(lost || m_dialect.isRetryable(e.sqlError())))
                throw;
            if (lost)
                db.close(); // connection() opens it again
            ++m_retries;
            // Back off a little, more after each attempt, so that rivals do not collide again.
            QThread::msleep(unsigned(jitter() % (5 * attempt) + (lost ? 200 : 1)));
        } catch (...) {
            rollbackQuietly(db);
            throw;
        }
    }
}

QString ReviewDatabase::userName() const
{
    if (!isServer())
        return {};
    QSqlQuery q = reviewQuery(connection(), QStringLiteral("SELECT current_user"));
    return q.next() ? q.value(0).toString() : QString();
}

bool ReviewDatabase::isLead() const
{
    if (!isServer())
        return true;
    QSqlQuery q = reviewQuery(connection(), QStringLiteral("SELECT medtune_review_is_lead()"));
    return q.next() && q.value(0).toBool();
}

int ReviewDatabase::serverSchemaVersion() const
{
    QSqlDatabase db = connection();
    QSqlQuery t = reviewQuery(db, QStringLiteral("SELECT to_regclass('review_schema_version') IS NOT NULL"));
    if (!t.next() || !t.value(0).toBool())
        return 0;
    QSqlQuery q = reviewQuery(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM review_schema_version"));
    return q.next() ? q.value(0).toInt() : 0;
}

int ReviewDatabase::latestServerSchemaVersion()
{
    return reviewServerMigrations().back().version;
}

void ReviewDatabase::checkServerSchema() const
{
    int version = 0;
    try {
        version = serverSchemaVersion();
    } catch (const ReviewSqlError &e) {
        if (!m_dialect.isPermissionDenied(e.sqlError()))
            throw;
        throw Error(QStringLiteral("%1 may not review on %2").arg(m_address.user, m_address.describe()),
                    QStringLiteral("the session lead grants it: medtune-cli --review-db URL review grant %1")
                        .arg(m_address.user));
    }
    const int latest = latestServerSchemaVersion();
    if (version == 0)
        throw Error(QStringLiteral("The review server %1 holds no MedTune review data yet").arg(m_address.describe()),
                    QStringLiteral("the session lead sets it up: medtune-cli --review-db URL review server-init"));
    if (version > latest)
        throw Error(QStringLiteral("The review server %1 has review schema version %2, newer than this program's %3")
                        .arg(m_address.describe())
                        .arg(version)
                        .arg(latest),
                    QStringLiteral("use a newer MedTune Workbench"));
    if (version < latest)
        throw Error(QStringLiteral("The review server %1 has the older review schema version %2 (this program: %3)")
                        .arg(m_address.describe())
                        .arg(version)
                        .arg(latest),
                    QStringLiteral("the session lead migrates it: medtune-cli --review-db URL review server-init"));
}

QString ReviewDatabase::reviewerGroup() const
{
    return m_address.database + QStringLiteral("_reviewers");
}

void ReviewDatabase::execAdmin(const QString &sql) const
{
    reviewQuery(connection(), sql);
}

QStringList ReviewDatabase::initServer()
{
    if (!isServer())
        throw UsageError(QStringLiteral("server-init needs a review server"),
                         QStringLiteral("give --review-db postgresql://USER@HOST:PORT/DBNAME"));
    QSqlDatabase db = connection();
    execAdmin(QStringLiteral("CREATE TABLE IF NOT EXISTS review_schema_version ("
                             " version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,"
                             " applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC',"
                             " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')))"));
    const int current = serverSchemaVersion();
    if (current > latestServerSchemaVersion())
        checkServerSchema(); // throws: newer
    if (current >= 3 && !isLead())
        throw Error(QStringLiteral("%1 is not the session lead on %2").arg(userName(), m_address.describe()),
                    QStringLiteral("the owner of the review tables runs server-init"));
    QStringList applied;
    for (const Migration &m : reviewServerMigrations()) {
        if (m.version <= current)
            continue;
        try {
            execAdmin(QStringLiteral("BEGIN"));
            // One initialiser at a time; a second waits and then finds the work done.
            execAdmin(QStringLiteral("SELECT pg_advisory_xact_lock(7301013)"));
            QSqlQuery again = reviewQuery(db, QStringLiteral("SELECT 1 FROM review_schema_version WHERE version = ?"),
                                          { m.version });
            if (again.next()) {
                execAdmin(QStringLiteral("COMMIT"));
                continue;
            }
            for (const QString &statement : m.statements)
                execAdmin(statement);
            reviewQuery(db, QStringLiteral("INSERT INTO review_schema_version (version, description) VALUES (?, ?)"),
                        { m.version, m.description });
            execAdmin(QStringLiteral("COMMIT"));
            applied << QStringLiteral("%1 (%2)").arg(m.version).arg(m.description);
        } catch (...) {
            rollbackQuietly(db);
            throw;
        }
    }
    const QString group = reviewerGroup();
    QSqlQuery exists = reviewQuery(db, QStringLiteral("SELECT 1 FROM pg_roles WHERE rolname = ?"), { group });
    if (!exists.next()) {
        try {
            execAdmin(QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(quoted(db, group)));
        } catch (const Error &e) {
            throw Error(QStringLiteral("Cannot create the reviewer group role %1: %2").arg(group, e.message()),
                        QStringLiteral("the session lead needs the CREATEROLE attribute, or an administrator "
                                       "creates the role: CREATE ROLE %1 NOLOGIN")
                            .arg(group));
        }
    }
    for (const QString &statement : reviewServerGrantStatements(quoted(db, group)))
        execAdmin(statement);
    return applied;
}

void ReviewDatabase::grantReviewer(const QString &role)
{
    QSqlDatabase db = connection();
    QSqlQuery q = reviewQuery(db, QStringLiteral("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?"), { role });
    if (!q.next())
        throw Error(
            QStringLiteral("There is no role '%1' on the review server %2").arg(role, m_address.describe()),
            QStringLiteral("an administrator creates it first: CREATE ROLE \"%1\" LOGIN PASSWORD '...'").arg(role));
    if (!q.value(0).toBool())
        throw Error(QStringLiteral("The role '%1' cannot log in, so it cannot review").arg(role),
                    QStringLiteral("ALTER ROLE \"%1\" LOGIN").arg(role));
    execAdmin(QStringLiteral("GRANT %1 TO %2").arg(quoted(db, reviewerGroup()), quoted(db, role)));
    reviewQuery(db, QStringLiteral("INSERT INTO review_reviewers (name) VALUES (?) ON CONFLICT (name) DO NOTHING"),
                { role });
}

void ReviewDatabase::revokeReviewer(const QString &role)
{
    QSqlDatabase db = connection();
    execAdmin(QStringLiteral("REVOKE %1 FROM %2").arg(quoted(db, reviewerGroup()), quoted(db, role)));
}

QStringList ReviewDatabase::grantedReviewers() const
{
    QStringList out;
    QSqlQuery q
        = reviewQuery(connection(),
                      QStringLiteral("SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
                                     " JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = ? ORDER BY 1"),
                      { reviewerGroup() });
    while (q.next())
        out << q.value(0).toString();
    return out;
}

} // namespace medtune
