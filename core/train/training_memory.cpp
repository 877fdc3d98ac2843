#include "train/training_memory.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>

namespace medtune {
namespace {

// Bytes saved for the backward pass per token and decoder layer (libtorch's autograd keeps
// the inputs its backward formulas need): both RMSNorms (float32 normalised copy and the
// scaled output), q/k/v and their rotated halves, the attention's float32 probabilities
// over every key (T of them), the attention output and residual, and the MLP's gate, SiLU,
// up and product. bfloat16 adds the float32 copies of norms and LoRA inputs.
double savedBytesPerTokenLayer(const LlamaConfig &c, const TrainingMemoryShape &s)
{
    const double e = s.activationBytes, h = c.hiddenSize, i = c.intermediateSize;
    const double kv = double(c.numKvHeads) * c.headDim(), heads = c.numHeads, t = s.tokens;
    double bytes = 2 * (4 * h + e * h); // norms
    bytes += e * (5 * h + 4 * kv); // q, k, v, rotations, attention output, residual
    bytes += 4 * heads * t + (e < 4 ? e * heads * t : 0); // probabilities (and their cast)
    bytes += 4 * e * i; // MLP
    if (e < 4)
        bytes += 4 * (2 * h + 2 * h); // float32 copies: norm inputs, LoRA inputs
    return bytes;
}

// The forward's short-lived peak inside one layer: scores, masked scores and probabilities.
double transientBytesPerToken(const LlamaConfig &c, const TrainingMemoryShape &s)
{
    return 3.0 * 4.0 * double(c.numHeads) * s.tokens;
}

} // namespace

namespace {
double keptMlpBytesPerLayer(const LlamaConfig &c, const TrainingMemoryShape &s)
{
    return 2.0 * s.activationBytes * double(c.intermediateSize) * double(s.rows) * s.tokens;
}
} // namespace

int layersKeepingMlpOutputsWithin(const LlamaConfig &c, const TrainingMemoryShape &s, qint64 budgetBytes)
{
    const double room = double(budgetBytes) - double(estimateTrainingMemory(c, s, true).total());
    if (room <= 0)
        return 0;
    return int(std::min<double>(c.numLayers, std::floor(room / keptMlpBytesPerLayer(c, s))));
}

TrainingMemoryEstimate estimateTrainingMemory(const LlamaConfig &c, const TrainingMemoryShape &s,
                                              bool checkpointActivations, int layersKeepingMlpOutputs)
{
    TrainingMemoryEstimate out;
    const double h = c.hiddenSize, kv = double(c.numKvHeads) * c.headDim(), i = c.intermediateSize;
    const double layerParams = 2 * h * h + 2 * h * kv + 3 * h * i + 2 * h;
    const double params = layerParams * c.numLayers + h * c.vocabSize * (c.tieWordEmbeddings ? 1 : 2) + h;
    out.weights = qint64(params * s.activationBytes);

    const double tokens = double(s.rows) * s.tokens;
    const double perLayer = savedBytesPerTokenLayer(c, s) * tokens;
    const double transient = transientBytesPerToken(c, s) * tokens;
    if (checkpointActivations) {
        // Each layer keeps its input; the backward pass holds one recomputed layer and part
        // of the forward's transient scores (calibrated: 22 layers, 4 x 1024 tokens, float32
        // measured 7.2 GB against 8.2 GB estimated).
        out.activations = qint64(double(c.numLayers) * s.activationBytes * h * tokens + perLayer + transient * 2.0 / 3.0
                                 + std::clamp(layersKeepingMlpOutputs, 0, c.numLayers) * keptMlpBytesPerLayer(c, s));
    } else {
        // Every layer's saved tensors, and the last layer's transient; the backward pass
        // frees a layer's tensors as it creates that layer's gradients.
        // Calibrated: 22 layers, 1 x 1024 tokens, float32 measured 13.6 GB at its peak, 1.2x
        // the sum of the saved tensors counted above (libtorch keeps some more).
        out.activations = qint64(1.2 * (double(c.numLayers) * perLayer + transient + 0.5 * perLayer));
    }
    // Logits (float32), log-probabilities kept for the backward pass, and two gradients of
    // that size, at labelled positions only.
    const double labelled = std::max(1.0, tokens * std::clamp(s.answerFraction, 0.0, 1.0));
    out.logits = qint64(labelled * c.vocabSize * (4.0 * 4.0 + (s.activationBytes < 4 ? s.activationBytes : 0)));
    // Runtime and libraries (measured about 0.3-0.4 GB), adapters with AdamW state.
    const double loraParams = double(s.loraRank) * ((h + h) + (h + kv)) * c.numLayers;
    out.overhead = qint64(400e6 + 16.0 * loraParams);
    return out;
}

ActivationCheckpointing parseActivationCheckpointing(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("auto") || n.isEmpty())
        return ActivationCheckpointing::Auto;
    if (n == QLatin1String("on") || n == QLatin1String("true") || n == QLatin1String("yes"))
        return ActivationCheckpointing::On;
    if (n == QLatin1String("off") || n == QLatin1String("false") || n == QLatin1String("no"))
        return ActivationCheckpointing::Off;
    throw UsageError(QStringLiteral("unknown activation checkpointing setting '%1'").arg(name),
                     QStringLiteral("use auto, on or off"));
}

QString activationCheckpointingName(ActivationCheckpointing mode)
{
    switch (mode) {
    case ActivationCheckpointing::On:
        return QStringLiteral("on");
    case ActivationCheckpointing::Off:
        return QStringLiteral("off");
    case ActivationCheckpointing::Auto:
        break;
    }
    return QStringLiteral("auto");
}

bool decideActivationCheckpointing(ActivationCheckpointing mode, const TrainingMemoryEstimate &without,
                                   qint64 alreadyUsedBytes, qint64 availableBytes, QString *why)
{
    if (mode != ActivationCheckpointing::Auto) {
        if (why)
            *why = mode == ActivationCheckpointing::On ? QStringLiteral("activation checkpointing on (as set)")
                                                       : QStringLiteral("activation checkpointing off (as set)");
        return mode == ActivationCheckpointing::On;
    }
    // What the step adds to what is already in memory (the loaded weights).
    const qint64 needed = std::max<qint64>(0, without.total() - alreadyUsedBytes);
    if (availableBytes < 0) {
        if (why)
            *why = QStringLiteral("activation checkpointing off: the available memory is unknown");
        return false;
    }
    const bool on = double(needed) > 0.9 * double(availableBytes);
    if (why)
        *why = on
            ? QStringLiteral("activation checkpointing on: a step without it needs about %1 more, %2 is available")
                  .arg(formatBytes(needed), formatBytes(availableBytes))
            : QStringLiteral("activation checkpointing off: a step needs about %1 more, %2 is available")
                  .arg(formatBytes(needed), formatBytes(availableBytes));
    return on;
}

QString formatBytes(qint64 bytes)
{
    const double b = double(bytes);
    if (b >= 1e9)
        return QStringLiteral("%1 GB").arg(b / 1e9, 0, 'f', 1);
    if (b >= 1e6)
        return QStringLiteral("%1 MB").arg(b / 1e6, 0, 'f', 0);
    return QStringLiteral("%1 kB").arg(b / 1e3, 0, 'f', 0);
}

} // namespace medtune
