// A workspace: a folder holding workspace.sqlite (datasets, runs, reviews) and the
// sub-folders for caches, models and runs. Everything the GUI and the CLI do happens in
// one.
#pragma once

#include "util/error.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

namespace medtune {

class Workspace
{
public:
    /// Opens the workspace at dir, creating the folder and database when absent and
    /// migrating an older schema. Throws Error when that is impossible.
    explicit Workspace(const QString &dir);
    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    /// The default workspace (under the per-user application data folder).
    static QString defaultLocation();
    /// The demo workspace, which the GUI opens on first start.
    static QString demoLocation();
    static int latestSchemaVersion();
    /// Whether dir holds a workspace database (nothing is created).
    static bool existsAt(const QString &dir);

    QString root() const { return m_root; }
    QString databasePath() const;
    QString cacheDir() const;
    QString modelsDir() const;
    QString runsDir() const;
    /// A path as the database stores it: relative to the workspace when inside it (so that
    /// a copied or moved workspace keeps working), else as given.
    QString storedPath(const QString &path) const;
    /// The absolute path of a stored one (relative paths are under the workspace).
    QString resolvedPath(const QString &stored) const;

    /// The connection for the calling thread (opened on first use; each thread gets its
    /// own, as Qt SQL requires). foreign_keys is ON and a busy timeout is set.
    QSqlDatabase database() const;
    int schemaVersion() const;

    /// A workspace-level setting stored in the database.
    QString setting(const QString &key, const QString &defaultValue = {}) const;
    void setSetting(const QString &key, const QString &value);

private:
    void migrate();

    QString m_root;
    QString m_connectionPrefix;
    mutable QMutex m_mutex;
    mutable QStringList m_connections;
};

/// Executes a statement on db and throws Error with the SQL error when it fails.
void execSql(QSqlDatabase &db, const QString &statement);
/// The Error for a failed database operation ("Cannot <what>: <SQL error>") with a hint that
/// fits the cause: a full disk (SQLITE_FULL, ENOSPC), a lock held by another program, or a
/// damaged file.
Error databaseError(const QString &what, const QSqlError &error);
/// True when the error says the disk (or the database's size limit) is full.
bool isDiskFull(const QSqlError &error);

/// BEGIN IMMEDIATE ... COMMIT: takes the write lock up front, so that another process
/// holding it makes this one wait (the connection's busy timeout) instead of failing when a
/// deferred transaction's first read would have to be upgraded to a write; rolls back when
/// destroyed without commit(). Throws Error when the lock or the commit fails.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;
    void commit();
    QSqlDatabase &db() { return m_db; }

private:
    QSqlDatabase m_db;
    bool m_done = false;
};

} // namespace medtune
