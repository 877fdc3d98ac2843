// LoRA settings and their Hugging Face PEFT form (adapter_config.json).
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace medtune {

/// The projections LoRA can wrap, in LLaMA's naming.
const QStringList &loraTargetCandidates();

struct LoraConfig
{
    int r = 8;
    double alpha = 16;
    double dropout = 0.05;
    QStringList targetModules = { QStringLiteral("q_proj"), QStringLiteral("v_proj") };
    QString baseModelNameOrPath;
    bool inferenceMode = false;

    /// alpha / r, the factor applied to B A x.
    double scale() const { return alpha / double(r); }
    /// Throws UsageError for a rank < 1, a negative alpha, dropout outside [0, 1) or an
    /// unknown target module.
    void validate() const;

    /// adapter_config.json as PEFT writes it.
    QJsonObject toPeftJson() const;
    /// Reads adapter_config.json. Unknown keys are ignored and listed in `warnings`;
    /// settings this program cannot honour (DoRA, rsLoRA, biases, fan_in_fan_out, another
    /// PEFT type) throw Error naming `origin`.
    static LoraConfig fromPeftJson(const QJsonObject &json, const QString &origin, QStringList *warnings = nullptr);
};

/// Dimensions of a LLaMA-style model that decide LoRA's parameter count.
struct LoraShapeInfo
{
    int hiddenSize = 0;
    int intermediateSize = 0;
    int numLayers = 0;
    int numHeads = 0;
    int numKeyValueHeads = 0;
    int headDim = 0; ///< 0 = hiddenSize / numHeads
};

/// (in, out) features of a target projection.
std::pair<int, int> loraProjectionShape(const LoraShapeInfo &model, const QString &module);
/// Trainable parameters: r * (in + out) per wrapped projection and layer.
qint64 loraTrainableParameters(const LoraShapeInfo &model, const LoraConfig &config);

} // namespace medtune
