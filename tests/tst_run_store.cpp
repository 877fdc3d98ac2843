// Runs in the workspace: records, metric series, checkpoints, deletion with cascade, and
// runs left "running" by a dead process marked interrupted.
#include "train/run_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

class RunStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lifecycle()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        RunStore store(ws);
        const QJsonObject config { { QStringLiteral("lora"), QJsonObject { { QStringLiteral("r"), 8 } } } };
        const qint64 a = store.create(QStringLiteral("first"), config);
        const qint64 b = store.create(QStringLiteral("second"), config);
        QVERIFY(b > a);
        RunRecord r = store.get(a);
        QCOMPARE(r.status, QStringLiteral("created"));
        QCOMPARE(r.config, config);
        QVERIFY(QDir(r.outputDir).exists());
        QVERIFY(r.outputDir.startsWith(ws.runsDir()));

        store.markRunning(a);
        QCOMPARE(store.get(a).status, QStringLiteral("running"));
        QVERIFY(store.get(a).startedAt.isValid());
        store.addMetrics(a, QStringLiteral("train"), 1,
                         { { QStringLiteral("loss"), 2.5 }, { QStringLiteral("lr"), 1e-4 } });
        store.addMetrics(a, QStringLiteral("train"), 2,
                         { { QStringLiteral("loss"), 2.0 }, { QStringLiteral("lr"), 2e-4 } });
        store.addMetrics(a, QStringLiteral("train"), 2, { { QStringLiteral("loss"), 1.9 } }); // replaces
        store.addMetrics(a, QStringLiteral("validation"), 2,
                         { { QStringLiteral("loss"), 2.2 }, { QStringLiteral("perplexity"), std::exp(2.2) } });
        const QList<MetricPoint> loss = store.metrics(a, QStringLiteral("train"), QStringLiteral("loss"));
        QCOMPARE(loss.size(), 2);
        QCOMPARE(loss[0].step, 1);
        QCOMPARE(loss[1].value, 1.9);
        QCOMPARE(store.metricNames(a, QStringLiteral("train")),
                 (QStringList { QStringLiteral("loss"), QStringLiteral("lr") }));
        store.addCheckpoint(a, 2, QDir(r.outputDir).filePath(QStringLiteral("checkpoint-2")),
                            QStringLiteral("periodic"));
        QCOMPARE(store.checkpoints(a).size(), 1);

        store.finish(a, QStringLiteral("completed"), { { QStringLiteral("test_loss"), 1.7 } });
        r = store.get(a);
        QCOMPARE(r.status, QStringLiteral("completed"));
        QCOMPARE(r.results.value(QStringLiteral("test_loss")).toDouble(), 1.7);
        QVERIFY(r.finishedAt.isValid());

        const QList<RunRecord> all = store.list();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.first().id, b); // newest first

        const QString dir = r.outputDir;
        store.remove(a);
        QVERIFY(!QDir(dir).exists());
        QVERIFY_THROWS_EXCEPTION(Error, store.get(a));
        QSqlQuery q(ws.database());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM run_metrics WHERE run_id = %1").arg(a)) && q.next());
        QCOMPARE(q.value(0).toInt(), 0); // cascaded
    }

    void runningRunCannotBeDeleted()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        RunStore store(ws);
        const qint64 id = store.create(QStringLiteral("busy"), {});
        store.markRunning(id);
        QVERIFY_THROWS_EXCEPTION(Error, store.remove(id));
    }

    void crashedRunIsMarkedInterrupted()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        qint64 id = 0;
        {
            RunStore store(ws);
            id = store.create(QStringLiteral("crashed"), {});
            store.markRunning(id);
        }
        // Pretend another process owned it and died: a pid that has exited.
        QProcess p;
        p.start(QStringLiteral("true"));
        QVERIFY(p.waitForFinished());
        const qint64 deadPid = p.processId() ? p.processId() : 999999;
        QSqlQuery q(ws.database());
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET pid = %1 WHERE id = %2").arg(deadPid).arg(id)));
        RunStore reopened(ws);
        const RunRecord r = reopened.get(id);
        QCOMPARE(r.status, QStringLiteral("interrupted"));
        QVERIFY(r.error.contains(QStringLiteral("resume")));
    }

    // Paths are stored relative to the workspace, so that a copied or moved workspace works
    // in its new place; rows written with absolute paths before are migrated (version 6).
    void pathsAreRelativeToTheWorkspaceAndLegacyRowsMigrate()
    {
        QTemporaryDir tmp;
        const QString root = QDir::cleanPath(tmp.filePath(QStringLiteral("ws")));
        qint64 a = 0, b = 0;
        {
            Workspace ws(root);
            RunStore store(ws);
            a = store.create(QStringLiteral("a"),
                             { { QStringLiteral("model_dir"), root + QStringLiteral("/models/demo") } });
            b = store.create(QStringLiteral("b"),
                             { { QStringLiteral("model_dir"), QStringLiteral("/elsewhere/model") } });
            const QString runDir = store.get(a).outputDir;
            QCOMPARE(runDir, root + QStringLiteral("/runs/run-%1").arg(a));
            store.addCheckpoint(a, 2, runDir + QStringLiteral("/checkpoint-2"), QStringLiteral("periodic"));
            store.finish(a, QStringLiteral("completed"),
                         { { QStringLiteral("final_checkpoint"), runDir + QStringLiteral("/checkpoint-2") },
                           { QStringLiteral("best_adapter"), runDir + QStringLiteral("/best") } });
            QSqlQuery q(ws.database());
            QVERIFY(
                q.exec(QStringLiteral("SELECT output_dir, config_json, results_json FROM runs WHERE id = %1").arg(a)));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("runs/run-%1").arg(a));
            QVERIFY2(q.value(1).toString().contains(QStringLiteral("\"models/demo\"")),
                     qPrintable(q.value(1).toString()));
            QVERIFY2(q.value(2).toString().contains(QStringLiteral("\"runs/run-%1/best\"").arg(a)),
                     qPrintable(q.value(2).toString()));
            QVERIFY(q.exec(QStringLiteral("SELECT path FROM run_checkpoints WHERE run_id = %1").arg(a)) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("runs/run-%1/checkpoint-2").arg(a));

            // What an older program wrote: absolute paths under the place the workspace was then.
            const QString old = QStringLiteral("/old/place/ws");
            QVERIFY(q.exec(QStringLiteral("UPDATE runs SET output_dir = '%1/runs/run-' || id").arg(old)));
            QVERIFY(q.exec(QStringLiteral("UPDATE run_checkpoints SET path = '%1/' || path").arg(old)));
            QVERIFY(q.exec(
                QStringLiteral("UPDATE runs SET results_json = json_set(results_json, '$.final_checkpoint', "
                               "'%1/runs/run-%2/checkpoint-2', '$.best_adapter', '%1/runs/run-%2/best'), "
                               "config_json = json_set(config_json, '$.model_dir', '%1/models/demo') WHERE id = %2")
                    .arg(old)
                    .arg(a)));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_version WHERE version >= 6")));
        }
        Workspace moved(root); // opening migrates
        QVERIFY(moved.schemaVersion() >= 6);
        RunStore store(moved);
        const RunRecord r = store.get(a);
        QCOMPARE(r.outputDir, root + QStringLiteral("/runs/run-%1").arg(a));
        QCOMPARE(r.results.value(QStringLiteral("final_checkpoint")).toString(),
                 root + QStringLiteral("/runs/run-%1/checkpoint-2").arg(a));
        QCOMPARE(r.results.value(QStringLiteral("best_adapter")).toString(),
                 root + QStringLiteral("/runs/run-%1/best").arg(a));
        QCOMPARE(r.config.value(QStringLiteral("model_dir")).toString(), root + QStringLiteral("/models/demo"));
        QCOMPARE(store.checkpoints(a).value(0).path, root + QStringLiteral("/runs/run-%1/checkpoint-2").arg(a));
        // A path outside the workspace stays as it was.
        QCOMPARE(store.get(b).config.value(QStringLiteral("model_dir")).toString(), QStringLiteral("/elsewhere/model"));
    }

    // A full disk (SQLITE_FULL) is named as such, not as a lock held by another program, and
    // reading the runs keeps working.
    void fullDiskIsSaidAndReadingStillWorks()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        qint64 id = 0;
        {
            RunStore store(ws);
            id = store.create(QStringLiteral("filling"), {});
            store.markRunning(id);
        }
        QSqlDatabase db = ws.database();
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET pid = 999999999 WHERE id = %1").arg(id))); // a dead process
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
        const int pages = q.value(0).toInt();
        q.finish();
        // The database may not grow any more: what a full disk does to it.
        QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));
        q.finish();
        RunStore store(ws); // marking the dead run interrupted fits (no new page) or is only logged
        QString message;
        try {
            for (int step = 0; step < 100000; ++step)
                store.addMetrics(id, QStringLiteral("train"), step,
                                 { { QStringLiteral("loss with a long name to fill pages quickly"), 1.0 } });
        } catch (const Error &e) {
            message = e.fullMessage();
        }
        QVERIFY2(message.contains(QStringLiteral("the disk holding the workspace is full")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("another program")), qPrintable(message));
        RunStore reader(ws);
        QCOMPARE(reader.list().size(), 1);
        QCOMPARE(reader.get(id).name, QStringLiteral("filling"));
        QVERIFY(
            !reader.metrics(id, QStringLiteral("train"), QStringLiteral("loss with a long name to fill pages quickly"))
                 .isEmpty());
    }
};

QTEST_GUILESS_MAIN(RunStoreTest)
#include "tst_run_store.moc"
