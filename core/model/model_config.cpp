// config.json / generation_config.json parsing and writing for LlamaForCausalLM.
#include "model/model_config.h"

#include "util/error.h"
#include "util/regular_file.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <limits>

namespace medtune {
namespace {

QJsonObject readJsonObject(const QString &path)
{
    if (QFileInfo::exists(path))
        requireRegularFile(path, QFileInfo(path).fileName());
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("%1: cannot open: %2").arg(path, f.errorString()),
                    QStringLiteral("a Hugging Face model folder needs config.json next to the weights"));
    QJsonParseError perr {};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject())
        throw Error(
            QStringLiteral("%1: not a JSON object (%2 at byte %3)").arg(path, perr.errorString()).arg(perr.offset));
    return doc.object();
}

int requireInt(const QJsonObject &o, const char *key, const QString &source)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        throw Error(QStringLiteral("%1: missing key '%2'").arg(source, QLatin1String(key)),
                    QStringLiteral("the config.json of a LlamaForCausalLM model must define it"));
    if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < 0)
        throw Error(QStringLiteral("%1: key '%2' must be a non-negative integer").arg(source, QLatin1String(key)));
    return v.toInt();
}

double optDouble(const QJsonObject &o, const char *key, double def, const QString &source)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return def;
    if (!v.isDouble())
        throw Error(QStringLiteral("%1: key '%2' must be a number").arg(source, QLatin1String(key)));
    return v.toDouble();
}

// A token id (or the first of a list); def when absent. Range is checked by validate().
int tokenId(const QJsonObject &o, const char *key, int def, const QString &source)
{
    QJsonValue v = o.value(QLatin1String(key));
    if (v.isArray()) {
        if (v.toArray().isEmpty())
            return def;
        v = v.toArray().first();
    }
    if (v.isUndefined() || v.isNull())
        return def;
    const double d = v.toDouble(0.5);
    if (!v.isDouble() || d != std::floor(d) || d < double(std::numeric_limits<int>::min())
        || d > double(std::numeric_limits<int>::max()))
        throw Error(QStringLiteral("%1: %2 must be an integer token id, not %3")
                        .arg(source, QLatin1String(key),
                             QString::fromUtf8(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact))),
                    QStringLiteral("check the model's config.json"));
    return int(d);
}

} // namespace

int64_t LlamaConfig::parameterCount() const
{
    const int64_t h = hiddenSize, kv = int64_t(numKvHeads) * headDim();
    const int64_t perLayer = h * h * 2 + h * kv * 2 + 3 * h * int64_t(intermediateSize) + 2 * h;
    return int64_t(vocabSize) * h * (tieWordEmbeddings ? 1 : 2) + perLayer * numLayers + h;
}

void LlamaConfig::validate(const QString &source) const
{
    auto bad = [&](const QString &what) {
        throw Error(QStringLiteral("%1: %2").arg(source, what), QStringLiteral("check the model's config.json"));
    };
    if (hiddenSize <= 0 || intermediateSize <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0
        || vocabSize <= 0)
        bad(QStringLiteral("hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, "
                           "num_key_value_heads and vocab_size must all be positive"));
    // Sane bounds, far above any LLaMA-style model published, so that a hostile or broken
    // config.json is refused before anything is allocated (the weights are checked too).
    const auto bound = [&](const char *key, int64_t value, int64_t max) {
        if (value > max)
            bad(QStringLiteral("%1 is %2, above the bound %3").arg(QLatin1String(key)).arg(value).arg(max));
    };
    bound("hidden_size", hiddenSize, kMaxHiddenSize);
    bound("intermediate_size", intermediateSize, kMaxIntermediateSize);
    bound("num_hidden_layers", numLayers, kMaxLayers);
    bound("num_attention_heads", numHeads, kMaxHeads);
    bound("num_key_value_heads", numKvHeads, numHeads);
    bound("vocab_size", vocabSize, kMaxVocabSize);
    bound("max_position_embeddings", maxPositions, kMaxPositions);
    if (bosId < 0 || bosId >= vocabSize)
        bad(QStringLiteral("bos_token_id %1 is outside the vocabulary (0 to vocab_size - 1 = %2)")
                .arg(bosId)
                .arg(vocabSize - 1));
    if (eosId < 0 || eosId >= vocabSize)
        bad(QStringLiteral("eos_token_id %1 is outside the vocabulary (0 to vocab_size - 1 = %2)")
                .arg(eosId)
                .arg(vocabSize - 1));
    if (hiddenSize % numHeads != 0)
        bad(QStringLiteral("hidden_size %1 is not a multiple of num_attention_heads %2").arg(hiddenSize).arg(numHeads));
    if (headDim() % 2 != 0)
        bad(QStringLiteral("the head size %1 must be even for rotary embeddings").arg(headDim()));
    if (numHeads % numKvHeads != 0)
        bad(QStringLiteral("num_attention_heads %1 is not a multiple of num_key_value_heads %2")
                .arg(numHeads)
                .arg(numKvHeads));
    if (maxPositions <= 0)
        bad(QStringLiteral("max_position_embeddings must be positive"));
    if (!(rmsNormEps > 0) || !(ropeTheta > 0))
        bad(QStringLiteral("rms_norm_eps and rope_theta must be positive"));
}

LlamaConfig LlamaConfig::fromJson(const QJsonObject &o, const QString &source)
{
    const QJsonArray arch = o.value(QStringLiteral("architectures")).toArray();
    const QString modelType = o.value(QStringLiteral("model_type")).toString();
    const bool llamaArch = arch.isEmpty() ? modelType == QLatin1String("llama")
                                          : arch.first().toString() == QLatin1String("LlamaForCausalLM");
    if (!llamaArch)
        throw Error(QStringLiteral("%1: unsupported architecture '%2' (model_type '%3')")
                        .arg(source, arch.isEmpty() ? QStringLiteral("?") : arch.first().toString(), modelType),
                    QStringLiteral("only LlamaForCausalLM models (LLaMA, TinyLlama) are supported"));
    const QJsonValue scaling = o.value(QStringLiteral("rope_scaling"));
    if (!scaling.isUndefined() && !scaling.isNull())
        throw Error(QStringLiteral("%1: rope_scaling is not supported").arg(source),
                    QStringLiteral("use a model without extended-context rope scaling"));
    const QString act = o.value(QStringLiteral("hidden_act")).toString(QStringLiteral("silu"));
    if (act != QLatin1String("silu"))
        throw Error(QStringLiteral("%1: hidden_act '%2' is not supported (only silu)").arg(source, act));
    if (o.value(QStringLiteral("attention_bias")).toBool(false) || o.value(QStringLiteral("mlp_bias")).toBool(false))
        throw Error(QStringLiteral("%1: attention_bias / mlp_bias are not supported").arg(source));
    if (o.value(QStringLiteral("pretraining_tp")).toInt(1) != 1)
        throw Error(QStringLiteral("%1: pretraining_tp other than 1 is not supported").arg(source));

    LlamaConfig c;
    c.hiddenSize = requireInt(o, "hidden_size", source);
    c.intermediateSize = requireInt(o, "intermediate_size", source);
    c.numLayers = requireInt(o, "num_hidden_layers", source);
    c.numHeads = requireInt(o, "num_attention_heads", source);
    c.numKvHeads
        = o.contains(QStringLiteral("num_key_value_heads")) && !o.value(QStringLiteral("num_key_value_heads")).isNull()
        ? requireInt(o, "num_key_value_heads", source)
        : c.numHeads;
    c.vocabSize = requireInt(o, "vocab_size", source);
    c.maxPositions = o.contains(QStringLiteral("max_position_embeddings"))
        ? requireInt(o, "max_position_embeddings", source)
        : 2048;
    c.rmsNormEps = optDouble(o, "rms_norm_eps", 1e-6, source);
    c.ropeTheta = optDouble(o, "rope_theta", 10000.0, source);
    c.tieWordEmbeddings = o.value(QStringLiteral("tie_word_embeddings")).toBool(false);
    c.bosId = tokenId(o, "bos_token_id", 1, source);
    c.eosId = tokenId(o, "eos_token_id", 2, source);
    c.torchDtype = o.value(QStringLiteral("torch_dtype")).toString(QStringLiteral("float32"));
    if (o.contains(QStringLiteral("head_dim")) && requireInt(o, "head_dim", source) != c.headDim())
        throw Error(
            QStringLiteral("%1: head_dim differs from hidden_size / num_attention_heads, which is not supported")
                .arg(source));
    c.validate(source);
    return c;
}

LlamaConfig LlamaConfig::fromFile(const QString &path)
{
    return fromJson(readJsonObject(path), path);
}

QJsonObject LlamaConfig::toJson() const
{
    return QJsonObject { { QStringLiteral("architectures"), QJsonArray { QStringLiteral("LlamaForCausalLM") } },
                         { QStringLiteral("model_type"), QStringLiteral("llama") },
                         { QStringLiteral("hidden_size"), hiddenSize },
                         { QStringLiteral("intermediate_size"), intermediateSize },
                         { QStringLiteral("num_hidden_layers"), numLayers },
                         { QStringLiteral("num_attention_heads"), numHeads },
                         { QStringLiteral("num_key_value_heads"), numKvHeads },
                         { QStringLiteral("vocab_size"), vocabSize },
                         { QStringLiteral("max_position_embeddings"), maxPositions },
                         { QStringLiteral("rms_norm_eps"), rmsNormEps },
                         { QStringLiteral("rope_theta"), ropeTheta },
                         { QStringLiteral("rope_scaling"), QJsonValue::Null },
                         { QStringLiteral("hidden_act"), QStringLiteral("silu") },
                         { QStringLiteral("attention_bias"), false },
                         { QStringLiteral("tie_word_embeddings"), tieWordEmbeddings },
                         { QStringLiteral("bos_token_id"), bosId },
                         { QStringLiteral("eos_token_id"), eosId },
                         { QStringLiteral("torch_dtype"), torchDtype },
                         { QStringLiteral("initializer_range"), 0.02 },
                         { QStringLiteral("use_cache"), true } };
}

GenerationDefaults GenerationDefaults::fromFile(const QString &path)
{
    GenerationDefaults g;
    if (!QFile::exists(path))
        return g;
    const QJsonObject o = readJsonObject(path);
    g.doSample = o.value(QStringLiteral("do_sample")).toBool(false);
    g.temperature = optDouble(o, "temperature", 1.0, path);
    g.topK = int(optDouble(o, "top_k", 0, path));
    g.topP = optDouble(o, "top_p", 1.0, path);
    g.repetitionPenalty = optDouble(o, "repetition_penalty", 1.0, path);
    g.maxNewTokens = int(optDouble(o, "max_new_tokens", 256, path));
    const QJsonValue eos = o.value(QStringLiteral("eos_token_id"));
    if (eos.isArray()) {
        for (const QJsonValue &v : eos.toArray())
            g.eosIds << v.toInt();
    } else if (eos.isDouble()) {
        g.eosIds << eos.toInt();
    }
    return g;
}

QJsonObject GenerationDefaults::toJson(const LlamaConfig &config) const
{
    QJsonObject o { { QStringLiteral("bos_token_id"), config.bosId },
                    { QStringLiteral("eos_token_id"), config.eosId },
                    { QStringLiteral("do_sample"), doSample },
                    { QStringLiteral("max_new_tokens"), maxNewTokens } };
    if (doSample) {
        o.insert(QStringLiteral("temperature"), temperature);
        o.insert(QStringLiteral("top_p"), topP);
        if (topK > 0)
            o.insert(QStringLiteral("top_k"), topK);
    }
    if (repetitionPenalty != 1.0)
        o.insert(QStringLiteral("repetition_penalty"), repetitionPenalty);
    return o;
}

} // namespace medtune
