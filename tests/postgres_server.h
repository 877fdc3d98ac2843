// A throwaway PostgreSQL server for tests: initdb in a temporary folder, a free loopback
// port, password (SCRAM) authentication, run as the unprivileged "postgres" user when the
// tests run as root, stopped and removed at the end (and, should a test process die before
// that, by the next fixture: each folder records its owner's pid). Tests skip only when the
// server programs are not installed (Debian: postgresql); any other failure to start fails.
#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace medtune::test {

class PostgresServer
{
public:
    /// Starts the server (a few seconds). Check installed() and error().
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    /// Whether the server programs (initdb, pg_ctl) were found.
    bool installed() const { return !m_binDir.isEmpty(); }
    /// Empty when the server runs; otherwise what went wrong (with its log).
    QString error() const { return m_error; }
    bool running() const { return m_running; }

    QString host() const { return QStringLiteral("127.0.0.1"); }
    int port() const { return m_port; }
    QString adminUser() const { return QStringLiteral("medtune_admin"); }
    QString adminPassword() const { return m_adminPassword; }

    /// Runs statements as the administrator in database (throws std::runtime_error).
    void admin(const QStringList &statements, const QString &database = QStringLiteral("postgres")) const;
    /// A login role with a password and extra attributes (for example "CREATEROLE").
    void createRole(const QString &name, const QString &password, const QString &attributes = {}) const;
    /// A database owned by owner.
    void createDatabase(const QString &name, const QString &owner) const;
    /// postgresql://user@127.0.0.1:PORT/database (no password).
    QString url(const QString &user, const QString &database) const;

private:
    bool runTool(const QString &tool, const QStringList &args, QString *output) const;
    /// Stops and removes the servers of test processes that died without stopping theirs.
    void removeOrphans() const;
    QString logTail() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    QString m_dataDir;
    QString m_error;
    QString m_adminPassword;
    int m_port = 0;
    bool m_asPostgresUser = false;
    bool m_running = false;
};

} // namespace medtune::test

/// Skips the test when PostgreSQL is not installed; fails it when the server did not start.
#define MEDTUNE_REQUIRE_POSTGRES(server)                                                                               \
    do {                                                                                                               \
        if (!(server).installed())                                                                                     \
            QSKIP("PostgreSQL server programs not installed (Debian: postgresql)");                                    \
        QVERIFY2((server).running(), qPrintable((server).error()));                                                    \
    } while (false)
