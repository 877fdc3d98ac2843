// A LLaMA model with LoRA adapters attached, as the trainer sees it. Internal header
// (libtorch).
#pragma once

#include "model/llama_model.h"
#include "train/lora_adapter.h"
#include "train/trainer.h"

namespace medtune {

class LoraTrainableModel : public TrainableModel
{
public:
    /// Freezes the base and attaches fresh adapters (seeded).
    LoraTrainableModel(std::shared_ptr<LlamaModel> model, const LoraConfig &config, uint64_t seed);
    ~LoraTrainableModel() override;

    /// Answer-only logits (labelledLossSums), with activation checkpointing when switched on.
    torch::Tensor lossSums(const torch::Tensor &ids, const torch::Tensor &mask, const torch::Tensor &labels) override;
    /// Keeps only each decoder layer's input in training passes and recomputes the layer in
    /// the backward pass: the same gradients for far less memory. The first
    /// `layersKeepingMlpOutputs` layers also keep their MLP's gate and up outputs and
    /// recompute only their attention block (more memory, much less time).
    void setActivationCheckpointing(bool on, int layersKeepingMlpOutputs = 0)
    {
        m_checkpoint.enabled = on;
        m_checkpoint.layersKeepingMlpOutputs = layersKeepingMlpOutputs;
    }
    bool activationCheckpointing() const { return m_checkpoint.enabled; }
    std::vector<torch::Tensor> trainableParameters() override { return m_adapters->parameters(); }
    void setTraining(bool on) override { m_adapters->setTraining(on); }
    void saveAdapter(const QString &dir) const override { m_adapters->save(dir); }
    void loadAdapter(const QString &dir) override { m_adapters->loadValues(dir); }
    torch::Device device() const override { return m_model->impl().device; }
    int padId() const override;

    LlamaModel &model() { return *m_model; }
    LoraAdapterSet &adapters() { return *m_adapters; }

private:
    std::shared_ptr<LlamaModel> m_model;
    std::shared_ptr<LoraAdapterSet> m_adapters;
    CheckpointPlan m_checkpoint;
};

} // namespace medtune
