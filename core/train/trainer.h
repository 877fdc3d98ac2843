// The LoRA training loop: AdamW over the adapter parameters only, warm-up and decay,
// gradient accumulation with the loss averaged over all answer tokens of the accumulated
// batch, clipping, NaN/Inf steps skipped and counted, evaluation with breakdowns by task
// and source, atomic checkpoints and exact resume; optionally one rank of a data-parallel
// group (train/data_parallel.h). Internal header (libtorch).
#pragma once

#include "eval/loss_total.h"
#include "text/labelled_sequence.h"
#include "train/batch_plan.h"
#include "train/trainer_config.h"

#include <QMap>
#include <QString>
#include <functional>
#include <optional>
#include <torch/torch.h>
#include <vector>

namespace medtune {

class DataParallel;

/// What the trainer needs of a model with adapters attached.
class TrainableModel
{
public:
    virtual ~TrainableModel() = default;
    /// ids, mask, labels: (B, T) int64, mask 1 on tokens and 0 on padding, labels -100 where
    /// no loss is taken -> per-row sums (B,) float32 of the next-token cross-entropy over the
    /// positions whose next label is not -100 (rowLossSums of the full logits, which a model
    /// need not compute: only labelled positions need logits). Differentiable.
    virtual torch::Tensor lossSums(const torch::Tensor &ids, const torch::Tensor &mask, const torch::Tensor &labels)
        = 0;
    /// The adapter parameters (float32, requires_grad); nothing of the frozen base.
    virtual std::vector<torch::Tensor> trainableParameters() = 0;
    /// Dropout on (training) or off (evaluation).
    virtual void setTraining(bool on) = 0;
    virtual void saveAdapter(const QString &dir) const = 0;
    /// Copies saved values into the existing parameters (optimizer references stay valid).
    virtual void loadAdapter(const QString &dir) = 0;
    virtual torch::Device device() const = 0;
    virtual int padId() const = 0;
};

/// Per-row sums of next-token cross-entropy over positions whose (shifted) label is not
/// -100, from full logits. logits (B, T, V), labels (B, T) -> (B,) float32.
torch::Tensor rowLossSums(const torch::Tensor &logits, const torch::Tensor &labels);

struct MicroBatch
{
    torch::Tensor ids, mask, labels; ///< (B, T) int64, right-padded
    qint64 answerTokens = 0; ///< positions that carry loss
    qint64 tokens = 0; ///< real (unpadded) tokens
};
/// Positions that carry loss in these rows (as MicroBatch::answerTokens counts them).
qint64 answerTokenCount(const std::vector<LabelledSequence> &data, const MicroBatchIndices &rows);
MicroBatch makeMicroBatch(const std::vector<LabelledSequence> &data, const MicroBatchIndices &rows, int padId,
                          torch::Device device);

struct StepReport
{
    int step = 0; ///< optimizer steps done (1-based after the first)
    int totalSteps = 0;
    int epoch = 0;
    double epochProgress = 0; ///< fraction of the current epoch consumed
    double loss = 0; ///< mean over the answer tokens of the step
    double learningRate = 0;
    double gradNorm = 0; ///< before clipping
    double tokensPerSecond = 0;
    double etaSeconds = 0;
    bool skipped = false; ///< NaN or Inf: no update applied
    double allReduceSeconds = 0; ///< data-parallel runs: time in this step's gradient all-reduce
};

struct EvalReport
{
    QString split;
    int step = 0;
    LossTotal total;
    QMap<QString, LossTotal> byTask;
    QMap<QString, LossTotal> bySource;
};

struct TrainerCallbacks
{
    std::function<void(const StepReport &)> onStep;
    std::function<void(const EvalReport &)> onEval;
    std::function<void(const QString &dir, int step)> onCheckpoint;
    std::function<void(const QString &line)> onLog;
    /// Called between micro-batches: may block (pause) or throw (cancel).
    std::function<void()> checkpoint;
    /// Data-parallel runs, which cannot stop inside a step: asked once per step; when any
    /// rank answers true, every rank stops after that step (a checkpoint is written and
    /// JobCancelled thrown). checkpoint is not called then (a pause would stall the others).
    std::function<bool()> stopRequested;
};

struct TrainingResult
{
    int steps = 0;
    int skippedSteps = 0;
    bool stoppedEarly = false;
    double lastTrainLoss = 0;
    double bestValidationLoss = 0; ///< valid when bestStep >= 0
    int bestStep = -1;
    std::optional<EvalReport> finalValidation;
    std::optional<EvalReport> test;
    QString bestCheckpoint;
    QString lastCheckpoint;
};

class Trainer
{
public:
    /// Checkpoints go to outputDir/checkpoint-N.
    Trainer(TrainableModel &model, TrainerConfig config, std::vector<LabelledSequence> train,
            std::vector<LabelledSequence> validation, std::vector<LabelledSequence> test, QString outputDir);

    void setCallbacks(TrainerCallbacks callbacks) { m_callbacks = std::move(callbacks); }
    /// Makes this trainer one rank of a data-parallel run (null: a single process). Every
    /// optimizer step's micro-batches (config.gradientAccumulation of them, the global
    /// count) are dealt out to the ranks in turn and the gradients summed in one flat
    /// all-reduce, so the updates equal a single process's; evaluation is sharded the same
    /// way. Only rank 0 writes checkpoints and the best adapter.
    void setDataParallel(DataParallel *group) { m_parallel = group; }
    /// True unless this is a data-parallel rank other than 0.
    bool isWriter() const;
    /// Continues exactly from a checkpoint folder this trainer wrote.
    void resumeFrom(const QString &checkpointDir);
    /// Trains to the end (or to stopAfterStep optimizer steps, for stop-and-resume). When
    /// the checkpoint callback cancels (JobCancelled), a checkpoint of the last completed
    /// step is saved before the exception goes on, so that nothing done is lost.
    TrainingResult run(int stopAfterStep = -1);
    EvalReport evaluate(const std::vector<LabelledSequence> &data, const QString &split);
    int totalSteps() const { return m_totalSteps; }
    int step() const { return m_step; }
    /// Writes a checkpoint of the current state to outputDir/checkpoint-<step>.
    QString saveCheckpoint();

private:
    TrainingResult runSteps(int stopAfterStep);
    void log(const QString &line) const;
    void maybeCheckpoint() const;
    double currentLr() const;
    void syncParametersFromWriter();
    void reduceReport(EvalReport &report, const std::vector<LabelledSequence> &data);

    TrainableModel &m_model;
    TrainerConfig m_config;
    std::vector<LabelledSequence> m_train;
    std::vector<LabelledSequence> m_validation;
    std::vector<LabelledSequence> m_test;
    QString m_outputDir;
    TrainerCallbacks m_callbacks;
    DataParallel *m_parallel = nullptr;
    std::vector<torch::Tensor> m_params;
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::vector<int> m_lengths;
    LrSchedule m_schedule;
    int m_totalSteps = 0;
    // Position, counters and best result: everything a checkpoint must restore.
    int m_step = 0;
    int m_lastCheckpointStep = -1; ///< step of the newest checkpoint written or resumed from
    int m_epoch = 0;
    int m_microIndex = 0;
    int m_skipped = 0;
    int m_consecutiveNonFinite = 0;
    int m_evalsWithoutImprovement = 0;
    double m_bestValLoss = std::numeric_limits<double>::infinity();
    int m_bestStep = -1;
    QString m_bestCheckpoint;
};

} // namespace medtune
