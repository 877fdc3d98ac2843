#include "train/trainer.h"

#include "train/data_parallel.h"
#include "util/background_job.h"
#include "util/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <cmath>

namespace medtune {
namespace {

constexpr int kIgnore = -100;

void replaceDirectory(const QString &tmp, const QString &final)
{
    // The new folder is complete before it takes the final name; the old one is removed
    // only after that, so a crash leaves one consistent checkpoint at every moment.
    const QString old = final + QStringLiteral(".old");
    QDir(old).removeRecursively();
    if (QDir(final).exists() && !QDir().rename(final, old))
        throw Error(QStringLiteral("Cannot replace checkpoint %1").arg(final));
    if (!QDir().rename(tmp, final))
        throw Error(QStringLiteral("Cannot move checkpoint %1 into place").arg(final),
                    QStringLiteral("check the disk space and permissions of the run folder"));
    QDir(old).removeRecursively();
}

void writeJson(const QString &path, const QJsonObject &json)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(json).toJson()) < 0 || !f.commit())
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, f.errorString()),
                    QStringLiteral("check the disk space and permissions of the run folder"));
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot read %1: %2").arg(path, f.errorString()));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject())
        throw Error(QStringLiteral("%1 is not valid JSON: %2").arg(path, err.errorString()));
    return doc.object();
}

// One rank's dropout stream in a data-parallel run, derived from the run seed (splitmix64).
uint64_t rankSeed(uint64_t seed, int rank, int step)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (uint64_t(rank) + 1) + 0xBF58476D1CE4E5B9ULL * uint64_t(step);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (z ^ (z >> 31)) & 0x7FFFFFFFFFFFFFFFULL;
}

} // namespace

torch::Tensor rowLossSums(const torch::Tensor &logits, const torch::Tensor &labels)
{
    // Position t predicts token t+1: (B, T-1, V) against (B, T-1).
    const auto B = logits.size(0), T = logits.size(1), V = logits.size(2);
    if (T < 2)
        return torch::zeros({ B }, logits.options().dtype(torch::kFloat32));
    const torch::Tensor shiftedLogits = logits.slice(1, 0, T - 1).reshape({ -1, V }).to(torch::kFloat32);
    const torch::Tensor shiftedLabels = labels.slice(1, 1, T).reshape({ -1 });
    const torch::Tensor perToken = torch::nn::functional::cross_entropy(
        shiftedLogits, shiftedLabels,
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(kIgnore).reduction(torch::kNone));
    return perToken.view({ B, T - 1 }).sum(1);
}

qint64 answerTokenCount(const std::vector<LabelledSequence> &data, const MicroBatchIndices &rows)
{
    qint64 n = 0;
    for (int r : rows) {
        const auto &labels = data[size_t(r)].labels;
        for (size_t t = 1; t < labels.size(); ++t)
            n += labels[t] != kIgnore;
    }
    return n;
}

MicroBatch makeMicroBatch(const std::vector<LabelledSequence> &data, const MicroBatchIndices &rows, int padId,
                          torch::Device device)
{
    size_t longest = 0;
    for (int r : rows)
        longest = std::max(longest, data[size_t(r)].ids.size());
    const auto B = int64_t(rows.size()), T = int64_t(longest);
    torch::Tensor ids = torch::full({ B, T }, int64_t(std::max(0, padId)), torch::kLong);
    torch::Tensor mask = torch::zeros({ B, T }, torch::kLong);
    torch::Tensor labels = torch::full({ B, T }, int64_t(kIgnore), torch::kLong);
    auto ia = ids.accessor<int64_t, 2>();
    auto ma = mask.accessor<int64_t, 2>();
    auto la = labels.accessor<int64_t, 2>();
    MicroBatch mb;
    for (int64_t b = 0; b < B; ++b) {
        const LabelledSequence &s = data[size_t(rows[size_t(b)])];
        if (s.ids.size() != s.labels.size())
            throw Error(QStringLiteral("Training sequence %1 has %2 ids but %3 labels")
                            .arg(rows[size_t(b)])
                            .arg(s.ids.size())
                            .arg(s.labels.size()));
        for (size_t t = 0; t < s.ids.size(); ++t) {
            ia[b][int64_t(t)] = s.ids[t];
            ma[b][int64_t(t)] = 1;
            la[b][int64_t(t)] = s.labels[t];
            if (t > 0 && s.labels[t] != kIgnore)
                ++mb.answerTokens;
        }
        mb.tokens += qint64(s.ids.size());
    }
    mb.ids = ids.to(device);
    mb.mask = mask.to(device);
    mb.labels = labels.to(device);
    return mb;
}

Trainer::Trainer(TrainableModel &model, TrainerConfig config, std::vector<LabelledSequence> train,
                 std::vector<LabelledSequence> validation, std::vector<LabelledSequence> test, QString outputDir)
    : m_model(model)
    , m_config(std::move(config))
    , m_train(std::move(train))
    , m_validation(std::move(validation))
    , m_test(std::move(test))
    , m_outputDir(std::move(outputDir))
{
    m_config.validate();
    if (m_train.empty())
        throw Error(QStringLiteral("There are no training examples"),
                    QStringLiteral("import a dataset with a train split, or check the length limit"));
    m_params = m_model.trainableParameters();
    if (m_params.empty())
        throw Error(QStringLiteral("The model has no trainable parameters"),
                    QStringLiteral("attach LoRA adapters first"));
    for (const auto &p : m_params)
        if (p.scalar_type() != torch::kFloat32 || !p.requires_grad())
            throw Error(QStringLiteral("Adapter parameters must be float32 and require gradients"));

    m_optimizer = std::make_unique<torch::optim::AdamW>(m_params,
                                                        torch::optim::AdamWOptions(m_config.learningRate)
                                                            .betas({ m_config.beta1, m_config.beta2 })
                                                            .eps(m_config.epsilon)
                                                            .weight_decay(m_config.weightDecay));

    m_lengths.reserve(m_train.size());
    for (const auto &s : m_train)
        m_lengths.push_back(int(s.ids.size()));
    const int microPerEpoch = int(planEpoch(m_lengths, m_config, 0).size());
    const int stepsPerEpoch = (microPerEpoch + m_config.gradientAccumulation - 1) / m_config.gradientAccumulation;
    m_totalSteps
        = m_config.maxSteps > 0 ? m_config.maxSteps : std::max(1, int(std::ceil(m_config.epochs * stepsPerEpoch)));
    m_schedule.kind = m_config.schedule;
    m_schedule.peak = m_config.learningRate;
    m_schedule.totalSteps = m_totalSteps;
    m_schedule.warmupSteps
        = m_config.warmupSteps >= 0 ? m_config.warmupSteps : int(std::ceil(m_config.warmupRatio * m_totalSteps));
    m_schedule.minRatio = m_config.minLrRatio;
    if (!m_outputDir.isEmpty())
        QDir().mkpath(m_outputDir);
}

bool Trainer::isWriter() const
{
    return !m_parallel || m_parallel->isWriter();
}

void Trainer::syncParametersFromWriter()
{
    // Every rank starts from rank 0's adapter (same seed, but a rank on another machine
    // must not depend on its CPU drawing the same initialisation).
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> flat;
    for (const auto &p : m_params)
        flat.push_back(p.detach().reshape({ -1 }));
    torch::Tensor bucket = torch::cat(flat);
    m_parallel->broadcastFromWriter(bucket);
    int64_t offset = 0;
    for (auto &p : m_params) {
        p.copy_(bucket.slice(0, offset, offset + p.numel()).view_as(p));
        offset += p.numel();
    }
}

void Trainer::reduceReport(EvalReport &report, const std::vector<LabelledSequence> &data)
{
    // Every rank holds all sequences, so all know every task and source: one bucket of
    // (loss sum, tokens) pairs in a fixed order.
    QSet<QString> taskSet, sourceSet;
    for (const auto &s : data) {
        taskSet.insert(s.task);
        sourceSet.insert(s.source);
    }
    QStringList tasks(taskSet.begin(), taskSet.end()), sources(sourceSet.begin(), sourceSet.end());
    tasks.sort();
    sources.sort();
    std::vector<double> values { report.total.lossSum, double(report.total.tokens) };
    for (const QString &t : tasks) {
        values.push_back(report.byTask.value(t).lossSum);
        values.push_back(double(report.byTask.value(t).tokens));
    }
    for (const QString &s : sources) {
        values.push_back(report.bySource.value(s).lossSum);
        values.push_back(double(report.bySource.value(s).tokens));
    }
    torch::Tensor bucket = torch::tensor(values, torch::kDouble);
    m_parallel->allReduceSum(bucket);
    const auto v = bucket.accessor<double, 1>();
    auto total = [&](int64_t i) { return LossTotal { v[i], qint64(std::llround(v[i + 1])) }; };
    int64_t i = 0;
    report.total = total(i);
    i += 2;
    for (const QString &t : tasks) {
        report.byTask[t] = total(i);
        i += 2;
    }
    for (const QString &s : sources) {
        report.bySource[s] = total(i);
        i += 2;
    }
}

void Trainer::log(const QString &line) const
{
    if (m_callbacks.onLog)
        m_callbacks.onLog(line);
}

void Trainer::maybeCheckpoint() const
{
    if (m_callbacks.checkpoint)
        m_callbacks.checkpoint();
}

double Trainer::currentLr() const
{
    return m_schedule.at(m_step);
}

EvalReport Trainer::evaluate(const std::vector<LabelledSequence> &data, const QString &split)
{
    EvalReport report;
    report.split = split;
    report.step = m_step;
    if (data.empty())
        return report;
    std::vector<int> lengths;
    lengths.reserve(data.size());
    for (const auto &s : data)
        lengths.push_back(int(s.ids.size()));
    torch::NoGradGuard noGrad;
    m_model.setTraining(false);
    const std::vector<MicroBatchIndices> plan
        = planInOrder(lengths, m_config.microBatchSize, m_config.maxTokensPerMicroBatch);
    for (size_t k = 0; k < plan.size(); ++k) {
        // Data-parallel: rank r evaluates micro-batches r, r + W, ...; the sums are reduced below.
        if (m_parallel && int(k % size_t(m_parallel->worldSize())) != m_parallel->rank())
            continue;
        const MicroBatchIndices &rows = plan[k];
        if (!m_parallel)
            maybeCheckpoint();
        const MicroBatch mb = makeMicroBatch(data, rows, m_model.padId(), m_model.device());
        const torch::Tensor sums = m_model.lossSums(mb.ids, mb.mask, mb.labels).cpu();
        const torch::Tensor counts = (mb.labels.slice(1, 1) != kIgnore).sum(1).cpu();
        for (size_t b = 0; b < rows.size(); ++b) {
            const LabelledSequence &s = data[size_t(rows[b])];
            const double l = sums[int64_t(b)].item<double>();
            const qint64 n = counts[int64_t(b)].item<int64_t>();
            for (LossTotal *target : { &report.total, &report.byTask[s.task], &report.bySource[s.source] }) {
                target->lossSum += l;
                target->tokens += n;
            }
        }
    }
    if (m_parallel)
        reduceReport(report, data);
    m_model.setTraining(true);
    return report;
}

QString Trainer::saveCheckpoint()
{
    const QString final = QDir(m_outputDir).filePath(QStringLiteral("checkpoint-%1").arg(m_step));
    if (!isWriter()) {
        // Rank 0 writes it; the others keep the same bookkeeping.
        m_lastCheckpointStep = m_step;
        return final;
    }
    const QString tmp = final + QStringLiteral(".tmp");
    QDir(tmp).removeRecursively();
    if (!QDir().mkpath(tmp))
        throw Error(QStringLiteral("Cannot create %1").arg(tmp),
                    QStringLiteral("check the permissions of the run folder"));
    m_model.saveAdapter(tmp);
    torch::serialize::OutputArchive archive;
    m_optimizer->save(archive);
    {
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        archive.write("cpu_rng_state", gen.get_state());
    }
    const QString optimizerPath = QDir(tmp).filePath(QStringLiteral("optimizer.pt"));
    try {
        archive.save_to(QFile::encodeName(optimizerPath).toStdString());
    } catch (const c10::Error &e) {
        throw Error(
            QStringLiteral("Cannot write %1: %2").arg(optimizerPath, QString::fromUtf8(e.what_without_backtrace())),
            QStringLiteral("check the disk space of the run folder"));
    }
    writeJson(QDir(tmp).filePath(QStringLiteral("trainer_state.json")),
              QJsonObject { { QStringLiteral("step"), m_step },
                            { QStringLiteral("epoch"), m_epoch },
                            { QStringLiteral("micro_index"), m_microIndex },
                            { QStringLiteral("total_steps"), m_totalSteps },
                            { QStringLiteral("skipped_steps"), m_skipped },
                            { QStringLiteral("consecutive_non_finite"), m_consecutiveNonFinite },
                            { QStringLiteral("evals_without_improvement"), m_evalsWithoutImprovement },
                            { QStringLiteral("best_validation_loss"),
                              std::isfinite(m_bestValLoss) ? QJsonValue(m_bestValLoss) : QJsonValue() },
                            { QStringLiteral("best_step"), m_bestStep },
                            { QStringLiteral("best_checkpoint"), m_bestCheckpoint },
                            { QStringLiteral("trainer_config"), m_config.toJson() } });
    replaceDirectory(tmp, final);
    m_lastCheckpointStep = m_step;
    if (m_callbacks.onCheckpoint)
        m_callbacks.onCheckpoint(final, m_step);
    return final;
}

void Trainer::resumeFrom(const QString &dir)
{
    const QJsonObject state = readJson(QDir(dir).filePath(QStringLiteral("trainer_state.json")));
    const TrainerConfig saved = TrainerConfig::fromJson(state.value(QStringLiteral("trainer_config")).toObject());
    if (saved.toJson() != m_config.toJson())
        throw Error(QStringLiteral("The checkpoint %1 was written with other training settings").arg(dir),
                    QStringLiteral("resume with the run's own configuration"));
    m_model.loadAdapter(dir);
    torch::serialize::InputArchive archive;
    const QString optimizerPath = QDir(dir).filePath(QStringLiteral("optimizer.pt"));
    try {
        archive.load_from(QFile::encodeName(optimizerPath).toStdString());
        m_optimizer->load(archive);
        torch::Tensor rng;
        archive.read("cpu_rng_state", rng);
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(rng);
    } catch (const c10::Error &e) {
        throw Error(QStringLiteral("Cannot read the optimizer state %1: %2")
                        .arg(optimizerPath, QString::fromUtf8(e.what_without_backtrace())),
                    QStringLiteral("the checkpoint is damaged; resume from an earlier one"));
    }
    m_step = state.value(QStringLiteral("step")).toInt();
    m_epoch = state.value(QStringLiteral("epoch")).toInt();
    m_microIndex = state.value(QStringLiteral("micro_index")).toInt();
    m_lastCheckpointStep = m_step;
    m_skipped = state.value(QStringLiteral("skipped_steps")).toInt();
    m_consecutiveNonFinite = state.value(QStringLiteral("consecutive_non_finite")).toInt();
    m_evalsWithoutImprovement = state.value(QStringLiteral("evals_without_improvement")).toInt();
    const QJsonValue best = state.value(QStringLiteral("best_validation_loss"));
    m_bestValLoss = best.isDouble() ? best.toDouble() : std::numeric_limits<double>::infinity();
    m_bestStep = state.value(QStringLiteral("best_step")).toInt(-1);
    // The best adapter lives in this run's folder, wherever the folder was when it was written
    // (a copied or moved workspace resumes into itself).
    m_bestCheckpoint = state.value(QStringLiteral("best_checkpoint")).toString().isEmpty()
        ? QString()
        : QDir(m_outputDir).filePath(QStringLiteral("best"));
    log(QStringLiteral("Resumed at step %1 of %2 (epoch %3)").arg(m_step).arg(m_totalSteps).arg(m_epoch + 1));
}

TrainingResult Trainer::run(int stopAfterStep)
{
    try {
        return runSteps(stopAfterStep);
    } catch (const JobCancelled &) {
        // Stopping keeps the work done: the state after the last completed optimizer step
        // (a step in progress is dropped; resume does it again) becomes a checkpoint,
        // unless there is one of that step already.
        if (m_step > 0 && m_step != m_lastCheckpointStep) {
            if (isWriter())
                log(QStringLiteral("Stopped: saving a checkpoint of step %1 to resume from").arg(m_step));
            saveCheckpoint();
        }
        throw;
    }
}

TrainingResult Trainer::runSteps(int stopAfterStep)
{
    TrainingResult result;
    m_model.setTraining(true);
    std::vector<MicroBatchIndices> epochPlan = planEpoch(m_lengths, m_config, m_epoch);
    QElapsedTimer clock;
    clock.start();
    const int startStep = m_step;
    bool stoppedEarly = false;
    int lastEvalStep = -1;
    const int ranks = m_parallel ? m_parallel->worldSize() : 1;
    const int rank = m_parallel ? m_parallel->rank() : 0;
    if (m_parallel) {
        syncParametersFromWriter();
        // One run seed, one dropout stream per rank (and per resume point).
        torch::manual_seed(rankSeed(m_config.seed, rank, m_step));
    }

    auto evaluateValidation = [&]() {
        if (m_validation.empty() || lastEvalStep == m_step)
            return;
        lastEvalStep = m_step;
        EvalReport r = evaluate(m_validation, QStringLiteral("validation"));
        if (m_callbacks.onEval)
            m_callbacks.onEval(r);
        result.finalValidation = r;
        if (r.total.meanLoss() < m_bestValLoss) {
            m_bestValLoss = r.total.meanLoss();
            m_bestStep = m_step;
            m_evalsWithoutImprovement = 0;
            // The best adapter so far, replaced atomically.
            const QString best = QDir(m_outputDir).filePath(QStringLiteral("best"));
            if (isWriter()) {
                const QString tmp = best + QStringLiteral(".tmp");
                QDir(tmp).removeRecursively();
                QDir().mkpath(tmp);
                m_model.saveAdapter(tmp);
                writeJson(QDir(tmp).filePath(QStringLiteral("best.json")),
                          QJsonObject { { QStringLiteral("step"), m_step },
                                        { QStringLiteral("validation_loss"), m_bestValLoss } });
                replaceDirectory(tmp, best);
            }
            m_bestCheckpoint = best;
        } else {
            ++m_evalsWithoutImprovement;
        }
        if (m_config.earlyStoppingPatience > 0 && m_evalsWithoutImprovement >= m_config.earlyStoppingPatience) {
            log(QStringLiteral("Early stopping: validation loss has not improved for %1 evaluations")
                    .arg(m_evalsWithoutImprovement));
            stoppedEarly = true;
        }
    };

    if (m_step == 0 && m_config.evalAtStart)
        evaluateValidation();
    while (m_step < m_totalSteps && !stoppedEarly && (stopAfterStep < 0 || m_step < stopAfterStep)) {
        QElapsedTimer stepClock;
        stepClock.start();
        // The micro-batches of this optimizer step: up to `accumulation` from the current epoch.
        if (m_microIndex >= int(epochPlan.size())) {
            ++m_epoch;
            m_microIndex = 0;
            epochPlan = planEpoch(m_lengths, m_config, m_epoch);
        }
        const int end = std::min(int(epochPlan.size()), m_microIndex + m_config.gradientAccumulation);
        std::vector<MicroBatch> batches;
        qint64 answerTokens = 0, tokens = 0;
        qint64 localAnswerTokens = 0;
        for (int i = m_microIndex; i < end; ++i) {
            // Data-parallel: this rank takes micro-batches rank, rank + W, ... of the step,
            // and counts the answer tokens of all of them for the normalisation.
            if (m_parallel && (i - m_microIndex) % ranks != rank) {
                answerTokens += answerTokenCount(m_train, epochPlan[size_t(i)]);
                continue;
            }
            batches.push_back(makeMicroBatch(m_train, epochPlan[size_t(i)], m_model.padId(), m_model.device()));
            answerTokens += batches.back().answerTokens;
            localAnswerTokens += batches.back().answerTokens;
            tokens += batches.back().tokens;
        }

        for (auto &p : m_params)
            p.mutable_grad() = torch::Tensor();
        double lossSum = 0;
        for (const MicroBatch &mb : batches) {
            if (!m_parallel)
                maybeCheckpoint();
            if (mb.answerTokens == 0)
                continue;
            const torch::Tensor sum = m_model.lossSums(mb.ids, mb.mask, mb.labels).sum();
            // Dividing by the whole step's answer tokens makes k micro-batches one batch.
            (sum / double(answerTokens)).backward();
            lossSum += sum.item<double>();
        }
        m_microIndex = end;

        StepReport report;
        bool stopAll = false;
        if (m_parallel) {
            // One flat bucket: every gradient, then loss sum, answer tokens, tokens and the
            // stop flag. After the sum all ranks hold the same gradients and take the same step.
            const auto options = m_params.front().options();
            std::vector<torch::Tensor> parts;
            for (const auto &p : m_params)
                parts.push_back(p.grad().defined() ? p.grad().reshape({ -1 }) : torch::zeros({ p.numel() }, options));
            const bool stop = m_callbacks.stopRequested && m_callbacks.stopRequested();
            parts.push_back(
                torch::tensor({ float(lossSum), float(localAnswerTokens), float(tokens), stop ? 1.0f : 0.0f })
                    .to(options.device()));
            torch::Tensor bucket = torch::cat(parts);
            const double before = m_parallel->allReduceSeconds();
            m_parallel->allReduceSum(bucket);
            report.allReduceSeconds = m_parallel->allReduceSeconds() - before;
            int64_t offset = 0;
            for (auto &p : m_params) {
                if (answerTokens > 0)
                    p.mutable_grad() = bucket.slice(0, offset, offset + p.numel()).view_as(p).clone();
                offset += p.numel();
            }
            const torch::Tensor extras = bucket.slice(0, offset).to(torch::kCPU, torch::kDouble);
            lossSum = extras[0].item<double>();
            const qint64 reducedAnswerTokens = std::llround(extras[1].item<double>());
            tokens = std::llround(extras[2].item<double>());
            stopAll = extras[3].item<double>() > 0;
            if (reducedAnswerTokens != answerTokens)
                throw Error(QStringLiteral("The ranks disagree about step %1: %2 answer tokens counted here, %3 "
                                           "trained by all ranks together")
                                .arg(m_step + 1)
                                .arg(answerTokens)
                                .arg(reducedAnswerTokens),
                            QStringLiteral("every rank must see the same datasets and configuration"));
        }
        report.loss = answerTokens ? lossSum / double(answerTokens) : 0.0;
        report.learningRate = currentLr();
        std::vector<torch::Tensor> grads;
        for (auto &p : m_params)
            if (p.grad().defined())
                grads.push_back(p.grad());
        double norm = 0;
        if (!grads.empty()) {
            norm = m_config.maxGradNorm > 0 ? torch::nn::utils::clip_grad_norm_(m_params, m_config.maxGradNorm)
                                            : torch::stack([&] {
                                                  std::vector<torch::Tensor> n;
                                                  for (const auto &g : grads)
                                                      n.push_back(g.norm());
                                                  return n;
                                              }())
                                                  .norm()
                                                  .item<double>();
        }
        report.gradNorm = norm;
        if (!std::isfinite(report.loss) || !std::isfinite(norm)) {
            report.skipped = true;
            ++m_skipped;
            if (++m_consecutiveNonFinite >= m_config.maxConsecutiveNonFinite)
                throw Error(QStringLiteral(
                                "Training stopped: %1 steps in a row had a NaN or infinite loss or gradient (step %2)")
                                .arg(m_consecutiveNonFinite)
                                .arg(m_step + 1),
                            QStringLiteral("lower the learning rate, use float32 or check the data"));
            log(QStringLiteral("Step %1 skipped: non-finite loss or gradient").arg(m_step + 1));
        } else {
            m_consecutiveNonFinite = 0;
            for (auto &group : m_optimizer->param_groups())
                static_cast<torch::optim::AdamWOptions &>(group.options()).lr(report.learningRate);
            m_optimizer->step();
        }
        ++m_step;
        result.lastTrainLoss = report.loss;

        const double elapsed = double(clock.elapsed()) / 1000.0;
        report.step = m_step;
        report.totalSteps = m_totalSteps;
        report.epoch = m_epoch;
        report.epochProgress = epochPlan.empty() ? 1.0 : double(m_microIndex) / double(epochPlan.size());
        report.tokensPerSecond = double(tokens) / std::max(1e-9, double(stepClock.nsecsElapsed()) / 1e9);
        report.etaSeconds = elapsed / double(m_step - startStep) * double(m_totalSteps - m_step);
        if (m_callbacks.onStep)
            m_callbacks.onStep(report);

        const bool last = m_step >= m_totalSteps;
        if (!last && m_config.evalEvery > 0 && m_step % m_config.evalEvery == 0)
            evaluateValidation();
        if (!last && m_config.checkpointEvery > 0 && m_step % m_config.checkpointEvery == 0)
            result.lastCheckpoint = saveCheckpoint();
        if (stopAll && !last) {
            log(QStringLiteral("Stop requested: all ranks stop after step %1").arg(m_step));
            throw JobCancelled {};
        }
    }

    if (m_step >= m_totalSteps || stoppedEarly) {
        evaluateValidation();
        result.lastCheckpoint = saveCheckpoint();
        if (!m_test.empty()) {
            result.test = evaluate(m_test, QStringLiteral("test"));
            if (m_callbacks.onEval)
                m_callbacks.onEval(*result.test);
        }
    } else {
        result.lastCheckpoint = saveCheckpoint();
    }
    result.steps = m_step;
    result.skippedSteps = m_skipped;
    result.stoppedEarly = stoppedEarly;
    result.bestCheckpoint = m_bestCheckpoint;
    if (m_bestStep >= 0) {
        result.bestValidationLoss = m_bestValLoss;
        result.bestStep = m_bestStep;
    }
    return result;
}

} // namespace medtune
