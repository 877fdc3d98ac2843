// The workspace: folders, schema version and migrations, WAL, foreign keys, settings,
// per-thread connections.
#include "util/error.h"
#include "workspace/schema.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace medtune;

namespace {

QVariant scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

} // namespace

class WorkspaceTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsLayoutAndSchema()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        Workspace ws(dir);
        for (const char *sub : { "cache", "models", "runs" })
            QVERIFY(QDir(dir).exists(QString::fromLatin1(sub)));
        QVERIFY(QFileInfo::exists(QDir(dir).filePath(QStringLiteral("workspace.sqlite"))));
        QCOMPARE(ws.schemaVersion(), Workspace::latestSchemaVersion());
        QCOMPARE(ws.schemaVersion(), int(workspaceMigrations().size()));
        QCOMPARE(scalar(ws.database(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(ws.database(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(scalar(ws.database(), QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(),
                 Workspace::latestSchemaVersion());
    }

    void migrationsAreOrdered()
    {
        int expected = 1;
        for (const Migration &m : workspaceMigrations()) {
            QCOMPARE(m.version, expected++);
            QVERIFY(!m.description.isEmpty());
            QVERIFY(!m.statements.isEmpty());
        }
    }

    void settingsPersistAcrossReopen()
    {
        QTemporaryDir tmp;
        {
            Workspace ws(tmp.path());
            QCOMPARE(ws.setting(QStringLiteral("template"), QStringLiteral("none")), QStringLiteral("none"));
            ws.setSetting(QStringLiteral("template"), QStringLiteral("default"));
            ws.setSetting(QStringLiteral("template"), QStringLiteral("tinyllama-chat"));
        }
        Workspace again(tmp.path());
        QCOMPARE(again.setting(QStringLiteral("template")), QStringLiteral("tinyllama-chat"));
        QCOMPARE(again.schemaVersion(), Workspace::latestSchemaVersion());
    }

    void upgradesAnOlderDatabase()
    {
        // A database at version 0 (the table exists, nothing applied) with unrelated data
        // is migrated in place and keeps that data.
        QTemporaryDir tmp;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(QDir(tmp.path()).filePath(QStringLiteral("workspace.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER PRIMARY KEY NOT NULL, "
                                          "description TEXT NOT NULL, applied_at TEXT)")));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes (text TEXT)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO notes VALUES ('kept')")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        Workspace ws(tmp.path());
        QCOMPARE(ws.schemaVersion(), Workspace::latestSchemaVersion());
        QCOMPARE(scalar(ws.database(), QStringLiteral("SELECT text FROM notes")).toString(), QStringLiteral("kept"));
    }

    void refusesANewerSchema()
    {
        QTemporaryDir tmp;
        {
            Workspace ws(tmp.path());
            QSqlQuery q(ws.database());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_version (version, description) VALUES (999, 'future')")));
        }
        try {
            Workspace ws(tmp.path());
            QFAIL("a newer schema was accepted");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("999")), qPrintable(e.fullMessage()));
            QVERIFY(e.hint().contains(QStringLiteral("newer")));
        }
    }

    void unwritableLocationIsAClearError()
    {
        QTemporaryDir tmp;
        const QString file = tmp.filePath(QStringLiteral("plain-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        try {
            Workspace ws(file + QStringLiteral("/ws"));
            QFAIL("a workspace inside a file was created");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("Cannot create the workspace folder")),
                     qPrintable(e.fullMessage()));
        }
    }

    void connectionPerThread()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        ws.setSetting(QStringLiteral("k"), QStringLiteral("from main"));
        QString seen;
        QString otherName;
        QThread *t = QThread::create([&] {
            seen = ws.setting(QStringLiteral("k"));
            otherName = ws.database().connectionName();
            ws.setSetting(QStringLiteral("k2"), QStringLiteral("from worker"));
        });
        t->start();
        QVERIFY(t->wait(10000));
        delete t;
        QCOMPARE(seen, QStringLiteral("from main"));
        QVERIFY(otherName != ws.database().connectionName());
        QCOMPARE(ws.setting(QStringLiteral("k2")), QStringLiteral("from worker"));
    }
};

QTEST_GUILESS_MAIN(WorkspaceTest)
#include "tst_workspace.moc"
