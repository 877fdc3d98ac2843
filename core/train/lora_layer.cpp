#include "train/lora_layer.h"

#include <cmath>

namespace medtune {

LoraLayerImpl::LoraLayerImpl(int64_t inFeatures, int64_t outFeatures, int64_t r, double alpha, double dropoutP,
                             torch::Device device, c10::optional<at::Generator> generator)
    : scale(alpha / double(r))
    , dropout(dropoutP)
{
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    // kaiming_uniform_(a = sqrt(5)) on an (r, in) weight: bound = sqrt(6 / ((1 + a^2) in)) = 1 / sqrt(in).
    const double bound = 1.0 / std::sqrt(double(inFeatures));
    // Drawn on the CPU (from `generator` when given) so a seed gives the same adapter on any device.
    torch::Tensor a = torch::empty({ r, inFeatures }, torch::kFloat32).uniform_(-bound, bound, generator);
    A = register_parameter("lora_A", a.to(device));
    B = register_parameter("lora_B", torch::zeros({ outFeatures, r }, opts));
}

torch::Tensor LoraLayerImpl::delta(const torch::Tensor &x)
{
    torch::Tensor h = x.to(torch::kFloat32);
    if (dropout > 0 && is_training())
        h = torch::dropout(h, dropout, /*train=*/true);
    // (..., in) @ (in, r) -> (..., r) @ (r, out) -> (..., out)
    h = torch::matmul(torch::matmul(h, A.t()), B.t()) * scale;
    return h.to(x.scalar_type());
}

torch::Tensor LoraLayerImpl::mergedDelta() const
{
    return torch::matmul(B, A) * scale;
}

} // namespace medtune
