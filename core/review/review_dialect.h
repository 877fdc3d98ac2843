// What differs between the review store's two SQL back ends, kept in this one place:
// SQLite (the review tables inside a workspace) and PostgreSQL (a shared review server).
// Everything else in the review store is SQL both understand.
#pragma once

#include <QString>

class QSqlError;

namespace medtune {

enum class ReviewBackend { Sqlite, Postgres };

class ReviewDialect
{
public:
    explicit ReviewDialect(ReviewBackend backend)
        : m_backend(backend)
    {
    }

    ReviewBackend backend() const { return m_backend; }
    bool isServer() const { return m_backend == ReviewBackend::Postgres; }
    /// The Qt SQL driver's name ("QSQLITE" or "QPSQL").
    QString driverName() const;

    /// A schema statement written in SQLite's SQL (the workspace migrations), in this
    /// back end's SQL: identity keys, 64-bit integers and UTC time-stamp defaults.
    QString ddl(const QString &sqliteStatement) const;
    /// The statement that opens a write transaction. SQLite takes the write lock up front;
    /// PostgreSQL runs READ COMMITTED: every change is a delete-and-insert or a look-up
    /// before an insert on a unique key, so a rival's concurrent write shows up as a
    /// unique-key violation, deadlock or serialization failure, and the change is retried
    /// (SERIALIZABLE was measured here to abort about 2 of 3 concurrent saves on false
    /// conflicts from its page-level predicate locks).
    QString beginWrite() const;
    /// The relation review outputs are read from, with the columns id, item_id, system_id,
    /// text, metrics_json, generation_json and display_rank. On a server this is a view
    /// that hides which system produced an output (system_id NULL, provenance empty,
    /// a random display rank) from a reviewer who has not yet submitted a blind item.
    QString outputsSource() const;
    /// The relation judgments are read from (the columns of review_judgments). On a server
    /// this is a view that shows a reviewer only what they may see, and gives an A/B
    /// preference of a blind item they have not submitted relative to the order the
    /// outputs view shows (stored values are always relative to the system order).
    QString judgmentsSource() const;
    /// The current UTC time as the stored text format with milliseconds (SQL expression).
    QString nowMillis() const;

    /// A serialization failure, deadlock or (server) a unique key a rival took first: the
    /// transaction can simply run again.
    bool isRetryable(const QSqlError &error) const;
    /// The connection to the server broke (server restart, network): reconnect and retry.
    bool isConnectionLost(const QSqlError &error) const;
    /// The server refused for lack of rights (privileges or row-level security).
    bool isPermissionDenied(const QSqlError &error) const;

private:
    ReviewBackend m_backend;
};

} // namespace medtune
