#include "train/lora_config.h"

#include "util/error.h"

#include <QJsonArray>

namespace medtune {

const QStringList &loraTargetCandidates()
{
    static const QStringList all = { QStringLiteral("q_proj"),   QStringLiteral("k_proj"),    QStringLiteral("v_proj"),
                                     QStringLiteral("o_proj"),   QStringLiteral("gate_proj"), QStringLiteral("up_proj"),
                                     QStringLiteral("down_proj") };
    return all;
}

void LoraConfig::validate() const
{
    if (r < 1)
        throw UsageError(QStringLiteral("LoRA rank r must be at least 1, got %1").arg(r));
    if (alpha <= 0)
        throw UsageError(QStringLiteral("LoRA alpha must be positive, got %1").arg(alpha));
    if (dropout < 0 || dropout >= 1)
        throw UsageError(QStringLiteral("LoRA dropout must be in [0, 1), got %1").arg(dropout));
    if (targetModules.isEmpty())
        throw UsageError(QStringLiteral("LoRA needs at least one target module"),
                         QStringLiteral("choose from %1").arg(loraTargetCandidates().join(QStringLiteral(", "))));
    for (const QString &m : targetModules)
        if (!loraTargetCandidates().contains(m))
            throw UsageError(QStringLiteral("Unknown LoRA target module '%1'").arg(m),
                             QStringLiteral("choose from %1").arg(loraTargetCandidates().join(QStringLiteral(", "))));
}

QJsonObject LoraConfig::toPeftJson() const
{
    QJsonArray targets;
    for (const QString &m : targetModules)
        targets.append(m);
    return QJsonObject {
        { QStringLiteral("peft_type"), QStringLiteral("LORA") },
        { QStringLiteral("task_type"), QStringLiteral("CAUSAL_LM") },
        { QStringLiteral("base_model_name_or_path"), baseModelNameOrPath },
        { QStringLiteral("r"), r },
        { QStringLiteral("lora_alpha"), alpha },
        { QStringLiteral("lora_dropout"), dropout },
        { QStringLiteral("target_modules"), targets },
        { QStringLiteral("bias"), QStringLiteral("none") },
        { QStringLiteral("fan_in_fan_out"), false },
        { QStringLiteral("inference_mode"), inferenceMode },
        { QStringLiteral("use_rslora"), false },
        { QStringLiteral("use_dora"), false },
        { QStringLiteral("modules_to_save"), QJsonValue::Null },
        { QStringLiteral("init_lora_weights"), true },
        { QStringLiteral("layers_to_transform"), QJsonValue::Null },
        { QStringLiteral("layers_pattern"), QJsonValue::Null },
        { QStringLiteral("rank_pattern"), QJsonObject {} },
        { QStringLiteral("alpha_pattern"), QJsonObject {} },
        { QStringLiteral("revision"), QJsonValue::Null },
    };
}

LoraConfig LoraConfig::fromPeftJson(const QJsonObject &json, const QString &origin, QStringList *warnings)
{
    auto fail = [&](const QString &what) {
        throw Error(QStringLiteral("%1: %2").arg(origin, what),
                    QStringLiteral("MedTune Workbench reads plain LoRA adapters for causal language models"));
    };
    const QString type = json.value(QStringLiteral("peft_type")).toString();
    if (type != QLatin1String("LORA"))
        fail(QStringLiteral("peft_type is '%1', expected 'LORA'").arg(type));
    const QString task = json.value(QStringLiteral("task_type")).toString(QStringLiteral("CAUSAL_LM"));
    if (task != QLatin1String("CAUSAL_LM"))
        fail(QStringLiteral("task_type is '%1', expected 'CAUSAL_LM'").arg(task));
    if (json.value(QStringLiteral("use_dora")).toBool())
        fail(QStringLiteral("DoRA adapters (use_dora) are not supported"));
    if (json.value(QStringLiteral("use_rslora")).toBool())
        fail(QStringLiteral("rank-stabilized LoRA (use_rslora) is not supported"));
    if (json.value(QStringLiteral("fan_in_fan_out")).toBool())
        fail(QStringLiteral("fan_in_fan_out adapters (GPT-2 style Conv1D) are not supported"));
    const QString bias = json.value(QStringLiteral("bias")).toString(QStringLiteral("none"));
    if (bias != QLatin1String("none"))
        fail(QStringLiteral("bias is '%1', only 'none' is supported").arg(bias));
    const QJsonValue toSave = json.value(QStringLiteral("modules_to_save"));
    if (toSave.isArray() && !toSave.toArray().isEmpty())
        fail(QStringLiteral("modules_to_save is not supported"));
    for (const char *key : { "rank_pattern", "alpha_pattern" }) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isObject() && !v.toObject().isEmpty())
            fail(QStringLiteral("%1 (per-layer ranks or alphas) is not supported").arg(QLatin1String(key)));
    }
    const QJsonValue layers = json.value(QStringLiteral("layers_to_transform"));
    if (!layers.isNull() && !layers.isUndefined())
        fail(QStringLiteral("layers_to_transform is not supported"));

    LoraConfig c;
    c.r = json.value(QStringLiteral("r")).toInt(0);
    c.alpha = json.value(QStringLiteral("lora_alpha")).toDouble(0);
    c.dropout = json.value(QStringLiteral("lora_dropout")).toDouble(0);
    c.baseModelNameOrPath = json.value(QStringLiteral("base_model_name_or_path")).toString();
    c.inferenceMode = json.value(QStringLiteral("inference_mode")).toBool(true);
    c.targetModules.clear();
    const QJsonValue targets = json.value(QStringLiteral("target_modules"));
    if (targets.isString())
        fail(QStringLiteral("target_modules is a regular expression ('%1'); a list of module names is expected")
                 .arg(targets.toString()));
    for (const QJsonValue &t : targets.toArray())
        c.targetModules << t.toString();
    try {
        c.validate();
    } catch (const Error &e) {
        fail(e.message());
    }

    static const QStringList known = { QStringLiteral("peft_type"),
                                       QStringLiteral("task_type"),
                                       QStringLiteral("base_model_name_or_path"),
                                       QStringLiteral("r"),
                                       QStringLiteral("lora_alpha"),
                                       QStringLiteral("lora_dropout"),
                                       QStringLiteral("target_modules"),
                                       QStringLiteral("bias"),
                                       QStringLiteral("fan_in_fan_out"),
                                       QStringLiteral("inference_mode"),
                                       QStringLiteral("use_rslora"),
                                       QStringLiteral("use_dora"),
                                       QStringLiteral("modules_to_save"),
                                       QStringLiteral("init_lora_weights"),
                                       QStringLiteral("layers_to_transform"),
                                       QStringLiteral("layers_pattern"),
                                       QStringLiteral("rank_pattern"),
                                       QStringLiteral("alpha_pattern"),
                                       QStringLiteral("revision") };
    if (warnings)
        for (auto it = json.begin(); it != json.end(); ++it)
            if (!known.contains(it.key()))
                *warnings << QStringLiteral("%1: ignoring unknown adapter setting '%2'").arg(origin, it.key());
    return c;
}

std::pair<int, int> loraProjectionShape(const LoraShapeInfo &m, const QString &module)
{
    const int headDim = m.headDim > 0 ? m.headDim : m.hiddenSize / qMax(1, m.numHeads);
    const int qOut = m.numHeads * headDim;
    const int kvOut = m.numKeyValueHeads * headDim;
    if (module == QLatin1String("q_proj"))
        return { m.hiddenSize, qOut };
    if (module == QLatin1String("k_proj") || module == QLatin1String("v_proj"))
        return { m.hiddenSize, kvOut };
    if (module == QLatin1String("o_proj"))
        return { qOut, m.hiddenSize };
    if (module == QLatin1String("gate_proj") || module == QLatin1String("up_proj"))
        return { m.hiddenSize, m.intermediateSize };
    if (module == QLatin1String("down_proj"))
        return { m.intermediateSize, m.hiddenSize };
    throw UsageError(QStringLiteral("Unknown LoRA target module '%1'").arg(module));
}

qint64 loraTrainableParameters(const LoraShapeInfo &model, const LoraConfig &config)
{
    qint64 perLayer = 0;
    for (const QString &m : config.targetModules) {
        const auto [in, out] = loraProjectionShape(model, m);
        perLayer += qint64(config.r) * (in + out);
    }
    return perLayer * model.numLayers;
}

} // namespace medtune
