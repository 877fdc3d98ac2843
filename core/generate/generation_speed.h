// Measured generation speed per machine and model shape ('medtune-cli bench generate'
// stores it), and the batch size review generation takes from it. No libtorch here.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace medtune {

/// What a measurement depends on: the CPU, the compute threads, the model's widths and the
/// weight type.
struct GenerationSpeedKey
{
    QString cpu; ///< cpuSignature() (or a device name such as "cuda:0")
    int threads = 0;
    int hiddenSize = 0;
    int intermediateSize = 0;
    int layers = 0;
    int vocabSize = 0;
    QString weights; ///< "float32", "bfloat16"

    bool operator==(const GenerationSpeedKey &other) const = default;
    /// Same CPU, threads and weight type (the widths may differ).
    bool sameMachine(const GenerationSpeedKey &other) const;
    QString describe() const;
    QJsonObject toJson() const;
    static GenerationSpeedKey fromJson(const QJsonObject &json);
};

/// One measurement: decode tokens/s per batch size.
struct GenerationSpeed
{
    GenerationSpeedKey key;
    QMap<int, double> tokensPerSecond; ///< batch size -> decode tokens/s
    QDateTime measured;
};

/// The CPU's model name and the vector features that decide the kernels (avx2, fma,
/// avx512f, avx512bw, avx512_bf16, amx_bf16), from /proc/cpuinfo.
QString cpuSignature();

/// The measurements of this user on this machine: a JSON file in the application data
/// folder (generation_speed.json), written atomically. Not thread-safe across processes
/// beyond the atomic replace.
class GenerationSpeedStore
{
public:
    explicit GenerationSpeedStore(QString path = defaultPath());
    static QString defaultPath();
    QString path() const { return m_path; }

    /// Every stored measurement; an absent file is empty; an unreadable one throws Error.
    QList<GenerationSpeed> all() const;
    /// Adds a measurement: batch sizes measured again replace the old figures of that key.
    void record(const GenerationSpeed &speed);

private:
    QString m_path;
};

/// How many prompts decode together, and why.
struct BatchChoice
{
    int batchSize = 4;
    QString reason;
    bool measured = false; ///< false: the fixed default (nothing measured for this machine)
};

/// Batch size when nothing was measured on this machine: today's safe default.
constexpr int kDefaultGenerationBatch = 4;
/// Share of the best measured throughput the chosen batch must reach.
constexpr double kBatchThroughputShare = 0.9;

/// The smallest measured batch size whose decode tokens/s reach kBatchThroughputShare of the
/// best one, from the measurement of exactly this key, else of the same CPU, threads and
/// weight type at the nearest widths (throughput per batch depends on the ratio of matmul
/// rate to bandwidth, not much on the layer count), else kDefaultGenerationBatch; capped by
/// the number of prompts (at least 1).
BatchChoice chooseGenerationBatch(const QList<GenerationSpeed> &measured, const GenerationSpeedKey &key, int prompts);

} // namespace medtune
