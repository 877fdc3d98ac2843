// The training job end to end on a small real model folder and the bundled sample
// datasets: runs off the calling thread, records metrics and checkpoints in the
// workspace, pauses, stops, resumes from the last checkpoint, and fails clearly.
#include "data/dataset_importer.h"
#include "model/llama_model.h"
#include "test_support.h"
#include "text/tokenizer.h"
#include "train/run_store.h"
#include "train/training_job.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

namespace {

TrainingSpec smallSpec(const QString &modelDir, qint64 datasetId, int steps)
{
    TrainingSpec s;
    s.name = QStringLiteral("job test");
    s.modelDir = modelDir;
    s.dtype = QStringLiteral("float32");
    s.threads = 1;
    s.data = QJsonObject { { QStringLiteral("datasets"),
                             QJsonArray { QJsonObject { { QStringLiteral("id"), datasetId } } } },
                           { QStringLiteral("max_tokens"), 512 } };
    s.trainer.maxSteps = steps;
    s.trainer.microBatchSize = 4;
    s.trainer.evalEvery = 3;
    s.trainer.checkpointEvery = 3;
    s.trainer.learningRate = 5e-3;
    return s;
}

} // namespace

class TrainingJobTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model;
    std::unique_ptr<Workspace> m_ws;
    qint64 m_dataset = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_model = test::makeTinyModelFolder(m_tmp.path());
        m_ws = std::make_unique<Workspace>(m_tmp.filePath(QStringLiteral("ws")));
        for (const ImportResult &r : importBundledSamples(*m_ws))
            if (r.dataset.formats.contains(QStringLiteral("pubmedqa")))
                m_dataset = r.dataset.id;
        QVERIFY(m_dataset > 0);
    }

    void runsToCompletion()
    {
        TrainingJob job(*m_ws, smallSpec(m_model, m_dataset, 6));
        QSignalSpy steps(&job, &TrainingJob::stepCompleted);
        QSignalSpy evals(&job, &TrainingJob::evaluated);
        QSignalSpy checkpoints(&job, &TrainingJob::checkpointSaved);
        QSignalSpy ok(&job, &BackgroundJob::succeeded);
        QSignalSpy failed(&job, &BackgroundJob::failed);
        QSignalSpy ended(&job, &BackgroundJob::ended);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 120000); // not ended.wait(): the signal may come before it starts
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(ok.count(), 1);
        QCOMPARE(steps.count(), 6);
        const auto last = steps.last().first().value<TrainingProgress>();
        QCOMPARE(last.step, 6);
        QCOMPARE(last.totalSteps, 6);
        QVERIFY(last.tokensPerSecond > 0);
        // Validation before the first step, at 3 and 6, then test.
        QCOMPARE(evals.count(), 4);
        QCOMPARE(evals.last().first().value<EvaluationPoint>().split, QStringLiteral("test"));
        QCOMPARE(checkpoints.count(), 2); // step 3 and the final one

        RunStore store(*m_ws);
        const RunRecord r = store.get(job.runId());
        QCOMPARE(r.status, QStringLiteral("completed"));
        QCOMPARE(r.results.value(QStringLiteral("steps")).toInt(), 6);
        QVERIFY(r.results.value(QStringLiteral("test_perplexity")).toDouble() > 1.0);
        QCOMPARE(store.metrics(job.runId(), QStringLiteral("train"), QStringLiteral("loss")).size(), 6);
        QCOMPARE(store.metrics(job.runId(), QStringLiteral("validation"), QStringLiteral("perplexity")).size(), 3);
        QVERIFY(store.metricNames(job.runId(), QStringLiteral("validation"))
                    .contains(QStringLiteral("loss/task/medical_qa")));
        QVERIFY(QFileInfo::exists(QDir(r.results.value(QStringLiteral("final_checkpoint")).toString())
                                      .filePath(QStringLiteral("adapter_model.safetensors"))));
        QCOMPARE(TrainingSpec::fromJson(r.config).toJson(), smallSpec(m_model, m_dataset, 6).toJson());
    }

    void activationCheckpointingGivesTheSameRun()
    {
        // The same run with checkpointing off and on: identical losses (LoRA dropout on), and
        // the log says what was decided.
        QList<double> losses[2];
        double testLoss[2] = { 0, 0 };
        for (int on = 0; on < 2; ++on) {
            TrainingSpec spec = smallSpec(m_model, m_dataset, 3);
            spec.lora.dropout = 0.1;
            spec.trainer.evalEvery = spec.trainer.checkpointEvery = 0;
            spec.activationCheckpointing = on ? QStringLiteral("on") : QStringLiteral("off");
            TrainingJob job(*m_ws, spec);
            QSignalSpy steps(&job, &TrainingJob::stepCompleted);
            QSignalSpy evals(&job, &TrainingJob::evaluated);
            QSignalSpy logs(&job, &TrainingJob::logLine);
            QSignalSpy ended(&job, &BackgroundJob::ended);
            job.start();
            QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 120000);
            QCOMPARE(steps.count(), 3);
            for (const auto &s : steps)
                losses[on] << s.first().value<TrainingProgress>().loss;
            testLoss[on] = evals.last().first().value<EvaluationPoint>().loss;
            bool said = false;
            for (const auto &l : logs)
                said = said
                    || (l.first().toString().startsWith(QStringLiteral("Memory: "))
                        && l.first().toString().contains(on ? QStringLiteral("activation checkpointing on (as set)")
                                                            : QStringLiteral("activation checkpointing off (as set)")));
            QVERIFY(said);
            QCOMPARE(TrainingSpec::fromJson(RunStore(*m_ws).get(job.runId()).config).activationCheckpointing,
                     spec.activationCheckpointing);
        }
        // The first steps agree exactly (measured: bit for bit); later ones within rounding of
        // the gradient sums' order, which AdamW's first updates (about lr x sign(g)) magnify
        // (measured 5e-6 relative at step 3).
        QCOMPARE(losses[1][0], losses[0][0]);
        for (int i = 1; i < 3; ++i)
            QVERIFY2(std::abs(losses[1][i] - losses[0][i]) <= 1e-4 * std::abs(losses[0][i]),
                     qPrintable(QStringLiteral("step %1: %2 vs %3").arg(i + 1).arg(losses[1][i]).arg(losses[0][i])));
        QVERIFY(std::abs(testLoss[1] - testLoss[0]) <= 1e-4 * testLoss[0]);
    }

    void pauseStopAndResume()
    {
        qint64 runId = 0;
        int lastStep = 0;
        {
            TrainingJob job(*m_ws, smallSpec(m_model, m_dataset, 400));
            QSignalSpy steps(&job, &TrainingJob::stepCompleted);
            QSignalSpy cancelled(&job, &BackgroundJob::cancelled);
            QSignalSpy ended(&job, &BackgroundJob::ended);
            job.start();
            QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 4, 60000); // past the first checkpoint at 3
            job.pause();
            QTRY_COMPARE_WITH_TIMEOUT(RunStore(*m_ws).get(job.runId()).status, QStringLiteral("paused"), 20000);
            const int frozen = int(steps.count());
            QTest::qWait(300);
            QVERIFY(steps.count() <= frozen + 1);
            job.requestCancel();
            QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1,
                                     60000); // not ended.wait(): the signal may come before it starts
            QCOMPARE(cancelled.count(), 1);
            runId = job.runId();
            lastStep = steps.last().first().value<TrainingProgress>().step;
        }
        RunStore store(*m_ws);
        QCOMPARE(store.get(runId).status, QStringLiteral("stopped"));
        // Stopping saved the last completed step, whatever the checkpoint interval.
        QVERIFY(QFileInfo::exists(QDir(store.get(runId).outputDir)
                                      .filePath(QStringLiteral("checkpoint-%1/trainer_state.json").arg(lastStep))));

        auto resumed = TrainingJob::resume(*m_ws, runId);
        QSignalSpy steps(resumed.get(), &TrainingJob::stepCompleted);
        QSignalSpy ended(resumed.get(), &BackgroundJob::ended);
        QSignalSpy cancelled(resumed.get(), &BackgroundJob::cancelled);
        resumed->start();
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 1, 60000);
        // It continues after the step it stopped at instead of starting again at step 1.
        QCOMPARE(steps.first().first().value<TrainingProgress>().step, lastStep + 1);
        resumed->requestCancel();
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 60000); // not ended.wait(): the signal may come before it starts
        QCOMPARE(store.get(runId).status, QStringLiteral("stopped"));
    }

    void failsClearly()
    {
        TrainingSpec s = smallSpec(m_model, 9999, 2);
        TrainingJob job(*m_ws, s);
        QSignalSpy failed(&job, &BackgroundJob::failed);
        QSignalSpy ended(&job, &BackgroundJob::ended);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 60000); // not ended.wait(): the signal may come before it starts
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("9999")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(RunStore(*m_ws).get(job.runId()).status, QStringLiteral("failed"));
        // A spec without a model folder is refused before anything starts.
        s.modelDir = m_tmp.filePath(QStringLiteral("nothing-here"));
        QVERIFY_THROWS_EXCEPTION(UsageError, TrainingJob(*m_ws, s));
    }

    // A copied workspace resumes into itself (paths are stored relative to the workspace),
    // a damaged last checkpoint falls back to the one before (and says so), and a chosen
    // checkpoint is resumed from exactly.
    void copiedWorkspaceResumesIntoItselfAndSurvivesADamagedCheckpoint()
    {
        const QString original = m_tmp.filePath(QStringLiteral("ws-original"));
        qint64 runId = 0;
        int lastStep = 0;
        {
            Workspace ws(original);
            qint64 dataset = 0;
            for (const ImportResult &r : importBundledSamples(ws))
                if (r.dataset.formats.contains(QStringLiteral("pubmedqa")))
                    dataset = r.dataset.id;
            TrainingJob job(ws, smallSpec(m_model, dataset, 400));
            QSignalSpy steps(&job, &TrainingJob::stepCompleted);
            QSignalSpy ended(&job, &BackgroundJob::ended);
            job.start();
            QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 4, 60000); // past the checkpoint of step 3
            job.requestCancel();
            QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 60000);
            runId = job.runId();
            lastStep = steps.last().first().value<TrainingProgress>().step;
        }
        QVERIFY(lastStep > 3);
        const QString originalRun = QDir(original).filePath(QStringLiteral("runs/run-%1").arg(runId));
        const QStringList originalEntries = QDir(originalRun).entryList(QDir::Dirs | QDir::NoDotAndDotDot);

        auto copyTree = [](const QString &from, const QString &to, auto &&self) -> void {
            QDir().mkpath(to);
            for (const QFileInfo &fi :
                 QDir(from).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
                const QString target = QDir(to).filePath(fi.fileName());
                if (fi.isDir())
                    self(fi.filePath(), target, self);
                else
                    QVERIFY(QFile::copy(fi.filePath(), target));
            }
        };
        const QString copy = m_tmp.filePath(QStringLiteral("ws-copy"));
        copyTree(original, copy, copyTree);
        // The copy's newest checkpoint is damaged (its optimizer state cut short).
        const QString copyRun = QDir(copy).filePath(QStringLiteral("runs/run-%1").arg(runId));
        {
            QFile optimizer(QDir(copyRun).filePath(QStringLiteral("checkpoint-%1/optimizer.pt").arg(lastStep)));
            QVERIFY(optimizer.exists());
            QVERIFY(optimizer.resize(optimizer.size() / 3));
        }

        Workspace ws(copy);
        RunStore store(ws);
        QCOMPARE(store.get(runId).outputDir, QDir::cleanPath(copyRun));
        for (const CheckpointRecord &c : store.checkpoints(runId))
            QVERIFY2(c.path.startsWith(QDir::cleanPath(copy) + u'/'), qPrintable(c.path));

        auto resumed = TrainingJob::resume(ws, runId);
        QSignalSpy steps(resumed.get(), &TrainingJob::stepCompleted);
        QSignalSpy logs(resumed.get(), &TrainingJob::logLine);
        QSignalSpy ended(resumed.get(), &BackgroundJob::ended);
        resumed->start();
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 1 || ended.count() == 1, 60000);
        QVERIFY(!steps.isEmpty());
        // Fell back to the checkpoint of step 3 and said so.
        QCOMPARE(steps.first().first().value<TrainingProgress>().step, 4);
        bool said = false;
        for (const auto &l : logs)
            said = said
                || l.first().toString().startsWith(
                    QStringLiteral("Checkpoint checkpoint-%1 cannot be used").arg(lastStep));
        QVERIFY(said);
        resumed->requestCancel();
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 60000);
        // Everything was written into the copy; the original is as it was.
        QCOMPARE(QDir(originalRun).entryList(QDir::Dirs | QDir::NoDotAndDotDot), originalEntries);
        for (const CheckpointRecord &c : store.checkpoints(runId))
            QVERIFY2(c.path.startsWith(QDir::cleanPath(copy) + u'/'), qPrintable(c.path));
        QCOMPARE(RunStore(ws).get(runId).status, QStringLiteral("stopped"));

        // A chosen checkpoint: exactly that one, or a clear error.
        QVERIFY_THROWS_EXCEPTION(UsageError, TrainingJob::resume(ws, runId, nullptr, {}, 99999));
        auto chosen = TrainingJob::resume(ws, runId, nullptr, {}, 3);
        QSignalSpy chosenSteps(chosen.get(), &TrainingJob::stepCompleted);
        QSignalSpy chosenEnded(chosen.get(), &BackgroundJob::ended);
        chosen->start();
        QTRY_VERIFY_WITH_TIMEOUT(chosenSteps.count() >= 1 || chosenEnded.count() == 1, 60000);
        QVERIFY(!chosenSteps.isEmpty());
        QCOMPARE(chosenSteps.first().first().value<TrainingProgress>().step, 4);
        chosen->requestCancel();
        QTRY_VERIFY_WITH_TIMEOUT(chosenEnded.count() == 1, 60000);
    }
};

QTEST_GUILESS_MAIN(TrainingJobTest)
#include "tst_training_job.moc"
