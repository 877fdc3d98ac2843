// LoRA adapters attached to a LLaMA model's projections, and their Hugging Face PEFT
// folder (adapter_config.json + adapter_model.safetensors with keys
// base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight). Internal header
// (libtorch); GUI and CLI code use train/adapter_io.h.
#pragma once

#include "model/llama_model_impl.h"
#include "train/lora_config.h"
#include "train/lora_layer.h"

#include <QStringList>
#include <memory>
#include <string>
#include <vector>

namespace medtune {

/// A projection's LoRA: base output + scale * B A dropout(x).
class LoraLinearAdapter : public LinearAdapter
{
public:
    explicit LoraLinearAdapter(LoraLayer layer)
        : layer(std::move(layer))
    {
    }
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &baseOutput) override
    {
        return baseOutput + layer->delta(x);
    }
    std::vector<torch::Tensor> parameters() const override { return { layer->A, layer->B }; }
    LoraLayer layer;
};

class LoraAdapterSet
{
public:
    /// Attaches fresh adapters (A Kaiming-uniform from `seed`, B zeros) to the configured
    /// projections of every layer. Throws when a projection already has an adapter.
    static std::shared_ptr<LoraAdapterSet> attach(LlamaModelImpl &model, const LoraConfig &config, uint64_t seed);
    /// Reads a PEFT folder and attaches it. Unknown config keys become warnings; a base
    /// model that does not fit (layers, shapes) is an Error.
    static std::shared_ptr<LoraAdapterSet> load(LlamaModelImpl &model, const QString &dir,
                                                QStringList *warnings = nullptr);
    ~LoraAdapterSet();

    const LoraConfig &config() const { return m_config; }
    std::vector<torch::Tensor> parameters() const;
    int64_t parameterCount() const;
    void setTraining(bool on);
    /// Writes adapter_config.json and adapter_model.safetensors (float32), atomically.
    void save(const QString &dir) const;
    /// Copies the values of a PEFT folder into these adapters (same config required).
    void loadValues(const QString &dir, QStringList *warnings = nullptr);
    /// Adds scale * B A into the base weights (in their dtype) and removes the adapters.
    void mergeIntoBase();
    /// Removes the adapters from the model (the base is unchanged).
    void detach();
    /// PEFT key prefix of a module, e.g. "base_model.model.model.layers.0.self_attn.q_proj".
    static QString peftPrefix(const std::string &moduleName);

private:
    LoraAdapterSet(LlamaModelImpl &model, LoraConfig config)
        : m_model(model)
        , m_config(std::move(config))
    {
    }

    LlamaModelImpl &m_model;
    LoraConfig m_config;
    struct Entry
    {
        std::string module;
        Linear *linear;
        std::shared_ptr<LoraLinearAdapter> adapter;
    };
    std::vector<Entry> m_entries;
};

} // namespace medtune
