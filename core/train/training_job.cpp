#include "train/training_job.h"

#include "data/dataset_store.h"
#include "model/llama_model.h"
#include "train/data_parallel.h"
#include "train/lora_model.h"
#include "train/run_store.h"
#include "train/trainer.h"
#include "train/training_data.h"
#include "train/training_memory.h"
#include "util/compute_devices.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/runtime_versions.h"
#include "workspace/workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
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
        byTask[it.key()] = QJsonObject { { QStringLiteral("loss"), it->meanLoss() },
                                         { QStringLiteral("perplexity"), it->perplexity() },
                                         { QStringLiteral("tokens"), it->tokens } };
    for (auto it = r.bySource.begin(); it != r.bySource.end(); ++it)
        bySource[it.key()] = QJsonObject { { QStringLiteral("loss"), it->meanLoss() },
                                           { QStringLiteral("perplexity"), it->perplexity() },
                                           { QStringLiteral("tokens"), it->tokens } };
    return QJsonObject { { QStringLiteral("step"), r.step },
                         { QStringLiteral("loss"), r.total.meanLoss() },
                         { QStringLiteral("perplexity"), r.total.perplexity() },
                         { QStringLiteral("tokens"), r.total.tokens },
                         { QStringLiteral("by_task"), byTask },
                         { QStringLiteral("by_source"), bySource } };
}

// What identifies a base model folder without reading gigabytes: the configuration and
// tokenizer in full, and of each weights file its name, size, first and last MiB (the
// safetensors header with every tensor's name, shape and offset, and real weights).
QString modelFingerprint(const QString &dir)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    const QDir folder(dir);
    QStringList files
        = folder.entryList({ QStringLiteral("*.json"), QStringLiteral("tokenizer.model") }, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile f(folder.filePath(name));
        if (f.open(QIODevice::ReadOnly)) {
            h.addData(name.toUtf8());
            h.addData(f.readAll());
        }
    }
    for (const QString &name : folder.entryList({ QStringLiteral("*.safetensors") }, QDir::Files, QDir::Name)) {
        QFile f(folder.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        constexpr qint64 kMiB = 1 << 20;
        h.addData(name.toUtf8());
        h.addData(QByteArray::number(f.size()));
        h.addData(f.read(kMiB));
        if (f.size() > kMiB && f.seek(std::max(kMiB, f.size() - kMiB)))
            h.addData(f.read(kMiB));
    }
    return QString::fromLatin1(h.result().toHex());
}

QString sha256(const QJsonValue &v)
{
    const QByteArray bytes
        = v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact) : v.toVariant().toString().toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// Every rank describes what it is about to train on; all compare with rank 0 and refuse,
// naming the rank and the item, when anything differs.
void checkRanksAgree(DataParallel &group, const TrainingSpec &spec, const QJsonObject &dataSummary,
                     const QString &resumeFrom)
{
    QJsonObject config = spec.toJson();
    config.remove(QStringLiteral("threads")); // may differ between machines
    QJsonObject data = dataSummary;
    const QJsonValue datasets = data.take(QStringLiteral("dataset_sha256"));
    const QList<std::pair<QString, QString>> items {
        { QStringLiteral("program version"), runtimeVersions().application + u' ' + runtimeVersions().libtorch },
        { QStringLiteral("base model"), modelFingerprint(spec.modelDir) },
        { QStringLiteral("datasets (content hashes)"), sha256(datasets) },
        { QStringLiteral("tokenized data"), sha256(data) },
        { QStringLiteral("configuration"), sha256(config) },
        { QStringLiteral("checkpoint to resume from"), resumeFrom },
    };
    QJsonObject mine;
    for (const auto &[name, value] : items)
        mine[name] = value;
    const std::vector<QByteArray> all = group.allGather(QJsonDocument(mine).toJson(QJsonDocument::Compact));
    const QJsonObject first = QJsonDocument::fromJson(all.front()).object();
    for (size_t r = 1; r < all.size(); ++r) {
        const QJsonObject other = QJsonDocument::fromJson(all[r]).object();
        for (const auto &[name, value] : items) {
            Q_UNUSED(value);
            if (other.value(name) != first.value(name))
                throw Error(
                    QStringLiteral("Rank %1 sees a different %2 than rank 0 (%3 against %4)")
                        .arg(r)
                        .arg(name, other.value(name).toString().left(16), first.value(name).toString().left(16)),
                    QStringLiteral("start every rank with the same program, model folder, workspace "
                                   "(a shared file system) and options"));
        }
    }
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
                                                 std::shared_ptr<DataParallel> group, int checkpointStep)
{
    if (group && !group->isWriter()) {
        // Rank 0 checks the run's state; this rank only reads its configuration.
        const RunRecord run = RunStore(workspace, false).get(runId);
        auto job = std::make_unique<TrainingJob>(workspace, TrainingSpec::fromJson(run.config), parent);
        job->m_runId = runId;
        job->m_resume = true;
        job->setDataParallel(std::move(group));
        return job;
    }
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
    job->setDataParallel(std::move(group));
    job->m_resumeStep = checkpointStep;
    return job;
}

void TrainingJob::setDataParallel(std::shared_ptr<DataParallel> group)
{
    m_parallel = std::move(group);
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
    // In a data-parallel run only rank 0 (the writer) records anything in the workspace.
    const bool writer = !m_parallel || m_parallel->isWriter();
    RunStore store(m_workspace, writer);
    if (writer && !m_resume) {
        m_runId = store.create(m_spec.name.isEmpty() ? QStringLiteral("run") : m_spec.name, m_spec.toJson());
    }
    const qint64 id = m_runId;
    RunRecord run;
    if (writer) {
        Q_EMIT runCreated(id);
        run = store.get(id);
        store.markRunning(id);
    } else if (m_resume) {
        run = store.get(id);
    }
    auto log = [this](const QString &line) { Q_EMIT logLine(line); };

    try {
        setComputeThreads(m_spec.threads);
        reportProgress(0, 0, QStringLiteral("Loading the base model"));
        ModelOptions options;
        options.device = m_spec.device;
        // Data-parallel on GPUs: one device per process on a machine.
        if (m_parallel && m_spec.device == QLatin1String("cuda"))
            options.device = QStringLiteral("cuda:%1").arg(m_parallel->environment().localRank);
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
        {
            // The largest micro-batch the plan can form: rows x the longest sequence (within
            // the padded-token budget), with logits at its labelled share of positions.
            int longest = 1;
            qint64 positions = 0, labelled = 0;
            for (const auto *split : { &data.train, &data.validation, &data.test })
                for (const auto &s : *split) {
                    longest = std::max(longest, int(s.ids.size()));
                    positions += qint64(s.ids.size());
                    labelled += std::count_if(s.labels.begin(), s.labels.end(), [](int l) { return l != -100; });
                }
            TrainingMemoryShape shape;
            shape.tokens = longest;
            shape.rows = m_spec.trainer.microBatchSize;
            if (m_spec.trainer.maxTokensPerMicroBatch > 0)
                shape.rows = std::clamp(m_spec.trainer.maxTokensPerMicroBatch / longest, 1, shape.rows);
            shape.answerFraction = positions > 0 ? double(labelled) / double(positions) : 1.0;
            shape.activationBytes = model->weightType() == WeightType::Float32 ? 4 : 2;
            shape.loraRank = m_spec.lora.r;
            const TrainingMemoryEstimate without = estimateTrainingMemory(model->config(), shape, false);
            QString why;
            const qint64 available = availableMemoryBytes();
            const bool checkpointing
                = decideActivationCheckpointing(parseActivationCheckpointing(m_spec.activationCheckpointing), without,
                                                model->weightBytes(), available, &why);
            // Checkpointing on: layers keep their MLP outputs (so that only their attention is
            // run again) as far as 90% of the memory allows.
            const int keepMlp = checkpointing && available > 0 ? layersKeepingMlpOutputsWithin(
                                    model->config(), shape, model->weightBytes() + qint64(0.9 * double(available)))
                                                               : 0;
            trainable.setActivationCheckpointing(checkpointing, keepMlp);
            if (checkpointing)
                why += QStringLiteral("; %1 of %2 layers keep their MLP outputs")
                           .arg(keepMlp)
                           .arg(model->config().numLayers);
            log(QStringLiteral("Memory: %1 x %2 tokens per micro-batch, %3 of them with a label; %4")
                    .arg(shape.rows)
                    .arg(longest)
                    .arg(QString::number(shape.answerFraction * 100, 'f', 0) + QLatin1Char('%'), why));
        }

        // Ranks agree on the checkpoint asked for (the chosen one, else the newest); falling
        // back from a damaged one below goes the same way on every rank (the same files).
        QString resumeFrom;
        if (m_resume)
            for (const auto &[step, dir] : completeCheckpoints(run.outputDir))
                if (m_resumeStep < 0 || step == m_resumeStep) {
                    resumeFrom = dir;
                    break;
                }
        if (m_parallel) {
            checkRanksAgree(*m_parallel, m_spec, data.summary, resumeFrom);
            log(QStringLiteral("Data-parallel: %1 ranks (%2), %3 micro-batches of %4 per optimizer step in all; "
                               "every rank sees the same model, data and configuration")
                    .arg(m_parallel->worldSize())
                    .arg(m_parallel->backend())
                    .arg(m_spec.trainer.gradientAccumulation)
                    .arg(m_spec.trainer.microBatchSize));
        }
        Trainer trainer(trainable, m_spec.trainer, std::move(data.train), std::move(data.validation),
                        std::move(data.test), writer ? run.outputDir : QString());
        trainer.setDataParallel(m_parallel.get());
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
                    if (writer)
                        store.addMetrics(id, QStringLiteral("train"), r.step,
                                         { { QStringLiteral("loss"), r.loss },
                                           { QStringLiteral("learning_rate"), r.learningRate },
                                           { QStringLiteral("grad_norm"), r.gradNorm },
                                           { QStringLiteral("tokens_per_second"), r.tokensPerSecond } });
                    if (writer && heartbeat.elapsed() > 5000) {
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
                    QMap<QString, double> values { { QStringLiteral("loss"), r.total.meanLoss() },
                                                   { QStringLiteral("perplexity"), r.total.perplexity() } };
                    const LossTotal &t = r.total;
                    EvaluationPoint p { r.split, r.step, t.meanLoss(), t.perplexity(), t.tokens, {}, {} };
                    for (auto it = r.byTask.begin(); it != r.byTask.end(); ++it) {
                        values[QStringLiteral("loss/task/") + it.key()] = it->meanLoss();
                        p.lossByTask[it.key()] = it->meanLoss();
                    }
                    for (auto it = r.bySource.begin(); it != r.bySource.end(); ++it) {
                        values[QStringLiteral("loss/source/") + it.key()] = it->meanLoss();
                        p.lossBySource[it.key()] = it->meanLoss();
                    }
                    if (writer)
                        store.addMetrics(id, r.split, r.step, values);
                    log(QStringLiteral("%1 at step %2: loss %3, perplexity %4")
                            .arg(r.split)
                            .arg(r.step)
                            .arg(r.total.meanLoss(), 0, 'f', 4)
                            .arg(r.total.perplexity(), 0, 'f', 2));
                    Q_EMIT evaluated(p);
                },
            .onCheckpoint =
                [&](const QString &dir, int step) {
                    if (writer)
                        store.addCheckpoint(id, step, dir, QStringLiteral("periodic"));
                    Q_EMIT checkpointSaved(dir, step);
                },
            .onLog = log,
            .checkpoint =
                [&] {
                    if (writer && isPaused()) {
                        store.setStatus(id, QStringLiteral("paused"));
                        checkpoint();
                        store.setStatus(id, QStringLiteral("running"));
                    }
                    checkpoint();
                },
            .stopRequested = [this] { return isCancelRequested(); },
        });

        const TrainingResult r = trainer.run(m_stopAfterStep);
        if (!writer) {
            QMutexLocker lock(&m_resultsMutex);
            m_results = QJsonObject { { QStringLiteral("steps"), r.steps } };
            return;
        }
        if (r.steps < trainer.totalSteps() && !r.stoppedEarly) {
            // Stopped where asked (setStopAfterStep): resumable like a stop by the user.
            store.finish(id, QStringLiteral("stopped"), {},
                         QStringLiteral("Stopped after step %1 as asked; resume continues from there.").arg(r.steps));
            QMutexLocker lock(&m_resultsMutex);
            m_results = QJsonObject { { QStringLiteral("steps"), r.steps },
                                      { QStringLiteral("stopped_after_step"), r.steps },
                                      { QStringLiteral("final_checkpoint"), r.lastCheckpoint } };
            return;
        }
        QJsonObject results { { QStringLiteral("steps"), r.steps },
                              { QStringLiteral("skipped_steps"), r.skippedSteps },
                              { QStringLiteral("stopped_early"), r.stoppedEarly },
                              { QStringLiteral("final_train_loss"), r.lastTrainLoss },
                              { QStringLiteral("final_checkpoint"), r.lastCheckpoint },
                              { QStringLiteral("trainable_parameters"), qint64(trainable.adapters().parameterCount()) },
                              { QStringLiteral("ranks"), m_parallel ? m_parallel->worldSize() : 1 } };
        if (r.bestStep >= 0) {
            results[QStringLiteral("best_validation_loss")] = r.bestValidationLoss;
            results[QStringLiteral("best_validation_perplexity")] = std::exp(r.bestValidationLoss);
            results[QStringLiteral("best_step")] = r.bestStep;
            results[QStringLiteral("best_adapter")] = r.bestCheckpoint;
            store.addCheckpoint(id, r.bestStep, r.bestCheckpoint, QStringLiteral("best"));
        }
        if (r.finalValidation) {
            results[QStringLiteral("validation_loss")] = r.finalValidation->total.meanLoss();
            results[QStringLiteral("validation_perplexity")] = r.finalValidation->total.perplexity();
            results[QStringLiteral("validation")] = evalJson(*r.finalValidation);
        }
        if (r.test) {
            results[QStringLiteral("test_loss")] = r.test->total.meanLoss();
            results[QStringLiteral("test_perplexity")] = r.test->total.perplexity();
            results[QStringLiteral("test")] = evalJson(*r.test);
        }
        store.addCheckpoint(id, r.steps, r.lastCheckpoint, QStringLiteral("final"));
        store.finish(id, QStringLiteral("completed"), results);
        QMutexLocker lock(&m_resultsMutex);
        m_results = results;
    } catch (const JobCancelled &) {
        if (writer)
            store.finish(id, QStringLiteral("stopped"), {},
                         QStringLiteral("Stopped by the user; resume continues from the last checkpoint."));
        throw;
    } catch (const Error &e) {
        if (writer)
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
        if (writer)
            store.finish(id, QStringLiteral("failed"), {}, error.fullMessage());
        throw error;
    } catch (const std::bad_alloc &) {
        if (writer)
            store.finish(id, QStringLiteral("failed"), {}, QStringLiteral("Out of memory while training"));
        throw;
    }
}

} // namespace medtune

// Its moc code stays in this file, so programs without libtorch do not pull it in through
// the library's shared moc file.
#include "moc_training_job.cpp"
