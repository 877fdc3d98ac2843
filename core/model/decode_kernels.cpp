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

// Widens 16 bf16 values to float32 (bf16 is the top half of a float32).
__attribute__((target("avx512f,avx512bw"))) inline __m512 loadBf16(const uint16_t *p)
{
    return _mm512_castsi512_ps(
        _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(p))), 16));
}

__attribute__((target("avx512f,avx512bw"))) inline __m512 loadW(const uint16_t *p)
{
    return loadBf16(p);
}
__attribute__((target("avx512f,avx512bw"))) inline __m512 loadW(const float *p)
{
    return _mm512_loadu_ps(p);
}
inline float scalarW(const uint16_t *p)
{
    return bf16ToFloat(*p);
}
inline float scalarW(const float *p)
{
    return *p;
}

// y[m][o] = sum_i W[o][i] * x[m][i] for o in [begin, end); W (out, in) bf16 or float32,
// x (R, in) and y (R, out) float32. U independent accumulators per row hide the latency
// of the multiply-add chain; the weight row is read once from memory for all R rows.
template<typename W, int R, int U>
__attribute__((target("avx512f,avx512bw"))) void gemvRows(const W *w, const float *x, float *y, int64_t out, int64_t in,
                                                          int64_t begin, int64_t end)
{
    const int64_t unrolledEnd = in / (16 * U) * (16 * U), vecEnd = in / 16 * 16;
    for (int64_t o = begin; o < end; ++o) {
        const W *row = w + o * in;
        __m512 acc[R][U];
        for (int m = 0; m < R; ++m)
            for (int u = 0; u < U; ++u)
                acc[m][u] = _mm512_setzero_ps();
        int64_t i = 0;
        for (; i < unrolledEnd; i += 16 * U)
            for (int u = 0; u < U; ++u) {
                const __m512 wv = loadW(row + i + 16 * u);
                for (int m = 0; m < R; ++m)
                    acc[m][u] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(x + m * in + i + 16 * u), acc[m][u]);
            }
        for (; i < vecEnd; i += 16) {
            const __m512 wv = loadW(row + i);
            for (int m = 0; m < R; ++m)
                acc[m][0] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(x + m * in + i), acc[m][0]);
        }
        for (int m = 0; m < R; ++m) {
            for (int u = 1; u < U; ++u)
                acc[m][0] = _mm512_add_ps(acc[m][0], acc[m][u]);
            float sum = _mm512_reduce_add_ps(acc[m][0]);
            for (int64_t j = vecEnd; j < in; ++j)
                sum += scalarW(row + j) * x[m * in + j];
            y[m * out + o] = sum;
        }
    }
}

template<typename W>
void gemv(const W *w, const float *x, float *y, int64_t rows, int64_t out, int64_t in, int64_t begin, int64_t end)
{
    switch (rows) {
    case 1:
        gemvRows<W, 1, 4>(w, x, y, out, in, begin, end);
        break;
    case 2:
        gemvRows<W, 2, 2>(w, x, y, out, in, begin, end);
        break;
    case 3:
        gemvRows<W, 3, 2>(w, x, y, out, in, begin, end);
        break;
    default:
        gemvRows<W, 4, 1>(w, x, y, out, in, begin, end);
        break;
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

    const bool bf16 = weight.scalar_type() == torch::kBFloat16;
    if ((!bf16 && weight.scalar_type() != torch::kFloat32) || !hasAvx512() || !weight.is_contiguous())
        return {};
    const torch::Tensor xf = x.reshape({ rows, in }).to(torch::kFloat32).contiguous(); // exact for bf16 inputs
    torch::Tensor y = torch::empty({ rows, out }, torch::kFloat32);
    const float *xp = xf.data_ptr<float>();
    float *yp = y.data_ptr<float>();
    if (bf16) {
        const auto *w = reinterpret_cast<const uint16_t *>(weight.data_ptr());
        at::parallel_for(0, out, 64, [&](int64_t b, int64_t e) { gemv(w, xp, yp, rows, out, in, b, e); });
    } else {
        const float *w = weight.data_ptr<float>();
        at::parallel_for(0, out, 64, [&](int64_t b, int64_t e) { gemv(w, xp, yp, rows, out, in, b, e); });
    }
    return (bf16 ? y.to(torch::kBFloat16) : y).view(outShape);
}

} // namespace medtune
