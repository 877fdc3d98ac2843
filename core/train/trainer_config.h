// Optimizer, schedule, batching, evaluation and checkpoint settings of a training run.
// Plain values (no libtorch), stored as JSON with each run.
#pragma once

#include "train/lr_schedule.h"

#include <QJsonObject>

namespace medtune {

struct TrainerConfig
{
    // AdamW
    double learningRate = 2e-4;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double weightDecay = 0.0;
    // schedule
    LrSchedule::Kind schedule = LrSchedule::Kind::Cosine;
    double warmupRatio = 0.03; ///< of the total optimizer steps, used when warmupSteps < 0
    int warmupSteps = -1;
    double minLrRatio = 0.0;
    // batches
    int microBatchSize = 4; ///< sequences per forward pass
    int maxTokensPerMicroBatch = 0; ///< padded tokens (rows x longest); 0 = no budget
    int gradientAccumulation = 1; ///< micro-batches per optimizer step
    bool groupByLength = false; ///< sort chunks of the shuffled order by length to cut padding
    double maxGradNorm = 1.0; ///< 0 = no clipping
    // length
    double epochs = 1.0;
    int maxSteps = 0; ///< > 0 overrides epochs
    // evaluation and checkpoints
    int evalEvery = 50; ///< optimizer steps; 0 = only at the end
    bool evalAtStart = true; ///< a validation pass before the first step (the curve's origin)
    int checkpointEvery = 100; ///< optimizer steps; 0 = only at the end
    int earlyStoppingPatience = 0; ///< evaluations without improvement; 0 = off
    int maxConsecutiveNonFinite = 5; ///< NaN/Inf steps in a row that stop the run
    quint64 seed = 42;

    void validate() const; ///< throws UsageError naming the bad setting
    QJsonObject toJson() const;
    static TrainerConfig fromJson(const QJsonObject &json); ///< missing keys keep defaults
};

} // namespace medtune
