// Bandwidth-bound matrix products for decoding: up to 16 rows against a float32 or
// bfloat16 weight, the weight streamed once for all rows and bfloat16 widened to float32 in
// registers (AVX2 + FMA or AVX-512, chosen at run time), float32 accumulation and one
// rounding at the end like torch::linear. Many rows with bfloat16 weights on CPUs without a
// fast bfloat16 GEMM: float32 GEMMs over widened blocks of the weight.
#include "model/decode_kernels.h"

#include "model/llama_model.h"

#include <ATen/Parallel.h>

// GCC 12 warns inside its own AVX-512 headers (a known false positive).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <immintrin.h>

namespace medtune {
namespace {

inline float widen(const float *p)
{
    return *p;
}
inline float widen(const uint16_t *p)
{
    const uint32_t bits = uint32_t(*p) << 16; // bfloat16 is the top half of a float32
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

} // namespace

// ---- AVX-512 F + BW: 16 floats per vector, 32 vector registers -----------------------

#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx2,fma")
namespace avx512 {
namespace {
#define MEDTUNE_PASS_ROWS 8
struct Isa
{
    using V = __m512;
    static constexpr int64_t kWidth = 16;
    static constexpr int64_t kPassRows = MEDTUNE_PASS_ROWS;
    /// Weight rows per tile for R rows of x: one for R <= 2 (memory-bound), else
    /// O x R accumulators + O weights + 1 x <= 29 registers.
    static constexpr int outRows(int r) { return r <= 2 ? 1 : 28 / (r + 1) < 8 ? 28 / (r + 1) : 8; }
    /// Independent accumulator chains along the row: latency hiding for one weight row.
    static constexpr int unroll(int r) { return r == 1 ? 4 : r == 2 ? 2 : 1; }
    static inline V zero() { return _mm512_setzero_ps(); }
    static inline V load(const float *p) { return _mm512_loadu_ps(p); }
    static inline V load(const uint16_t *p)
    {
        return _mm512_castsi512_ps(
            _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(p))), 16));
    }
    static inline V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
    static inline V add(V a, V b) { return _mm512_add_ps(a, b); }
    static inline float sum(V v) { return _mm512_reduce_add_ps(v); }
};
#include "model/decode_tiles.inc"
#undef MEDTUNE_PASS_ROWS
} // namespace
} // namespace avx512
#pragma GCC pop_options

// ---- AVX2 + FMA: 8 floats per vector, 16 vector registers ----------------------------

#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
namespace {
#define MEDTUNE_PASS_ROWS 4
struct Isa
{
    using V = __m256;
    static constexpr int64_t kWidth = 8;
    static constexpr int64_t kPassRows = MEDTUNE_PASS_ROWS;
    /// One weight row for R <= 2 (memory-bound), else O x R accumulators + O weights + 1 x
    /// <= 15 registers.
    static constexpr int outRows(int r) { return r <= 2 ? 1 : 14 / (r + 1) < 6 ? 14 / (r + 1) : 6; }
    static constexpr int unroll(int r) { return r == 1 ? 4 : r == 2 ? 2 : 1; }
    static inline V zero() { return _mm256_setzero_ps(); }
    static inline V load(const float *p) { return _mm256_loadu_ps(p); }
    static inline V load(const uint16_t *p)
    {
        return _mm256_castsi256_ps(
            _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p))), 16));
    }
    static inline V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
    static inline V add(V a, V b) { return _mm256_add_ps(a, b); }
    static inline float sum(V v)
    {
        __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
        s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        s = _mm_add_ss(s, _mm_movehdup_ps(s));
        return _mm_cvtss_f32(s);
    }
};
#include "model/decode_tiles.inc"
#undef MEDTUNE_PASS_ROWS
} // namespace
} // namespace avx2
#pragma GCC pop_options

namespace {

// x (rows, in) float32 against W (out, in), rows <= kDecodeMaxRows, into y (rows, out).
template<typename W>
void runKernel(DecodeIsa isa, const W *w, const float *x, float *y, int64_t rows, int64_t in, int64_t out)
{
    // Blocks of about 128 KiB of weight rows (a multiple of 8 rows): the passes over the
    // rows of x read a block from cache, not from memory.
    const int64_t blockRows = std::clamp<int64_t>((int64_t(128) << 10) / (in * int64_t(sizeof(W))) / 8 * 8, 8, 256);
    const int64_t blocks = (out + blockRows - 1) / blockRows;
    // At least 1 MiB of weights per thread: smaller products (the k/v projections) run on
    // the calling thread, without a parallel region's start and barrier.
    const int64_t grain = std::max<int64_t>(1, (int64_t(1) << 20) / (blockRows * in * int64_t(sizeof(W))));
    at::parallel_for(0, blocks, grain, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b) {
            const int64_t begin = b * blockRows, end = std::min(out, begin + blockRows);
            if (isa == DecodeIsa::Avx512)
                avx512::run(w, x, y, rows, in, out, begin, end);
            else
                avx2::run(w, x, y, rows, in, out, begin, end);
        }
    });
}

// x (rows, in) against a bfloat16 W (out, in) as float32 GEMMs over blocks of W widened to
// float32 (about 4 MiB each): libtorch's bfloat16 GEMM has no fast path on such CPUs.
torch::Tensor widenedGemm(const torch::Tensor &x, const torch::Tensor &weight)
{
    const int64_t in = weight.size(1), out = weight.size(0);
    const torch::Tensor xf = x.to(torch::kFloat32).contiguous();
    torch::Tensor y = torch::empty({ xf.size(0), out }, torch::kFloat32);
    const int64_t block = std::max<int64_t>(64, (int64_t(1) << 20) / in);
    for (int64_t b = 0; b < out; b += block) {
        const int64_t n = std::min(block, out - b);
        const torch::Tensor wf = weight.narrow(0, b, n).to(torch::kFloat32); // (n, in)
        y.narrow(1, b, n).copy_(torch::mm(xf, wf.t())); // (rows, n)
    }
    return y;
}

// MEDTUNE_DECODE_ISA as an ISA; Avx512 (no limit) when unset or unknown.
DecodeIsa isaLimit()
{
    const char *v = std::getenv("MEDTUNE_DECODE_ISA");
    if (!v)
        return DecodeIsa::Avx512;
    if (std::strcmp(v, "none") == 0)
        return DecodeIsa::None;
    if (std::strcmp(v, "avx2") == 0)
        return DecodeIsa::Avx2;
    return DecodeIsa::Avx512;
}

} // namespace

const char *decodeIsaName(DecodeIsa isa)
{
    switch (isa) {
    case DecodeIsa::Avx512:
        return "avx512";
    case DecodeIsa::Avx2:
        return "avx2";
    case DecodeIsa::None:
        break;
    }
    return "none";
}

bool cpuSupportsDecodeIsa(DecodeIsa isa)
{
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    static const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
    switch (isa) {
    case DecodeIsa::Avx512:
        return avx512;
    case DecodeIsa::Avx2:
        return avx2;
    case DecodeIsa::None:
        break;
    }
    return true;
}

DecodeIsa decodeIsa()
{
    DecodeIsa isa = isaLimit();
    while (isa != DecodeIsa::None && !cpuSupportsDecodeIsa(isa))
        isa = isa == DecodeIsa::Avx512 ? DecodeIsa::Avx2 : DecodeIsa::None;
    return isa;
}

bool decodeFastBFloat16Gemm()
{
    return cpuHasFastBFloat16() && isaLimit() == DecodeIsa::Avx512;
}

torch::Tensor decodeLinear(const torch::Tensor &x, const torch::Tensor &weight)
{
    return decodeLinear(x, weight, decodeIsa(), decodeFastBFloat16Gemm());
}

torch::Tensor decodeLinear(const torch::Tensor &x, const torch::Tensor &weight, DecodeIsa isa, bool fastBf16Gemm)
{
    if (!x.device().is_cpu() || !weight.device().is_cpu() || weight.dim() != 2 || !weight.is_contiguous())
        return {};
    if (torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad()))
        return {};
    const int64_t in = weight.size(1), out = weight.size(0);
    if (x.dim() < 1 || x.size(-1) != in || x.scalar_type() != weight.scalar_type() || in == 0)
        return {};
    const bool bf16 = weight.scalar_type() == torch::kBFloat16;
    if (!bf16 && weight.scalar_type() != torch::kFloat32)
        return {};
    const int64_t rows = x.numel() / in;
    if (rows < 1)
        return {};
    std::vector<int64_t> outShape = x.sizes().vec();
    outShape.back() = out;

    if (rows <= kDecodeMaxRows && isa != DecodeIsa::None && cpuSupportsDecodeIsa(isa)) {
        const torch::Tensor xf = x.reshape({ rows, in }).to(torch::kFloat32).contiguous(); // exact for bf16 inputs
        torch::Tensor y = torch::empty({ rows, out }, torch::kFloat32);
        const float *xp = xf.data_ptr<float>();
        float *yp = y.data_ptr<float>();
        if (bf16)
            runKernel(isa, reinterpret_cast<const uint16_t *>(weight.data_ptr()), xp, yp, rows, in, out);
        else
            runKernel(isa, weight.data_ptr<float>(), xp, yp, rows, in, out);
        return (bf16 ? y.to(torch::kBFloat16) : y).view(outShape);
    }
    if (bf16 && !fastBf16Gemm)
        return widenedGemm(x.reshape({ rows, in }), weight).to(torch::kBFloat16).view(outShape);
    return {};
}

} // namespace medtune
