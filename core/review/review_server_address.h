// Where a review server is: a libpq-style URL postgresql://USER@HOST:PORT/DBNAME
// [?sslmode=...]. The password is never part of what is shown; it comes from PGPASSWORD
// or ~/.pgpass (libpq reads both when the connection gets no password), or from a prompt.
#pragma once

#include <QString>

namespace medtune {

struct ReviewServerAddress
{
    QString user;
    QString host;
    int port = 5432;
    QString database;
    QString sslmode; ///< empty: libpq's default ("prefer")
    QString password; ///< only when given in the URL or by a prompt; never shown

    /// Parses a URL; throws UsageError naming what is wrong or missing.
    static ReviewServerAddress parse(const QString &url);
    /// The URL without the password (safe to print and to store).
    QString display() const;
    /// "HOST:PORT/DBNAME as USER", for messages.
    QString describe() const;
};

} // namespace medtune
