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

    torch::Tensor logits(const torch::Tensor &ids, const torch::Tensor &mask) override;
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
};

} // namespace medtune
