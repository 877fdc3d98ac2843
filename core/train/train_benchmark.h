// Throughput of LoRA training at TinyLlama's widths against the machine's matmul rate:
// tokens/s of full training steps (forward, backward, AdamW on the adapters) and the
// achieved FLOP/s, counting the frozen forward, the activation gradients and the LoRA
// terms. No libtorch in this header.
#pragma once

#include "model/llama_model.h"
#include "train/training_memory.h"

#include <QJsonObject>
#include <QList>
#include <optional>

namespace medtune {

class DataParallel;

struct TrainBenchmarkOptions
{
    int layers = 2; ///< TinyLlama widths with this many layers
    int fullDepth = 22; ///< TinyLlama's depth, for the projection
    int sequenceLength = 512;
    int microBatch = 1;
    int rank = 8; ///< LoRA on q_proj and v_proj
    int steps = 3; ///< timed steps (after the warm-up steps)
    int warmupSteps = 1; ///< untimed steps first (allocations, oneDNN primitives)
    /// Share of each sequence's positions that carry a label (the answer at its end);
    /// PubMedQA's answers are about 13% of its tokens under the default template.
    double answerFraction = 0.15;
    /// Runs to make per weight type: without (Off), with (On) activation checkpointing, or
    /// Auto (on when the step would not fit in the available memory). Off runs that would
    /// not fit are skipped and reported, never started.
    QList<ActivationCheckpointing> checkpointing = { ActivationCheckpointing::Auto };
    /// With checkpointing: layers that keep their MLP outputs; -1 = as many as fit in the
    /// memory budget (as training chooses).
    int layersKeepingMlpOutputs = -1;
    /// Bytes a step may use in all (weights included); 0 = 90% of the memory available.
    qint64 memoryBudget = 0;
    QList<WeightType> weightTypes = { WeightType::BFloat16, WeightType::Float32 };
    /// weightTypes were asked for by name (--weights): run them even where the CPU has no fast
    /// path for them. Otherwise such types are skipped and listed under "skipped".
    bool weightTypesRequested = false;
    /// Whether the CPU has a fast bfloat16 path; unset = cpuHasFastBFloat16().
    std::optional<bool> cpuFastBFloat16;
    /// Tokens of one epoch to project the time of (e.g. PubMedQA's 1,000 labelled items
    /// under the default template); 0 = no projection.
    qint64 epochTokens = 0;
    /// Data-parallel: this process is one rank; each step trains its own micro-batch and
    /// all-reduces the gradients in one flat bucket, as the trainer does. tokens/s then
    /// counts the tokens of all ranks.
    DataParallel *group = nullptr;
};

/// Useful training FLOPs per token for a LLaMA config with LoRA rank r on q and v, and
/// sequence length T: frozen forward 2P and activation gradients 2P of the layers (P =
/// their matmul parameters), the LM head's 4 V d at labelled positions only (answerFraction
/// of them), attention 3 x 4 T d per layer (causal half of T x T both ways), LoRA 6 r (in +
/// out). Activation checkpointing's recomputation is not counted (it is the cost).
double trainingFlopsPerToken(const LlamaConfig &config, int rank, int sequenceLength, double answerFraction = 1.0);

/// Why bench train skips `type` on a CPU with (or without) a fast bfloat16 path unless it is
/// asked for by name; empty when it runs.
QString weightTypeSkipReason(WeightType type, bool cpuFastBFloat16);

/// Results per weight type; "cpu" holds the CPU's flags and its bfloat16 decision, "skipped"
/// the weight types not run and why, each result its "matmul_kernels" and "activations".
QJsonObject runTrainBenchmark(const TrainBenchmarkOptions &options);

} // namespace medtune
