// Throughput of the model engine against what the machine can do: prefill and decode
// tokens/s per weight type, with the measured matmul rate and memory bandwidth as limits;
// and the memory cost of loading a folder. No libtorch in this header.
#pragma once

#include "model/llama_model.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace medtune {

struct ModelBenchmarkOptions
{
    LlamaConfig config; ///< default: TinyLlama's widths with 2 layers (see defaultConfig)
    QList<WeightType> weightTypes = { WeightType::BFloat16, WeightType::Float32 };
    int promptTokens = 256;
    int decodeTokens = 32;
    int repeats = 3; ///< best of this many timed runs
    QString writeModelTo; ///< when set, the bfloat16 model is also saved there
    static LlamaConfig defaultConfig(int layers = 2);
};

/// FLOP/s of x W^T with x (m, k) and W (n, k) in the given weight type (best of repeats).
double measureMatmulRate(WeightType type, int64_t m, int64_t k, int64_t n, int repeats = 3);

/// Read bandwidth in bytes/s: summing a 1 GiB buffer (best of repeats).
double measureReadBandwidth(int repeats = 3);

/// Runs the benchmark and returns its figures as JSON (documented in docs/model-engine.md).
QJsonObject runModelBenchmark(const ModelBenchmarkOptions &options);

/// Loads a folder, runs one forward pass and reports the weights' size, the load time and
/// the process's peak resident memory before and after (getrusage).
QJsonObject measureModelLoad(const QString &folder, const ModelOptions &options);

} // namespace medtune
