// How much memory a LoRA training step needs, estimated from the model's shape and the
// largest micro-batch, and what the machine has available: the basis of the automatic
// activation-checkpointing choice. No libtorch.
#pragma once

#include "model/model_config.h"
#include "util/process_memory.h" // availableMemoryBytes

#include <QString>
#include <QtGlobal>

namespace medtune {

struct TrainingMemoryEstimate
{
    qint64 weights = 0; ///< frozen base weights
    qint64 activations = 0; ///< saved for the backward pass, plus one layer's working set
    qint64 logits = 0; ///< logits, log-probabilities and their gradient at labelled positions
    qint64 overhead = 0; ///< runtime, adapters, optimizer state
    qint64 total() const { return weights + activations + logits + overhead; }
};

struct TrainingMemoryShape
{
    int rows = 1; ///< sequences in the largest micro-batch
    int tokens = 512; ///< padded length of that micro-batch
    double answerFraction = 1.0; ///< share of positions that carry a label (logits only there)
    int activationBytes = 4; ///< 4 for float32 weights, 2 for bfloat16
    int loraRank = 8;
};

/// Peak memory of one training step (forward and backward) of a LLaMA model of this shape,
/// with or without activation checkpointing (and with `layersKeepingMlpOutputs` layers
/// keeping their MLP's gate and up outputs). Compared with the measured peak RSS of
/// `medtune-cli bench train` (docs/model-engine.md).
TrainingMemoryEstimate estimateTrainingMemory(const LlamaConfig &config, const TrainingMemoryShape &shape,
                                              bool checkpointActivations, int layersKeepingMlpOutputs = 0);

/// With checkpointing on: how many layers can also keep their MLP outputs (each costs
/// 2 x intermediate x activation bytes per token, and saves running the MLP again) while
/// the whole step stays within `budgetBytes` (weights included). 0..numLayers.
int layersKeepingMlpOutputsWithin(const LlamaConfig &config, const TrainingMemoryShape &shape, qint64 budgetBytes);

/// Activation checkpointing setting of a run: "auto" (on when the step without it would
/// not fit), "on" or "off".
enum class ActivationCheckpointing { Auto, On, Off };
ActivationCheckpointing parseActivationCheckpointing(const QString &name); ///< throws UsageError
QString activationCheckpointingName(ActivationCheckpointing mode);

/// Resolves Auto: on when the step without checkpointing would need more than 90% of
/// `availableBytes` in addition to `alreadyUsedBytes` (e.g. the loaded weights).
/// `why` (optional) gets a sentence for the run's log.
bool decideActivationCheckpointing(ActivationCheckpointing mode, const TrainingMemoryEstimate &without,
                                   qint64 alreadyUsedBytes, qint64 availableBytes, QString *why = nullptr);

/// "1.2 GB" style (decimal units, as memory is shown elsewhere in the app).
QString formatBytes(qint64 bytes);

} // namespace medtune
