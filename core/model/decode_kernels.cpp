// Bandwidth-bound matrix-vector kernels for decoding: bfloat16 weights widened to float32
// in registers (AVX-512), float32 accumulation, one rounding at the end like torch::linear.
#include "model/decode_kernels.h"

#include <ATen/Parallel.h>

// GCC 12 warns inside its own AVX-512 headers (a known false positive).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <cstring>
#include <immintrin.h>

namespace medtune {
namespace {

constexpr int64_t kMaxRows = 4;

bool hasAvx512()
{
    static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
    return has;
}

float bf16ToFloat(uint16_t v)
{
    const uint32_t bits = uint32_t(v) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// y[m][o] = sum_i W[o][i] * x[m][i] for o in [begin, end); W bf16 (out, in), x and y float32.
__attribute__((target("avx512f,avx512bw"))) void gemvBf16(const uint16_t *w, const float *x, float *y, int64_t rows,
                                                           int64_t out, int64_t in, int64_t begin, int64_t end)
{
    const int64_t vecEnd = in / 16 * 16;
    for (int64_t o = begin; o < end; ++o) {
        const uint16_t *row = w + o * in;
        __m512 acc[kMaxRows];
        for (int64_t m = 0; m < rows; ++m)
            acc[m] = _mm512_setzero_ps();
        for (int64_t i = 0; i < vecEnd; i += 16) {
            const __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(row + i));
            const __m512 wv = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(raw), 16));
            for (int64_t m = 0; m < rows; ++m)
                acc[m] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(x + m * in + i), acc[m]);
        }
        for (int64_t m = 0; m < rows; ++m) {
            float s = _mm512_reduce_add_ps(acc[m]);
            for (int64_t i = vecEnd; i < in; ++i)
                s += bf16ToFloat(row[i]) * x[m * in + i];
            y[m * out + o] = s;
        }
    }
}

} // namespace

torch::Tensor decodeLinear(const torch::Tensor &x, const torch::Tensor &weight)
{
    if (!x.device().is_cpu() || !weight.device().is_cpu() || weight.dim() != 2)
        return {};
    if (torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad()))
        return {};
    const int64_t in = weight.size(1), out = weight.size(0);
    if (x.size(-1) != in || x.scalar_type() != weight.scalar_type())
        return {};
    const int64_t rows = x.numel() / in;
    if (rows < 1 || rows > kMaxRows)
        return {};
    std::vector<int64_t> outShape = x.sizes().vec();
    outShape.back() = out;

    if (weight.scalar_type() == torch::kFloat32 && rows == 1 && weight.is_contiguous())
        return torch::mv(weight, x.reshape({in})).view(outShape); // BLAS sgemv streams at bandwidth
    if (weight.scalar_type() != torch::kBFloat16 || !hasAvx512() || !weight.is_contiguous())
        return {};
    const torch::Tensor xf = x.reshape({rows, in}).to(torch::kFloat32).contiguous(); // exact: bf16 values
    torch::Tensor y = torch::empty({rows, out}, torch::kFloat32);
    const auto *w = reinterpret_cast<const uint16_t *>(weight.data_ptr());
    const float *xp = xf.data_ptr<float>();
    float *yp = y.data_ptr<float>();
    at::parallel_for(0, out, 64, [&](int64_t begin, int64_t end) { gemvBf16(w, xp, yp, rows, out, in, begin, end); });
    return y.to(torch::kBFloat16).view(outShape);
}

} // namespace medtune
