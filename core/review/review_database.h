// Where the review store keeps its data: the workspace's SQLite database, or a shared
// PostgreSQL review server. Hands out the calling thread's connection, runs each change as
// one transaction (retried on conflicts with concurrent writers and lost connections),
// and on a server checks and migrates the schema and manages the reviewer group role.
// Thread safety: connection() and write() may be called from any thread; each thread gets
// its own connection (Qt SQL requires it).
#pragma once

#include "review/review_dialect.h"
#include "review/review_server_address.h"
#include "util/error.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <atomic>
#include <functional>
#include <optional>

namespace medtune {

class Workspace;

class ReviewDatabase
{
public:
    /// The review tables of a workspace (SQLite).
    explicit ReviewDatabase(Workspace &workspace);
    /// A review server: connects (throws Error naming the server and user when that fails)
    /// and, unless initialising, checks the schema (absent, older or newer is refused).
    enum class SchemaCheck { Require, Skip };
    explicit ReviewDatabase(const ReviewServerAddress &address, SchemaCheck check = SchemaCheck::Require);
    ~ReviewDatabase();
    ReviewDatabase(const ReviewDatabase &) = delete;
    ReviewDatabase &operator=(const ReviewDatabase &) = delete;

    const ReviewDialect &dialect() const { return m_dialect; }
    bool isServer() const { return m_dialect.isServer(); }
    /// The workspace, or nullptr on a server.
    Workspace *workspace() const { return m_workspace; }
    const ReviewServerAddress &address() const { return m_address; }
    /// The workspace folder or the server URL (without password), for reports and messages.
    QString location() const;

    /// The calling thread's connection (opened on first use, reopened when it broke).
    QSqlDatabase connection() const;

    /// Runs fn inside one write transaction and commits; on a retryable failure (busy lock,
    /// serialization failure, deadlock, unique-key race, lost connection) rolls back and runs fn again, up
    /// to a few times. fn must only touch the database (it may run more than once).
    void write(const std::function<void(QSqlDatabase &)> &fn);
    template<class F> auto writeValue(F fn)
    {
        decltype(fn(std::declval<QSqlDatabase &>())) result {};
        write([&](QSqlDatabase &db) { result = fn(db); });
        return result;
    }
    /// How many write attempts were retried so far (for benchmarks and tests).
    int retries() const { return m_retries.load(); }

    // On a server only:
    /// The login role (= the reviewer's name on the server).
    QString userName() const;
    /// Whether the login role owns the review tables (or is a member of their owner).
    bool isLead() const;
    /// The server's review schema version (0: none yet).
    int serverSchemaVersion() const;
    static int latestServerSchemaVersion();
    /// Creates or migrates the schema and the reviewer group role with its privileges
    /// (the session lead; needs CREATEROLE for the group role). Returns the versions applied.
    QStringList initServer();
    /// The group role whose members may review ("<database>_reviewers").
    QString reviewerGroup() const;
    /// Lets an existing login role review / takes the right away again.
    void grantReviewer(const QString &role);
    void revokeReviewer(const QString &role);
    /// Login roles that may review (members of the group).
    QStringList grantedReviewers() const;

private:
    QSqlDatabase open(const QString &name) const;
    void checkServerSchema() const;
    void execAdmin(const QString &sql) const;

    ReviewDialect m_dialect;
    Workspace *m_workspace = nullptr;
    ReviewServerAddress m_address;
    QString m_connectionPrefix;
    mutable QMutex m_mutex;
    mutable QStringList m_connections;
    std::atomic<int> m_retries { 0 };
};

/// A failed review query: the message for people, and the driver's error for retry decisions.
class ReviewSqlError : public Error
{
public:
    ReviewSqlError(const QSqlError &error, const QString &message, const QString &hint = {});
    const QSqlError &sqlError() const { return m_error; }

private:
    QSqlError m_error;
};

/// Prepares sql, binds values in order (a null QString as ''), runs it; throws
/// ReviewSqlError on failure (a server's refusal for lack of rights says so).
QSqlQuery reviewQuery(QSqlDatabase db, const QString &sql, const QVariantList &values = {});

} // namespace medtune
