// The hyper-parameters of a LLaMA-style model (Hugging Face config.json) and its default
// generation settings (generation_config.json). No libtorch here.
#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace medtune {

struct LlamaConfig
{
    /// Bounds validate() enforces (well above published LLaMA-style models).
    static constexpr int kMaxHiddenSize = 65536;
    static constexpr int kMaxIntermediateSize = 262144;
    static constexpr int kMaxLayers = 1024;
    static constexpr int kMaxHeads = 1024;
    static constexpr int kMaxVocabSize = 1 << 22;
    static constexpr int kMaxPositions = 1 << 18;

    int hiddenSize = 0;
    int intermediateSize = 0;
    int numLayers = 0;
    int numHeads = 0;
    int numKvHeads = 0;
    int vocabSize = 0;
    int maxPositions = 2048;
    double rmsNormEps = 1e-5;
    double ropeTheta = 10000.0;
    bool tieWordEmbeddings = false;
    int bosId = 1;
    int eosId = 2;
    QString torchDtype = QStringLiteral("float32"); ///< as stored: "bfloat16", "float32", "float16"

    int headDim() const { return numHeads > 0 ? hiddenSize / numHeads : 0; }
    /// Parameters of the whole model (embeddings counted once when tied).
    int64_t parameterCount() const;
    /// Throws Error (naming `source`, the key and the bound) when sizes are missing,
    /// inconsistent or above the bounds, or a bos/eos id lies outside the vocabulary.
    void validate(const QString &source) const;

    /// Parses a config.json object; throws Error naming `source` and the key for a missing
    /// key, an unsupported architecture or activation, rope scaling, or attention bias.
    static LlamaConfig fromJson(const QJsonObject &json, const QString &source);
    static LlamaConfig fromFile(const QString &configJsonPath);
    /// config.json as Hugging Face writes it for LlamaForCausalLM.
    QJsonObject toJson() const;
};

struct GenerationDefaults
{
    bool doSample = false;
    double temperature = 1.0;
    int topK = 0;
    double topP = 1.0;
    double repetitionPenalty = 1.0;
    int maxNewTokens = 256;
    QList<int> eosIds; ///< empty: the model config's eos id

    /// Reads generation_config.json when it exists; defaults otherwise.
    static GenerationDefaults fromFile(const QString &path);
    QJsonObject toJson(const LlamaConfig &config) const;
};

} // namespace medtune
