// Matrix products for decoding (internal, torch code only). libtorch 1.13 on CPU
// multiplies a few rows by a large weight far below memory bandwidth (bfloat16 about
// 3-6 GB/s here), and has no fast bfloat16 GEMM on CPUs without AVX-512 BF16 or AMX;
// decoding reads every weight once per step, so it needs kernels that stream the weight at
// memory speed and widen bfloat16 to float32 in registers.
#pragma once

#include <torch/torch.h>

namespace medtune {

/// Vector instruction sets the decode kernels are compiled for; chosen at run time.
enum class DecodeIsa { None, Avx2, Avx512 };

/// Most rows (tokens x batch) one kernel call takes; each weight row is read from memory
/// once for all of them. More rows go to a GEMM.
constexpr int64_t kDecodeMaxRows = 16;

/// "none", "avx2" (AVX2 + FMA) or "avx512" (AVX-512 F + BW).
const char *decodeIsaName(DecodeIsa isa);
/// Whether this CPU can run the kernels of `isa` (None: always).
bool cpuSupportsDecodeIsa(DecodeIsa isa);
/// The kernels decodeLinear uses: the best this CPU has, or, for testing and benchmarking,
/// at most what the environment variable MEDTUNE_DECODE_ISA names (avx512, avx2, none).
/// Limiting it to avx2 or none also treats bfloat16 GEMMs as slow, as on a CPU without
/// AVX-512 BF16.
DecodeIsa decodeIsa();
/// Whether libtorch's bfloat16 GEMM is fast here (cpuHasFastBFloat16(), unless
/// MEDTUNE_DECODE_ISA limits the kernels to avx2 or none).
bool decodeFastBFloat16Gemm();

/// y = x W^T for x (..., in) and W (out, in), when a faster path than torch::linear applies
/// (CPU, no autograd needed, float32 or bfloat16, same dtype): up to kDecodeMaxRows rows go
/// to the decode kernels, more rows with bfloat16 weights on a CPU without a fast bfloat16
/// GEMM to float32 GEMMs over blocks of the weight widened to float32. Otherwise an
/// undefined tensor: the caller uses torch::linear.
torch::Tensor decodeLinear(const torch::Tensor &x, const torch::Tensor &weight);
/// The same with the kernels and the GEMM kind given (tests: every ISA this CPU has).
torch::Tensor decodeLinear(const torch::Tensor &x, const torch::Tensor &weight, DecodeIsa isa, bool fastBf16Gemm);

} // namespace medtune
