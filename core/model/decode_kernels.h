// Matrix-vector products for decoding (internal, torch code only). libtorch 1.13 on CPU
// multiplies a few rows by a large weight far below memory bandwidth (bfloat16 about
// 3-6 GB/s here); decoding reads every weight once per token, so it needs a kernel that
// streams the weight at memory speed.
#pragma once

#include <torch/torch.h>

namespace medtune {

/// y = x W^T for x (..., in) with at most 4 rows and W (out, in), when a faster path than
/// torch::linear applies (CPU, no autograd needed, float32 or bfloat16); otherwise an
/// undefined tensor and the caller uses torch::linear.
torch::Tensor decodeLinear(const torch::Tensor &x, const torch::Tensor &weight);

} // namespace medtune
