// One LoRA adapter on a frozen linear projection: delta(x) = (alpha / r) * B A dropout(x),
// added to the base output W x. Internal header: includes libtorch, for torch TUs only.
#pragma once

#include <torch/torch.h>

namespace medtune {

class LoraLayerImpl : public torch::nn::Module
{
public:
    /// A (r x in) Kaiming-uniform with a = sqrt(5) as PEFT does, B (out x r) zeros; both
    /// float32 on `device`, whatever the base weights' dtype.
    LoraLayerImpl(int64_t inFeatures, int64_t outFeatures, int64_t r, double alpha, double dropout,
                  torch::Device device = torch::kCPU, c10::optional<at::Generator> generator = c10::nullopt);

    /// scale * B A dropout(x), computed in float32 and returned in x's dtype.
    /// x: (..., in) -> (..., out)
    torch::Tensor delta(const torch::Tensor &x);

    /// The merged weight update scale * B A, (out x in), float32.
    torch::Tensor mergedDelta() const;

    torch::Tensor A; ///< lora_A.weight, (r, in)
    torch::Tensor B; ///< lora_B.weight, (out, r)
    double scale;
    double dropout;
};
TORCH_MODULE(LoraLayer);

} // namespace medtune
