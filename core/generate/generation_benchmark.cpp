// Generation benchmark: B prompts of P tokens, prefill, then N greedy decode steps through
// Generator::generate, timed from the token callbacks; bounds from the measured read
// bandwidth and float32 matmul rate (the decode kernels multiply in float32 whatever the
// weight type).
#include "generate/generation_benchmark.h"

#include "generate/generator.h"
#include "model/decode_kernels.h"
#include "model/llama_model_impl.h"
#include "model/model_benchmark.h"
#include "util/compute_threads.h"
#include "util/error.h"

#include <QJsonArray>
#include <chrono>
#include <random>

namespace medtune {
namespace {

using Clock = std::chrono::steady_clock;

double secondsBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

struct Timing
{
    double prefill = 0; ///< seconds until every row has its first token
    double decode = 0; ///< seconds for the newTokens steps after that
};

Timing timeGeneration(const Generator &generator, const std::vector<std::vector<int>> &prompts, int newTokens)
{
    SamplingOptions o;
    o.greedy = true;
    o.stopAtEos = false;
    o.maxNewTokens = newTokens + 1; // the first token comes from the prefill
    const int lastRow = int(prompts.size()) - 1;
    std::vector<Clock::time_point> steps; // when the last row got each token
    steps.reserve(size_t(newTokens) + 1);
    const Clock::time_point start = Clock::now();
    generator.generate(prompts, o, [&](const TokenEvent &e) {
        if (e.row == lastRow)
            steps.push_back(Clock::now());
    });
    if (steps.size() != size_t(newTokens) + 1)
        throw Error(
            QStringLiteral("the benchmark generated %1 steps, %2 were expected").arg(steps.size()).arg(newTokens + 1));
    return { secondsBetween(start, steps.front()), secondsBetween(steps.front(), steps.back()) };
}

} // namespace

QJsonObject runGenerationBenchmark(const GenerationBenchmarkOptions &o)
{
    const LlamaConfig &c = o.config;
    if (o.batchSizes.isEmpty() || o.weightTypes.isEmpty())
        throw UsageError(QStringLiteral("the generation benchmark needs at least one batch size and weight type"));
    if (o.promptTokens < 1 || o.newTokens < 1 || o.promptTokens + o.newTokens + 1 > c.maxPositions)
        throw UsageError(QStringLiteral("prompt and new tokens must be positive and fit the model's %1 positions")
                             .arg(c.maxPositions));
    const auto say = [&](const QString &line) {
        if (o.progress)
            o.progress(line);
    };
    const int repeats = std::max(1, o.repeats);
    QJsonObject out;
    out.insert(QStringLiteral("cpu"), cpuSignature());
    out.insert(QStringLiteral("threads"), computeThreads());
    out.insert(QStringLiteral("config"), c.toJson());
    out.insert(QStringLiteral("prompt_tokens"), o.promptTokens);
    out.insert(QStringLiteral("new_tokens"), o.newTokens);
    out.insert(QStringLiteral("decode_kernel"), QString::fromLatin1(decodeIsaName(decodeIsa())));
    out.insert(QStringLiteral("fast_bf16_gemm"), decodeFastBFloat16Gemm());

    say(QStringLiteral("measuring memory bandwidth and the float32 matmul rate"));
    const double readBw = measureReadBandwidth(3);
    const int64_t h = c.hiddenSize, kv = int64_t(c.numKvHeads) * c.headDim(), m = c.intermediateSize;
    const double matmul = measureMatmulRate(WeightType::Float32, 256, h, m, 3);
    out.insert(QStringLiteral("memory_read_bandwidth_GBps"), readBw / 1e9);
    out.insert(QStringLiteral("matmul_float32_GFLOPs"), matmul / 1e9);

    // Per decode step: every layer projection, the final norm and the LM head read once
    // (the KV cache, a few MB here, is left out); per row 2 FLOPs per projection weight plus
    // the attention products over the cached positions (on average P + N/2).
    const double projParams
        = double(c.numLayers) * double(2 * h * h + 2 * h * kv + 3 * h * m) + double(c.vocabSize) * double(h);
    const double context = o.promptTokens + 0.5 * o.newTokens;
    const double flopsPerToken = 2.0 * projParams + double(c.numLayers) * 4.0 * context * double(h);
    // Per prefilled token: the projections (the LM head only for the last position) and attention.
    const double prefillFlopsPerToken = 2.0 * (projParams - double(c.vocabSize) * double(h))
        + double(c.numLayers) * 2.0 * double(o.promptTokens) * double(h);

    QJsonArray results;
    for (WeightType wt : o.weightTypes) {
        if (wt == WeightType::Auto)
            wt = cpuHasFastBFloat16() ? WeightType::BFloat16 : WeightType::Float32;
        ModelOptions mo;
        mo.weights = wt;
        say(QStringLiteral("%1: creating the random model").arg(weightTypeName(wt)));
        std::shared_ptr<const LlamaModel> model = LlamaModel::createRandom(c, 1234, mo);
        const double elem = wt == WeightType::Float32 ? 4.0 : 2.0;
        const double bytesPerStep = (projParams + double(c.numLayers * 2 + 1) * double(h)) * elem;
        const Generator generator(model);
        double batchOneTps = 0;
        for (int batch : o.batchSizes) {
            std::mt19937 rng(uint32_t(batch) * 7919u);
            std::uniform_int_distribution<int> token(3, c.vocabSize - 1);
            auto prompts = std::vector<std::vector<int>>(size_t(batch));
            for (auto &p : prompts) {
                p.push_back(c.bosId);
                for (int i = 1; i < o.promptTokens; ++i)
                    p.push_back(token(rng));
            }
            // Warm-up: buffers, thread pool, GEMM primitives for these shapes.
            std::vector<std::vector<int>> shortPrompts;
            for (const auto &p : prompts)
                shortPrompts.emplace_back(p.begin(), p.begin() + std::min<int>(8, o.promptTokens));
            timeGeneration(generator, shortPrompts, 2);
            Timing best { 1e300, 1e300 };
            for (int r = 0; r < repeats; ++r) {
                const Timing t = timeGeneration(generator, prompts, o.newTokens);
                best.prefill = std::min(best.prefill, t.prefill);
                best.decode = std::min(best.decode, t.decode);
            }
            const double decodeTps = double(batch) * o.newTokens / best.decode;
            const double bandwidthBound = double(batch) * readBw / bytesPerStep;
            const double matmulBound = matmul / flopsPerToken;
            if (batch == 1)
                batchOneTps = decodeTps;
            QJsonObject r;
            r.insert(QStringLiteral("weights"), weightTypeName(wt));
            r.insert(QStringLiteral("batch"), batch);
            r.insert(QStringLiteral("prefill_tokens_per_s"), double(batch) * o.promptTokens / best.prefill);
            r.insert(QStringLiteral("prefill_vs_matmul"),
                     double(batch) * o.promptTokens * prefillFlopsPerToken / best.prefill / matmul);
            r.insert(QStringLiteral("decode_seconds"), best.decode);
            r.insert(QStringLiteral("decode_tokens_per_s"), decodeTps);
            r.insert(QStringLiteral("decode_bytes_per_step"), bytesPerStep);
            r.insert(QStringLiteral("bandwidth_bound_tokens_per_s"), bandwidthBound);
            r.insert(QStringLiteral("matmul_bound_tokens_per_s"), matmulBound);
            r.insert(QStringLiteral("decode_vs_bandwidth_bound"), decodeTps / bandwidthBound);
            r.insert(QStringLiteral("decode_vs_matmul_bound"), decodeTps / matmulBound);
            r.insert(QStringLiteral("decode_vs_bound"), decodeTps / std::min(bandwidthBound, matmulBound));
            if (batchOneTps > 0)
                r.insert(QStringLiteral("decode_vs_batch_1"), decodeTps / batchOneTps);
            results.append(r);
            say(QStringLiteral("%1, batch %2: decode %3 tokens/s (%4 of the bandwidth bound), prefill %5 tokens/s")
                    .arg(weightTypeName(wt))
                    .arg(batch)
                    .arg(decodeTps, 0, 'f', 1)
                    .arg(decodeTps / bandwidthBound, 0, 'f', 2)
                    .arg(double(batch) * o.promptTokens / best.prefill, 0, 'f', 1));
        }
    }
    out.insert(QStringLiteral("results"), results);
    return out;
}

QList<GenerationSpeed> generationSpeeds(const QJsonObject &result)
{
    const LlamaConfig c = LlamaConfig::fromJson(result.value(QStringLiteral("config")).toObject(),
                                                QStringLiteral("the benchmark result"));
    QList<GenerationSpeed> speeds;
    for (const QJsonValue &v : result.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        GenerationSpeedKey key;
        key.cpu = result.value(QStringLiteral("cpu")).toString();
        key.threads = result.value(QStringLiteral("threads")).toInt();
        key.hiddenSize = c.hiddenSize;
        key.intermediateSize = c.intermediateSize;
        key.layers = c.numLayers;
        key.vocabSize = c.vocabSize;
        key.weights = r.value(QStringLiteral("weights")).toString();
        auto it = std::find_if(speeds.begin(), speeds.end(), [&](const GenerationSpeed &s) { return s.key == key; });
        if (it == speeds.end()) {
            speeds.append(GenerationSpeed { key, {}, QDateTime::currentDateTimeUtc() });
            it = speeds.end() - 1;
        }
        it->tokensPerSecond.insert(r.value(QStringLiteral("batch")).toInt(),
                                   r.value(QStringLiteral("decode_tokens_per_s")).toDouble());
    }
    return speeds;
}

} // namespace medtune
