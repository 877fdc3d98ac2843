#include "train/lora_model.h"

#include "text/tokenizer.h"

namespace medtune {

LoraTrainableModel::LoraTrainableModel(std::shared_ptr<LlamaModel> model, const LoraConfig &config, uint64_t seed)
    : m_model(std::move(model))
{
    m_model->impl().setBaseTrainable(false);
    LoraConfig c = config;
    if (c.baseModelNameOrPath.isEmpty())
        c.baseModelNameOrPath = m_model->folder();
    m_adapters = LoraAdapterSet::attach(m_model->impl(), c, seed);
}

LoraTrainableModel::~LoraTrainableModel()
{
    m_adapters->detach();
}

torch::Tensor LoraTrainableModel::logits(const torch::Tensor &ids, const torch::Tensor &mask)
{
    return m_model->impl().forward(ids, mask);
}

int LoraTrainableModel::padId() const
{
    // Padding positions are masked out, so any valid id will do; prefer the tokenizer's.
    const auto tok = m_model->tokenizer();
    if (tok && tok->padId() >= 0)
        return tok->padId();
    return 0;
}

} // namespace medtune
