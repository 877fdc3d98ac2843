#include "train/training_job.h"

#include "model/llama_model.h"
#include "train/lora_model.h"
#include "train/run_store.h"
#include "train/trainer.h"
#include "train/training_data.h"
#include "util/compute_devices.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>

namespace medtune {
namespace {

// The run's complete checkpoint-N folders (with trainer_state.json), newest first.
QList<std::pair<int, QString>> completeCheckpoints(const QString &runDir)
{
    static const QRegularExpression name(QStringLiteral("^checkpoint-(\\d+)$"));
    QList<std::pair<int, QString>> out;
    for (const QString &entry : QDir(runDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const auto m = name.match(entry);
        if (m.hasMatch() && QFileInfo::exists(QDir(runDir).filePath(entry + QStringLiteral("/trainer_state.json"))))
            out.append({ m.captured(1).toInt(), QDir(runDir).filePath(entry) });
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    return out;
}

QJsonObject evalJson(const EvalReport &r)
{
    QJsonObject byTask, bySource;
    for (auto it = r.byTask.begin(); it != r.byTask.end(); ++it)
        byTask[it.key()] = QJsonObject { { QStringLiteral("loss"), it->loss() },
                                         { QStringLiteral("perplexity"), it->perplexity() },
                                         { QStringLiteral("tokens"), it->tokens } };
    for (auto it = r.bySource.begin(); it != r.bySource.end(); ++it)
        bySource[it.key()] = QJsonObject { { QStringLiteral("loss"), it->loss() },
                                           { QStringLiteral("perplexity"), it->perplexity() },
                                           { QStringLiteral("tokens"), it->tokens } };
    return QJsonObject { { QStringLiteral("step"), r.step },
                         { QStringLiteral("loss"), r.total.loss() },
                         { QStringLiteral("perplexity"), r.total.perplexity() },
                         { QStringLiteral("tokens"), r.total.tokens },
                         { QStringLiteral("by_task"), byTask },
                         { QStringLiteral("by_source"), bySource } };
}

} // namespace

TrainingJob::TrainingJob(Workspace &workspace, TrainingSpec spec, QObject *parent)
    : BackgroundJob(QStringLiteral("Training %1").arg(spec.name), parent)
    , m_workspace(workspace)
    , m_spec(std::move(spec))
{
    qRegisterMetaType<medtune::TrainingProgress>();
    qRegisterMetaType<medtune::EvaluationPoint>();
    m_spec.validate();
}

std::unique_ptr<TrainingJob> TrainingJob::resume(Workspace &workspace, qint64 runId, QObject *parent,
                                                 int checkpointStep)
{
    RunStore store(workspace);
    const RunRecord run = store.get(runId);
    if (run.status == QLatin1String("running") || run.status == QLatin1String("paused"))
        throw Error(QStringLiteral("Run %1 is already running").arg(runId));
    if (run.status == QLatin1String("completed"))
        throw Error(QStringLiteral("Run %1 has completed; there is nothing to resume").arg(runId),
                    QStringLiteral("start a new run with more steps instead"));
    const auto available = completeCheckpoints(run.outputDir);
    if (available.isEmpty())
        throw Error(QStringLiteral("Run %1 has no checkpoint to resume from").arg(runId),
                    QStringLiteral("it stopped before its first checkpoint; start it again"));
    if (checkpointStep >= 0
        && std::none_of(available.begin(), available.end(), [&](const auto &c) { return c.first == checkpointStep; })) {
        QStringList steps;
        for (const auto &c : available)
            steps << QString::number(c.first);
        throw UsageError(QStringLiteral("Run %1 has no checkpoint of step %2").arg(runId).arg(checkpointStep),
                         QStringLiteral("its checkpoints: %1").arg(steps.join(QStringLiteral(", "))));
    }
    auto job = std::make_unique<TrainingJob>(workspace, TrainingSpec::fromJson(run.config), parent);
    job->m_runId = runId;
    job->m_resume = true;
    job->m_resumeStep = checkpointStep;
    return job;
}

TrainingJob::~TrainingJob()
{
    cancelAndWait();
}

QJsonObject TrainingJob::results() const
{
    QMutexLocker lock(&m_resultsMutex);
    return m_results;
}

void TrainingJob::work()
{
    RunStore store(m_workspace);
    if (!m_resume) {
        m_runId = store.create(m_spec.name.isEmpty() ? QStringLiteral("run") : m_spec.name, m_spec.toJson());
    }
    const qint64 id = m_runId;
    Q_EMIT runCreated(id);
    const RunRecord run = store.get(id);
    store.markRunning(id);
    auto log = [this](const QString &line) { Q_EMIT logLine(line); };

    try {
        setComputeThreads(m_spec.threads);
        reportProgress(0, 0, QStringLiteral("Loading the base model"));
        ModelOptions options;
        options.device = m_spec.device;
        options.weights = parseWeightType(resolveDtype(m_spec.dtype, m_spec.device));
        QElapsedTimer load;
        load.start();
        auto model = LlamaModel::load(m_spec.modelDir, options);
        if (!model->tokenizer())
            throw Error(QStringLiteral("The model folder %1 has no tokenizer.model").arg(m_spec.modelDir),
                        QStringLiteral("training needs the model's SentencePiece tokenizer"));
        log(QStringLiteral("Loaded %1 (%2 layers, hidden %3, %4) in %5 s")
                .arg(m_spec.modelDir)
                .arg(model->config().numLayers)
                .arg(model->config().hiddenSize)
                .arg(weightTypeName(model->weightType()))
                .arg(double(load.elapsed()) / 1000.0, 0, 'f', 1));
        checkpoint();

        TrainingData data = buildTrainingData(m_workspace, model->tokenizer(), m_spec.data, m_spec.trainer.seed,
                                              [this](qint64 done, qint64 total, const QString &message) {
                                                  checkpoint();
                                                  reportProgress(done, total, message);
                                              });
        Q_EMIT dataReady(data.summary);
        log(QStringLiteral("Data: %1 training, %2 validation, %3 test sequences")
                .arg(data.train.size())
                .arg(data.validation.size())
                .arg(data.test.size()));

        LoraTrainableModel trainable(model, m_spec.lora, m_spec.trainer.seed);
        log(QStringLiteral("LoRA r=%1 alpha=%2 on %3: %4 trainable parameters")
                .arg(m_spec.lora.r)
                .arg(m_spec.lora.alpha)
                .arg(m_spec.lora.targetModules.join(QStringLiteral(", ")))
                .arg(trainable.adapters().parameterCount()));

        Trainer trainer(trainable, m_spec.trainer, std::move(data.train), std::move(data.validation),
                        std::move(data.test), run.outputDir);
        if (m_resume) {
            // The chosen checkpoint, or the newest one that reads back: a damaged last
            // checkpoint (a crash while it was written, a bad disk) falls back to the one before.
            QString from;
            for (const auto &[step, dir] : completeCheckpoints(run.outputDir)) {
                if (m_resumeStep >= 0 && step != m_resumeStep)
                    continue;
                try {
                    trainer.resumeFrom(dir);
                    from = dir;
                    break;
                } catch (const Error &e) {
                    if (m_resumeStep >= 0)
                        throw;
                    log(QStringLiteral("Checkpoint %1 cannot be used (%2); falling back to the one before")
                            .arg(QFileInfo(dir).fileName(), e.message()));
                }
            }
            if (from.isEmpty())
                throw Error(QStringLiteral("No checkpoint of run %1 could be read").arg(id),
                            QStringLiteral("start the run again"));
            log(QStringLiteral("Resuming from %1").arg(from));
        }
        QElapsedTimer heartbeat;
        heartbeat.start();
        trainer.setCallbacks(TrainerCallbacks {
            .onStep =
                [&](const StepReport &r) {
                    store.addMetrics(id, QStringLiteral("train"), r.step,
                                     { { QStringLiteral("loss"), r.loss },
                                       { QStringLiteral("learning_rate"), r.learningRate },
                                       { QStringLiteral("grad_norm"), r.gradNorm },
                                       { QStringLiteral("tokens_per_second"), r.tokensPerSecond } });
                    if (heartbeat.elapsed() > 5000) {
                        store.heartbeat(id);
                        heartbeat.restart();
                    }
                    TrainingProgress p { r.step,         r.totalSteps, r.epoch,           r.epochProgress, r.loss,
                                         r.learningRate, r.gradNorm,   r.tokensPerSecond, r.etaSeconds,    r.skipped };
                    reportProgress(r.step, r.totalSteps, QStringLiteral("Step %1 of %2").arg(r.step).arg(r.totalSteps));
                    Q_EMIT stepCompleted(p);
                },
            .onEval =
                [&](const EvalReport &r) {
                    QMap<QString, double> values { { QStringLiteral("loss"), r.total.loss() },
                                                   { QStringLiteral("perplexity"), r.total.perplexity() } };
                    EvaluationPoint p { r.split, r.step, r.total.loss(), r.total.perplexity(), r.total.tokens, {}, {} };
                    for (auto it = r.byTask.begin(); it != r.byTask.end(); ++it) {
                        values[QStringLiteral("loss/task/") + it.key()] = it->loss();
                        p.lossByTask[it.key()] = it->loss();
                    }
                    for (auto it = r.bySource.begin(); it != r.bySource.end(); ++it) {
                        values[QStringLiteral("loss/source/") + it.key()] = it->loss();
                        p.lossBySource[it.key()] = it->loss();
                    }
                    store.addMetrics(id, r.split, r.step, values);
                    log(QStringLiteral("%1 at step %2: loss %3, perplexity %4")
                            .arg(r.split)
                            .arg(r.step)
                            .arg(r.total.loss(), 0, 'f', 4)
                            .arg(r.total.perplexity(), 0, 'f', 2));
                    Q_EMIT evaluated(p);
                },
            .onCheckpoint =
                [&](const QString &dir, int step) {
                    store.addCheckpoint(id, step, dir, QStringLiteral("periodic"));
                    Q_EMIT checkpointSaved(dir, step);
                },
            .onLog = log,
            .checkpoint =
                [&] {
                    if (isPaused()) {
                        store.setStatus(id, QStringLiteral("paused"));
                        checkpoint();
                        store.setStatus(id, QStringLiteral("running"));
                    }
                    checkpoint();
                },
        });

        const TrainingResult r = trainer.run();
        QJsonObject results { { QStringLiteral("steps"), r.steps },
                              { QStringLiteral("skipped_steps"), r.skippedSteps },
                              { QStringLiteral("stopped_early"), r.stoppedEarly },
                              { QStringLiteral("final_train_loss"), r.lastTrainLoss },
                              { QStringLiteral("final_checkpoint"), r.lastCheckpoint },
                              { QStringLiteral("trainable_parameters"),
                                qint64(trainable.adapters().parameterCount()) } };
        if (r.bestStep >= 0) {
            results[QStringLiteral("best_validation_loss")] = r.bestValidationLoss;
            results[QStringLiteral("best_validation_perplexity")] = std::exp(r.bestValidationLoss);
            results[QStringLiteral("best_step")] = r.bestStep;
            results[QStringLiteral("best_adapter")] = r.bestCheckpoint;
            store.addCheckpoint(id, r.bestStep, r.bestCheckpoint, QStringLiteral("best"));
        }
        if (r.finalValidation) {
            results[QStringLiteral("validation_loss")] = r.finalValidation->total.loss();
            results[QStringLiteral("validation_perplexity")] = r.finalValidation->total.perplexity();
            results[QStringLiteral("validation")] = evalJson(*r.finalValidation);
        }
        if (r.test) {
            results[QStringLiteral("test_loss")] = r.test->total.loss();
            results[QStringLiteral("test_perplexity")] = r.test->total.perplexity();
            results[QStringLiteral("test")] = evalJson(*r.test);
        }
        store.addCheckpoint(id, r.steps, r.lastCheckpoint, QStringLiteral("final"));
        store.finish(id, QStringLiteral("completed"), results);
        QMutexLocker lock(&m_resultsMutex);
        m_results = results;
    } catch (const JobCancelled &) {
        store.finish(id, QStringLiteral("stopped"), {},
                     QStringLiteral("Stopped by the user; resume continues from the last checkpoint."));
        throw;
    } catch (const Error &e) {
        store.finish(id, QStringLiteral("failed"), {}, e.fullMessage());
        throw;
    } catch (const c10::Error &e) {
        const QString what = QString::fromUtf8(e.what_without_backtrace());
        const bool oom = what.contains(QLatin1String("out of memory"), Qt::CaseInsensitive)
            || what.contains(QLatin1String("DefaultCPUAllocator"));
        const Error error(
            oom ? QStringLiteral("Out of memory while training: %1").arg(what.left(300))
                : QStringLiteral("Training failed in libtorch: %1").arg(what.left(500)),
            oom ? QStringLiteral("use a smaller micro-batch, a shorter maximum length or bfloat16 weights")
                : QString());
        store.finish(id, QStringLiteral("failed"), {}, error.fullMessage());
        throw error;
    } catch (const std::bad_alloc &) {
        store.finish(id, QStringLiteral("failed"), {}, QStringLiteral("Out of memory while training"));
        throw;
    }
}

} // namespace medtune

// Its moc code stays in this file, so programs without libtorch do not pull it in through
// the library's shared moc file.
#include "moc_training_job.cpp"
