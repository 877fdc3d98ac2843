// A LLaMA-style causal language model (Hugging Face LlamaForCausalLM layout) held in
// libtorch. This public header has no libtorch: the GUI, the CLI and other core parts use
// it; torch code reaches the tensors through model/llama_model_impl.h.
#pragma once

#include "model/model_config.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>

namespace medtune {

class Tokenizer;
class LlamaModelImpl;

/// Element type of the frozen base weights (activations follow it; logits are float32).
enum class WeightType { Auto, Float32, BFloat16, Float16 };

/// "float32", "bfloat16", "float16" or "auto".
QString weightTypeName(WeightType type);
/// Parses the names above (and "f32", "bf16", "fp16"); throws UsageError otherwise.
WeightType parseWeightType(const QString &name);
/// Whether bfloat16 is a fast, supported choice on this machine's CPU (AVX-512 BF16 or AMX).
/// The environment variable MEDTUNE_CPU_FAST_BF16=1 or 0 overrides the detection.
bool cpuHasFastBFloat16();

struct ModelOptions
{
    QString device = QStringLiteral("cpu"); ///< "cpu", "cuda", "cuda:1", ...
    /// Auto: bfloat16 where supported (CUDA, or a CPU with fast bf16), else float32.
    WeightType weights = WeightType::Auto;
    bool loadTokenizer = true; ///< read tokenizer.model when the folder has one
};

/// Model with its configuration, tokenizer and frozen weights. Forward passes from several
/// threads at once are safe (weights are only read); changing weights is not.
class LlamaModel
{
public:
    /// Loads a Hugging Face folder: config.json, model.safetensors or sharded
    /// model-*.safetensors with model.safetensors.index.json, optional
    /// generation_config.json and tokenizer.model. Throws Error with every missing,
    /// unexpected or mis-shaped tensor listed together.
    static std::shared_ptr<LlamaModel> load(const QString &folder, const ModelOptions &options = {});
    /// A model with random weights (normal, std 0.02; norms 1), reproducible for a seed.
    static std::shared_ptr<LlamaModel> createRandom(const LlamaConfig &config, uint64_t seed,
                                                    const ModelOptions &options = {});
    ~LlamaModel();
    LlamaModel(const LlamaModel &) = delete;
    LlamaModel &operator=(const LlamaModel &) = delete;

    const LlamaConfig &config() const;
    const GenerationDefaults &generationDefaults() const;
    void setGenerationDefaults(const GenerationDefaults &defaults);
    /// The tokenizer of the folder, or null when none was loaded.
    std::shared_ptr<const Tokenizer> tokenizer() const;
    /// Sets the tokenizer; throws Error when its vocabulary is larger than the model's.
    void setTokenizer(std::shared_ptr<const Tokenizer> tokenizer);
    /// The folder it was loaded from (empty for a random model).
    QString folder() const;
    QString deviceName() const;
    WeightType weightType() const;
    /// What loading found worth telling (e.g. tensors with NaN or infinite values).
    QStringList warnings() const { return m_warnings; }
    /// Bytes held by the weights in their current dtype.
    int64_t weightBytes() const;

    /// Writes a Hugging Face folder (config.json, model.safetensors, generation_config.json
    /// and tokenizer.model when known), each file atomically. `storeAs` Auto keeps the
    /// current dtype.
    void save(const QString &folder, WeightType storeAs = WeightType::Auto) const;

    /// The libtorch side (model/llama_model_impl.h), for torch code only.
    LlamaModelImpl &impl() { return *m_impl; }
    const LlamaModelImpl &impl() const { return *m_impl; }

private:
    LlamaModel();
    friend class LlamaModelImpl;

    std::unique_ptr<LlamaModelImpl> m_impl;
    GenerationDefaults m_generation;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    QString m_folder;
    QStringList m_warnings;
};

} // namespace medtune
