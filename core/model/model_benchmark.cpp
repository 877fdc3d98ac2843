// Model benchmark: GEMM rate and memory bandwidth measured on the spot, then prefill and
// decode of a LLaMA model at TinyLlama's widths compared against those limits.
#include "model/model_benchmark.h"

#include "model/kv_cache.h"
#include "model/llama_model_impl.h"
#include "util/compute_threads.h"
#include "util/process_memory.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <chrono>

namespace medtune {
namespace {

double seconds(const std::function<void()> &f, int repeats)
{
    double best = 1e300;
    for (int i = 0; i < repeats; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

// Read bandwidth in bytes/s: summing a 1 GiB buffer (decode reads every weight once per token).
double readBandwidth(int repeats)
{
    torch::NoGradGuard g;
    torch::Tensor buf = torch::ones({ int64_t(1) << 28 }, torch::kFloat32); // 1 GiB
    buf.sum();
    const double s = seconds([&] { buf.sum(); }, repeats);
    return double(buf.numel() * 4) / s;
}

// Copy bandwidth (read + write bytes per second) of a 512 MiB buffer.
double copyBandwidth(int repeats)
{
    torch::NoGradGuard g;
    torch::Tensor a = torch::ones({ int64_t(1) << 27 }, torch::kFloat32), b = torch::empty_like(a);
    b.copy_(a);
    const double s = seconds([&] { b.copy_(a); }, repeats);
    return 2.0 * double(a.numel() * 4) / s;
}

} // namespace

LlamaConfig ModelBenchmarkOptions::defaultConfig(int layers)
{
    LlamaConfig c;
    c.hiddenSize = 2048;
    c.intermediateSize = 5632;
    c.numLayers = layers;
    c.numHeads = 32;
    c.numKvHeads = 4;
    c.vocabSize = 32000;
    c.maxPositions = 2048;
    c.rmsNormEps = 1e-5;
    return c;
}

// FLOP/s of x W^T with x (M, K) and W (N, K) in a dtype: the product the model's projections run.
double matmulRate(torch::ScalarType dtype, int64_t m, int64_t k, int64_t n, int repeats)
{
    torch::NoGradGuard g;
    torch::Tensor x = torch::randn({ m, k }).to(dtype), w = torch::randn({ n, k }).to(dtype);
    torch::linear(x, w); // warm-up (oneDNN primitive creation)
    const double s = seconds([&] { torch::linear(x, w); }, repeats);
    return 2.0 * double(m) * double(k) * double(n) / s;
}

double measureReadBandwidth(int repeats)
{
    return readBandwidth(repeats);
}

double measureMatmulRate(WeightType type, int64_t m, int64_t k, int64_t n, int repeats)
{
    return matmulRate(toScalarType(type), m, k, n, repeats);
}

QJsonObject runModelBenchmark(const ModelBenchmarkOptions &o)
{
    const LlamaConfig &c = o.config;
    const int64_t t = o.promptTokens;
    QJsonObject out;
    out.insert(QStringLiteral("threads"), computeThreads());
    out.insert(QStringLiteral("config"), c.toJson());
    out.insert(QStringLiteral("prompt_tokens"), o.promptTokens);
    out.insert(QStringLiteral("decode_tokens"), o.decodeTokens);
    out.insert(QStringLiteral("cpu_fast_bf16"), cpuHasFastBFloat16());

    const double readBw = readBandwidth(o.repeats);
    out.insert(QStringLiteral("memory_read_bandwidth_GBps"), readBw / 1e9);
    out.insert(QStringLiteral("memory_copy_bandwidth_GBps"), copyBandwidth(o.repeats) / 1e9);

    // FLOPs of one prefill as generation runs it (logits of the last position only): 2 per
    // weight per token for every layer projection, the LM head once, plus the two attention
    // products over the full (T, T) score matrix each layer.
    const int64_t h = c.hiddenSize, kv = int64_t(c.numKvHeads) * c.headDim(), m = c.intermediateSize;
    const double layerParams = double(c.numLayers) * double(2 * h * h + 2 * h * kv + 3 * h * m);
    const double headParams = double(c.vocabSize) * double(h);
    const double projParams = layerParams + headParams;
    const double prefillFlops = 2.0 * layerParams * double(t) + 2.0 * headParams
        + double(c.numLayers) * 4.0 * double(t) * double(t) * double(h);

    QJsonArray perType;
    for (WeightType wt : o.weightTypes) {
        const torch::ScalarType dtype = toScalarType(wt);
        QJsonObject r;
        r.insert(QStringLiteral("weights"), weightTypeName(wt));
        const double gemm = matmulRate(dtype, t, h, m, o.repeats);
        r.insert(QStringLiteral("matmul_GFLOPs"), gemm / 1e9);

        ModelOptions mo;
        mo.weights = wt;
        auto model = LlamaModel::createRandom(c, 1234, mo);
        if (!o.writeModelTo.isEmpty() && wt == WeightType::BFloat16)
            model->save(o.writeModelTo);
        LlamaModelImpl &impl = model->impl();
        torch::NoGradGuard g;
        torch::Tensor prompt = torch::randint(3, c.vocabSize, { 1, t }, torch::kLong);
        impl.forward(prompt.narrow(1, 0, 16)); // warm-up
        const double prefillS = seconds([&] { impl.forward(prompt, {}, nullptr, true); }, o.repeats);
        r.insert(QStringLiteral("prefill_tokens_per_s"), double(t) / prefillS);
        r.insert(QStringLiteral("prefill_GFLOPs"), prefillFlops / prefillS / 1e9);
        r.insert(QStringLiteral("prefill_vs_matmul"), prefillFlops / prefillS / gemm);

        // Decode: every step reads every layer weight, the final norm and the LM head once.
        const double bytesPerToken
            = (projParams + double(c.numLayers * 2 + 1) * double(h)) * double(torch::elementSize(dtype));
        double decodeOnly = 1e300; // best of the repeats, decode steps only
        for (int rep = 0; rep < o.repeats; ++rep) {
            KvCache cache(impl, 1, t + o.decodeTokens + 1);
            torch::Tensor next = impl.forward(prompt, {}, &cache, true).select(1, 0).argmax(-1).view({ 1, 1 });
            decodeOnly
                = std::min(decodeOnly,
                           seconds(
                               [&] {
                                   for (int i = 0; i < o.decodeTokens; ++i)
                                       next = impl.forward(next, {}, &cache).select(1, 0).argmax(-1).view({ 1, 1 });
                               },
                               1));
        }
        const double decodeTps = double(o.decodeTokens) / decodeOnly;
        const double bound = readBw / bytesPerToken;
        r.insert(QStringLiteral("weight_bytes"), double(model->weightBytes()));
        r.insert(QStringLiteral("decode_bytes_per_token"), bytesPerToken);
        r.insert(QStringLiteral("decode_tokens_per_s"), decodeTps);
        r.insert(QStringLiteral("decode_bandwidth_bound_tokens_per_s"), bound);
        r.insert(QStringLiteral("decode_vs_bandwidth_bound"), decodeTps / bound);
        perType.append(r);
    }
    out.insert(QStringLiteral("results"), perType);
    return out;
}

QJsonObject measureModelLoad(const QString &folder, const ModelOptions &options)
{
    const int64_t rssBefore = residentBytes(), peakBefore = peakResidentBytes();
    QElapsedTimer timer;
    timer.start();
    auto model = LlamaModel::load(folder, options);
    const double loadS = double(timer.elapsed()) / 1000.0;
    const int64_t peakAfterLoad = peakResidentBytes();
    {
        torch::NoGradGuard g;
        model->impl().forward(torch::tensor({ int64_t(model->config().bosId) }, torch::kLong).view({ 1, 1 }));
    }
    const double weights = double(model->weightBytes());
    const int64_t peakAfterForward = peakResidentBytes();
    return QJsonObject { { QStringLiteral("weights"), weightTypeName(model->weightType()) },
                         { QStringLiteral("weight_bytes"), weights },
                         { QStringLiteral("load_seconds"), loadS },
                         { QStringLiteral("rss_before_bytes"), double(rssBefore) },
                         { QStringLiteral("peak_rss_before_bytes"), double(peakBefore) },
                         { QStringLiteral("peak_rss_after_load_bytes"), double(peakAfterLoad) },
                         { QStringLiteral("peak_rss_after_forward_bytes"), double(peakAfterForward) },
                         { QStringLiteral("peak_increase_over_weights"),
                           double(peakAfterForward - rssBefore) / weights } };
}

} // namespace medtune
