// Decode throughput per batch size through the real generation path (Generator: KV cache,
// left-padded batch, greedy), against the bounds the machine sets: memory bandwidth (every
// weight read once per step) and the float32 matmul rate. No libtorch in this header.
#pragma once

#include "generate/generation_speed.h"
#include "model/llama_model.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>

namespace medtune {

struct GenerationBenchmarkOptions
{
    LlamaConfig config; ///< model widths; random weights (ModelBenchmarkOptions::defaultConfig)
    QList<int> batchSizes = { 1, 2, 4, 8, 16 };
    QList<WeightType> weightTypes = { WeightType::Float32, WeightType::BFloat16 };
    int promptTokens = 128; ///< per prompt
    int newTokens = 32; ///< decode steps timed after the first token (which the prefill gives)
    int repeats = 1; ///< best of this many timed runs
    std::function<void(const QString &)> progress; ///< one line per measurement
};

/// Runs the benchmark and returns its figures as JSON (documented in docs/model-engine.md).
QJsonObject runGenerationBenchmark(const GenerationBenchmarkOptions &options);

/// The decode tokens/s per batch size of a runGenerationBenchmark result, one entry per
/// weight type, keyed by this machine (for GenerationSpeedStore).
QList<GenerationSpeed> generationSpeeds(const QJsonObject &result);

} // namespace medtune
