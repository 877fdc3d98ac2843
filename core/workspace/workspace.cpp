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

void execSql(QSqlDatabase &db, const QString &statement)
{
    QSqlQuery q(db);
    if (!q.exec(statement))
        throw Error(QStringLiteral("Database statement failed in %1: %2 [%3]")
                        .arg(db.databaseName(), q.lastError().text(), statement.left(200)));
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
        throw Error(QStringLiteral("Cannot save setting %1: %2").arg(key, q.lastError().text()));
}

} // namespace medtune
