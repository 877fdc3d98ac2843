// Throughput of LoRA training at TinyLlama's widths against the machine's matmul rate:
// tokens/s of full training steps (forward, backward, AdamW on the adapters) and the
// achieved FLOP/s, counting the frozen forward, the activation gradients and the LoRA
// terms. No libtorch in this header.
#pragma once

#include "model/llama_model.h"

#include <QJsonObject>
#include <QList>

namespace medtune {

class DataParallel;

struct TrainBenchmarkOptions
{
    int layers = 2; ///< TinyLlama widths with this many layers
    int fullDepth = 22; ///< TinyLlama's depth, for the projection
    int sequenceLength = 512;
    int microBatch = 1;
    int rank = 8; ///< LoRA on q_proj and v_proj
    int steps = 3; ///< timed steps (after one warm-up step)
    QList<WeightType> weightTypes = { WeightType::BFloat16, WeightType::Float32 };
    /// Tokens of one epoch to project the time of (e.g. PubMedQA's 1,000 labelled items
    /// under the default template); 0 = no projection.
    qint64 epochTokens = 0;
    /// Data-parallel: this process is one rank; each step trains its own micro-batch and
    /// all-reduces the gradients in one flat bucket, as the trainer does. tokens/s then
    /// counts the tokens of all ranks.
    DataParallel *group = nullptr;
};

/// Training FLOPs per token for a LLaMA config with LoRA rank r on q and v, and sequence
/// length T: frozen forward 2P, activation gradients 2P (P = matmul parameters incl. the
/// LM head), attention 3 x 4 T d per layer (causal half of T x T both ways), LoRA 6 r (in + out).
double trainingFlopsPerToken(const LlamaConfig &config, int rank, int sequenceLength);

QJsonObject runTrainBenchmark(const TrainBenchmarkOptions &options);

} // namespace medtune
