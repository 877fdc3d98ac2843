#include "train/lora_model.h"

#include "model/llama_model_impl.h"
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

torch::Tensor LoraTrainableModel::lossSums(const torch::Tensor &ids, const torch::Tensor &mask,
                                           const torch::Tensor &labels)
{
    return labelledLossSums(m_model->impl(), ids, mask, labels, m_checkpoint);
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
