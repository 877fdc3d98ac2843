#include "train/train_benchmark.h"

#include "model/llama_model_impl.h"
#include "model/model_benchmark.h"
#include "train/data_parallel.h"
#include "train/lora_model.h"
#include "train/trainer.h"
#include "util/compute_threads.h"

#include <QJsonArray>
#include <chrono>

namespace medtune {

double trainingFlopsPerToken(const LlamaConfig &c, int rank, int T)
{
    const double h = c.hiddenSize, kv = double(c.numKvHeads) * c.headDim(), inter = c.intermediateSize;
    const double perLayer = h * h /*q*/ + h * kv /*k*/ + h * kv /*v*/ + h * h /*o*/ + 3.0 * h * inter;
    const double matmulParams = perLayer * c.numLayers + h * c.vocabSize; // + LM head
    // Scores and weighted sum: 2 products of 2 T h flops per token, halved by the causal mask.
    const double attentionForward = 2.0 * T * h * c.numLayers;
    const double loraForward = 2.0 * rank * ((h + h) + (h + kv)) * c.numLayers;
    return 2.0 * matmulParams /*forward*/ + 2.0 * matmulParams /*activation gradients*/
        + 3.0 * attentionForward + 3.0 * loraForward;
}

QJsonObject runTrainBenchmark(const TrainBenchmarkOptions &o)
{
    QJsonArray results;
    for (WeightType type : o.weightTypes) {
        LlamaConfig config = ModelBenchmarkOptions::defaultConfig(o.layers);
        config.maxPositions = std::max(config.maxPositions, o.sequenceLength);
        ModelOptions mo;
        mo.weights = type;
        mo.loadTokenizer = false;
        auto model = LlamaModel::createRandom(config, 1, mo);
        LoraConfig lora;
        lora.r = o.rank;
        lora.dropout = 0.0;
        LoraTrainableModel trainable(model, lora, 1);
        torch::optim::AdamW optimizer(trainable.trainableParameters(), torch::optim::AdamWOptions(1e-4));

        const int64_t B = o.microBatch, T = o.sequenceLength;
        const int ranks = o.group ? o.group->worldSize() : 1;
        if (o.group)
            torch::manual_seed(uint64_t(1000 + o.group->rank())); // each rank its own data
        std::vector<torch::Tensor> params = trainable.trainableParameters();
        double allReduceSeconds = 0;
        const torch::Tensor ids = torch::randint(3, config.vocabSize, { B, T }, torch::kLong);
        const torch::Tensor mask = torch::ones({ B, T }, torch::kLong);
        torch::Tensor labels = ids.clone();
        labels.slice(1, 0, T / 4).fill_(-100); // a quarter of each sequence is prompt
        auto step = [&] {
            optimizer.zero_grad();
            const torch::Tensor sums = rowLossSums(trainable.logits(ids, mask), labels);
            (sums.sum() / double(B * T)).backward();
            if (o.group) {
                // The trainer's data-parallel step: one flat bucket of all gradients.
                std::vector<torch::Tensor> flat;
                for (const auto &p : params)
                    flat.push_back(p.grad().reshape({ -1 }));
                torch::Tensor bucket = torch::cat(flat);
                const double before = o.group->allReduceSeconds();
                o.group->allReduceSum(bucket);
                allReduceSeconds += o.group->allReduceSeconds() - before;
                int64_t offset = 0;
                for (auto &p : params) {
                    p.mutable_grad().copy_(bucket.slice(0, offset, offset + p.numel()).view_as(p));
                    offset += p.numel();
                }
            }
            optimizer.step();
        };
        step(); // warm-up: allocations, oneDNN primitives
        allReduceSeconds = 0;
        double best = 1e300;
        for (int i = 0; i < o.steps; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            step();
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        const double tokensPerSecond = double(ranks * B * T) / best;
        const double flopsPerToken = trainingFlopsPerToken(config, o.rank, int(T));
        const double achieved = flopsPerToken * tokensPerSecond;
        const double matmul = measureMatmulRate(type, T, config.hiddenSize, config.intermediateSize, 3);
        QJsonObject r { { QStringLiteral("weights"), weightTypeName(type) },
                        { QStringLiteral("layers"), o.layers },
                        { QStringLiteral("sequence_length"), o.sequenceLength },
                        { QStringLiteral("micro_batch"), o.microBatch },
                        { QStringLiteral("ranks"), ranks },
                        { QStringLiteral("all_reduce_seconds_per_step"), allReduceSeconds / double(o.steps) },
                        { QStringLiteral("trainable_parameters"), qint64(trainable.adapters().parameterCount()) },
                        { QStringLiteral("step_seconds"), best },
                        { QStringLiteral("tokens_per_s"), tokensPerSecond },
                        { QStringLiteral("flops_per_token"), flopsPerToken },
                        { QStringLiteral("achieved_GFLOPs"), achieved / 1e9 },
                        { QStringLiteral("matmul_GFLOPs"), matmul / 1e9 },
                        { QStringLiteral("achieved_vs_matmul"), achieved / matmul } };
        if (o.epochTokens > 0) {
            // At full depth the FLOPs per token grow; assume the same achieved rate.
            LlamaConfig full = config;
            full.numLayers = o.fullDepth;
            const double fullFlops = trainingFlopsPerToken(full, o.rank, int(T));
            const double seconds = double(o.epochTokens) * fullFlops / achieved;
            r.insert(QStringLiteral("projected_full_depth_tokens_per_s"), achieved / fullFlops);
            r.insert(QStringLiteral("projected_epoch_seconds"), seconds);
        }
        results.append(r);
    }
    QJsonObject out { { QStringLiteral("threads"), computeThreads() }, { QStringLiteral("results"), results } };
    if (o.epochTokens > 0)
        out.insert(QStringLiteral("epoch_tokens"), o.epochTokens);
    return out;
}

} // namespace medtune
