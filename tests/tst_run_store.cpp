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
};

QTEST_GUILESS_MAIN(RunStoreTest)
#include "tst_run_store.moc"
