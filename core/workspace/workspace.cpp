#include "workspace/workspace.h"

#include "util/error.h"
#include "workspace/schema.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>
#include <atomic>

namespace medtune {
namespace {

QString appDataDir()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::home().filePath(QStringLiteral(".local/share/MedTune"));
    return dir;
}

} // namespace

bool isDiskFull(const QSqlError &error)
{
    // SQLITE_FULL (13), also as the primary code of an extended one; SQLITE_IOERR_WRITE and
    // friends report ENOSPC only in the text.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return (ok && (code & 0xff) == 13) || error.text().contains(QStringLiteral("disk is full"), Qt::CaseInsensitive)
        || error.text().contains(QStringLiteral("No space left"), Qt::CaseInsensitive);
}

Error databaseError(const QString &what, const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    QString hint;
    if (isDiskFull(error))
        return Error(QStringLiteral("Cannot %1: the disk holding the workspace is full").arg(what),
                     QStringLiteral("free disk space and try again; reading the workspace still works"));
    if (ok && (code == 5 || code == 6)) // SQLITE_BUSY, SQLITE_LOCKED
        hint = QStringLiteral("another program may hold the workspace; try again");
    else if (ok && (code == 11 || code == 26)) // SQLITE_CORRUPT, SQLITE_NOTADB
        hint = QStringLiteral("the workspace database is damaged; restore it from a backup");
    else if (ok && code == 8) // SQLITE_READONLY
        hint = QStringLiteral("the workspace is read-only; open a copy you can write to");
    return Error(QStringLiteral("Cannot %1: %2").arg(what, error.text()), hint);
}

void execSql(QSqlDatabase &db, const QString &statement)
{
    QSqlQuery q(db);
    if (!q.exec(statement)) {
        const Error e = databaseError(QStringLiteral("run a statement on %1").arg(db.databaseName()), q.lastError());
        throw Error(e.message() + QStringLiteral(" [%1]").arg(statement.left(200)), e.hint());
    }
}

WriteTransaction::WriteTransaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    execSql(m_db, QStringLiteral("BEGIN IMMEDIATE"));
}

WriteTransaction::~WriteTransaction()
{
    if (!m_done) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("ROLLBACK"));
    }
}

void WriteTransaction::commit()
{
    execSql(m_db, QStringLiteral("COMMIT"));
    m_done = true;
}

Workspace::Workspace(const QString &dir)
    : m_root(QDir(dir).absolutePath())
    , m_connectionPrefix(QStringLiteral("medtune-ws-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QDir root(m_root);
    for (const QString &sub :
         { QStringLiteral("."), QStringLiteral("cache"), QStringLiteral("models"), QStringLiteral("runs") }) {
        if (!root.mkpath(sub))
            throw Error(QStringLiteral("Cannot create the workspace folder %1").arg(root.filePath(sub)),
                        QStringLiteral("choose a folder you can write to with --workspace"));
    }
    migrate();
}

Workspace::~Workspace()
{
    QMutexLocker lock(&m_mutex);
    // removeDatabase closes the connection; asking for the QSqlDatabase object of a
    // connection another (possibly finished) thread opened would only print warnings.
    for (const QString &name : std::as_const(m_connections))
        QSqlDatabase::removeDatabase(name);
}

QString Workspace::defaultLocation()
{
    return QDir(appDataDir()).filePath(QStringLiteral("workspace"));
}

QString Workspace::demoLocation()
{
    return QDir(appDataDir()).filePath(QStringLiteral("demo-workspace"));
}

int Workspace::latestSchemaVersion()
{
    return workspaceMigrations().back().version;
}

bool Workspace::existsAt(const QString &dir)
{
    return QFileInfo(QDir(dir).filePath(QStringLiteral("workspace.sqlite"))).isFile();
}

QString Workspace::databasePath() const
{
    return QDir(m_root).filePath(QStringLiteral("workspace.sqlite"));
}
QString Workspace::cacheDir() const
{
    return QDir(m_root).filePath(QStringLiteral("cache"));
}
QString Workspace::modelsDir() const
{
    return QDir(m_root).filePath(QStringLiteral("models"));
}
QString Workspace::runsDir() const
{
    return QDir(m_root).filePath(QStringLiteral("runs"));
}

QString Workspace::storedPath(const QString &path) const
{
    if (path.isEmpty() || QDir::isRelativePath(path))
        return path;
    const QString rel = QDir(m_root).relativeFilePath(QDir::cleanPath(path));
    return rel.startsWith(QStringLiteral("..")) || QDir::isAbsolutePath(rel) ? path : rel;
}

QString Workspace::resolvedPath(const QString &stored) const
{
    if (stored.isEmpty() || QDir::isAbsolutePath(stored))
        return stored;
    return QDir::cleanPath(QDir(m_root).filePath(stored));
}

QSqlDatabase Workspace::database() const
{
    // Thread ids are reused after a thread ends, so each thread gets a serial of its own:
    // a new thread never picks up a connection that belonged to a finished one.
    static std::atomic<quint64> threadCounter { 0 };
    thread_local const quint64 threadSerial = ++threadCounter;
    const QString name = m_connectionPrefix + u'-' + QString::number(threadSerial);
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(databasePath());
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        throw Error(
            QStringLiteral("Cannot open the workspace database %1: %2").arg(databasePath(), db.lastError().text()),
            QStringLiteral("check that the folder is writable and the file is not damaged"));
    execSql(db, QStringLiteral("PRAGMA foreign_keys = ON"));
    execSql(db, QStringLiteral("PRAGMA synchronous = NORMAL"));
    {
        QMutexLocker lock(&m_mutex);
        m_connections << name;
    }
    return db;
}

int Workspace::schemaVersion() const
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

void Workspace::migrate()
{
    QSqlDatabase db = database();
    QSqlQuery wal(db);
    const bool walOk = wal.exec(QStringLiteral("PRAGMA journal_mode = WAL")) && wal.next()
        && wal.value(0).toString().compare(QStringLiteral("wal"), Qt::CaseInsensitive) == 0;
    wal.finish(); // an open statement would block the migrations' commits
    if (!walOk)
        throw Error(QStringLiteral("The workspace database %1 cannot use write-ahead logging").arg(databasePath()),
                    QStringLiteral("network file systems do not support it; put the workspace on a local disk"));
    execSql(db,
            QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                           " version INTEGER PRIMARY KEY NOT NULL,"
                           " description TEXT NOT NULL,"
                           " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"));
    const int current = schemaVersion();
    if (current > latestSchemaVersion())
        throw Error(QStringLiteral("The workspace %1 has schema version %2, newer than this program's %3")
                        .arg(m_root)
                        .arg(current)
                        .arg(latestSchemaVersion()),
                    QStringLiteral("open it with a newer MedTune Workbench"));
    for (const Migration &m : workspaceMigrations()) {
        if (m.version <= current)
            continue;
        if (!db.transaction())
            throw Error(
                QStringLiteral("Cannot start a transaction on %1: %2").arg(databasePath(), db.lastError().text()));
        try {
            for (const QString &statement : m.statements)
                execSql(db, statement);
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO schema_version (version, description) VALUES (?, ?)"));
            q.addBindValue(m.version);
            q.addBindValue(m.description);
            if (!q.exec())
                throw Error(
                    QStringLiteral("Cannot record schema version %1: %2").arg(m.version).arg(q.lastError().text()));
            if (!db.commit())
                throw Error(
                    QStringLiteral("Cannot commit schema version %1: %2").arg(m.version).arg(db.lastError().text()));
        } catch (...) {
            db.rollback();
            throw;
        }
    }
}

QString Workspace::setting(const QString &key, const QString &defaultValue) const
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return defaultValue;
}

void Workspace::setSetting(const QString &key, const QString &value)
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec())
        throw databaseError(QStringLiteral("save setting %1").arg(key), q.lastError());
}

} // namespace medtune
