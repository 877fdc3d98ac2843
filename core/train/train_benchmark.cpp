#include "train/train_benchmark.h"

#include "model/llama_model_impl.h"
#include "model/model_benchmark.h"
#include "train/data_parallel.h"
#include "train/lora_model.h"
#include "train/trainer.h"
#include "util/compute_threads.h"
#include "util/cpu_kind.h"
#include "util/process_memory.h"

#include <QJsonArray>
#include <chrono>
#include <malloc.h>

namespace medtune {

double trainingFlopsPerToken(const LlamaConfig &c, int rank, int T, double answerFraction)
{
    const double h = c.hiddenSize, kv = double(c.numKvHeads) * c.headDim(), inter = c.intermediateSize;
    const double perLayer = h * h /*q*/ + h * kv /*k*/ + h * kv /*v*/ + h * h /*o*/ + 3.0 * h * inter;
    const double layerParams = perLayer * c.numLayers;
    const double headParams = h * c.vocabSize * std::clamp(answerFraction, 0.0, 1.0); // labelled positions
    // Scores and weighted sum: 2 products of 2 T h flops per token, halved by the causal mask.
    const double attentionForward = 2.0 * T * h * c.numLayers;
    const double loraForward = 2.0 * rank * ((h + h) + (h + kv)) * c.numLayers;
    return 4.0 * (layerParams + headParams) /*forward and activation gradients*/ + 3.0 * attentionForward
        + 3.0 * loraForward;
}

QString weightTypeSkipReason(WeightType type, bool cpuFastBFloat16)
{
    if (type == WeightType::BFloat16 && !cpuFastBFloat16)
        return QStringLiteral("this CPU has no AVX-512 BF16 or AMX, so libtorch's bfloat16 matrix products have "
                              "no fast path here (3 steps at 2 layers took over 15 minutes on an AVX2 CPU); ask "
                              "for it with --weights bfloat16");
    return {};
}

QJsonObject runTrainBenchmark(const TrainBenchmarkOptions &o)
{
    const bool fastBFloat16 = o.cpuFastBFloat16.value_or(cpuHasFastBFloat16());
    QJsonArray results, skipped;
    for (WeightType type : o.weightTypes) {
        if (const QString why = o.weightTypesRequested ? QString() : weightTypeSkipReason(type, fastBFloat16);
            !why.isEmpty()) {
            skipped.append(
                QJsonObject { { QStringLiteral("weights"), weightTypeName(type) }, { QStringLiteral("reason"), why } });
            continue;
        }
        LlamaConfig config = ModelBenchmarkOptions::defaultConfig(o.layers);
        config.maxPositions = std::max(config.maxPositions, o.sequenceLength);
        const int64_t B = o.microBatch, T = o.sequenceLength;
        TrainingMemoryShape shape;
        shape.rows = int(B);
        shape.tokens = int(T);
        shape.answerFraction = o.answerFraction;
        shape.activationBytes = type == WeightType::Float32 ? 4 : 2;
        shape.loraRank = o.rank;
        const TrainingMemoryEstimate estimateWithout = estimateTrainingMemory(config, shape, false);
        const TrainingMemoryEstimate estimateWith = estimateTrainingMemory(config, shape, true);
        const double matmul = measureMatmulRate(type, T, config.hiddenSize, config.intermediateSize, 3);
        const int ranks = o.group ? o.group->worldSize() : 1;
        const double flopsPerToken = trainingFlopsPerToken(config, o.rank, int(T), o.answerFraction);
        double offSeconds = 0;

        for (ActivationCheckpointing mode : o.checkpointing) {
            QJsonObject r { { QStringLiteral("weights"), weightTypeName(type) },
                            { QStringLiteral("layers"), o.layers },
                            { QStringLiteral("sequence_length"), o.sequenceLength },
                            { QStringLiteral("micro_batch"), o.microBatch },
                            { QStringLiteral("ranks"), ranks },
                            { QStringLiteral("answer_fraction"), o.answerFraction },
                            { QStringLiteral("checkpointing_setting"), activationCheckpointingName(mode) },
                            { QStringLiteral("estimated_peak_bytes_without_checkpointing"),
                              double(estimateWithout.total()) },
                            { QStringLiteral("estimated_peak_bytes_with_checkpointing"), double(estimateWith.total()) },
                            { QStringLiteral("matmul_GFLOPs"), matmul / 1e9 },
                            // The frozen products: oneDNN's for bfloat16, the BLAS sgemm for float32.
                            { QStringLiteral("matmul_kernels"),
                              type == WeightType::BFloat16 ? bfloat16MatmulKernels() : QStringLiteral("blas-sgemm") },
                            { QStringLiteral("activations"), weightTypeName(type) } };
            // Whether the step fits is judged before the model exists: weights count in full.
            const qint64 available = availableMemoryBytes();
            QString why;
            const qint64 budget = o.memoryBudget > 0 ? o.memoryBudget : qint64(0.9 * double(available));
            // A budget below the available memory decides as if only the budget were there.
            const bool checkpoint = decideActivationCheckpointing(
                mode, estimateWithout, 0, o.memoryBudget > 0 ? qint64(double(budget) / 0.9) : available, &why);
            const int keepMlp = !checkpoint      ? 0
                : o.layersKeepingMlpOutputs >= 0 ? std::min(o.layersKeepingMlpOutputs, config.numLayers)
                                                 : layersKeepingMlpOutputsWithin(config, shape, budget);
            r.insert(QStringLiteral("layers_keeping_mlp_outputs"), keepMlp);
            r.insert(QStringLiteral("memory_budget_bytes"), double(budget));
            r.insert(QStringLiteral("checkpoint_activations"), checkpoint);
            r.insert(QStringLiteral("checkpointing_reason"), why);
            r.insert(QStringLiteral("available_bytes"), double(available));
            if (!checkpoint && available > 0 && double(estimateWithout.total()) > 0.95 * double(available)) {
                r.insert(QStringLiteral("skipped"),
                         QStringLiteral("without activation checkpointing the step needs about %1, only %2 is "
                                        "available")
                             .arg(formatBytes(estimateWithout.total()), formatBytes(available)));
                results.append(r);
                continue;
            }

            // Memory freed by an earlier run goes back to the system first (glibc keeps freed
            // heap memory), so that this run's peak is its own.
            malloc_trim(0);
            resetPeakResident();
            const qint64 rssBefore = peakResidentBytes();
            ModelOptions mo;
            mo.weights = type;
            mo.loadTokenizer = false;
            auto model = LlamaModel::createRandom(config, 1, mo);
            LoraConfig lora;
            lora.r = o.rank;
            lora.dropout = 0.0;
            LoraTrainableModel trainable(model, lora, 1);
            trainable.setActivationCheckpointing(checkpoint, keepMlp);
            torch::optim::AdamW optimizer(trainable.trainableParameters(), torch::optim::AdamWOptions(1e-4));
            const qint64 rssModel = peakResidentBytes();

            if (o.group)
                torch::manual_seed(uint64_t(1000 + o.group->rank())); // each rank its own data
            std::vector<torch::Tensor> params = trainable.trainableParameters();
            double allReduceSeconds = 0;
            const torch::Tensor ids = torch::randint(3, config.vocabSize, { B, T }, torch::kLong);
            const torch::Tensor mask = torch::ones({ B, T }, torch::kLong);
            // The answer is the end of each sequence: the last answerFraction of its positions.
            const int64_t answer = std::clamp<int64_t>(int64_t(std::llround(o.answerFraction * double(T))), 1, T - 1);
            torch::Tensor labels = ids.clone();
            labels.slice(1, 0, T - answer).fill_(-100);
            auto step = [&] {
                optimizer.zero_grad();
                const torch::Tensor sums = trainable.lossSums(ids, mask, labels);
                (sums.sum() / double(B * answer)).backward();
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
            for (int i = 0; i < o.warmupSteps; ++i)
                step();
            allReduceSeconds = 0;
            double best = 1e300;
            for (int i = 0; i < o.steps; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                step();
                best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            }
            const qint64 peak = peakResidentBytes();
            const double tokensPerSecond = double(ranks * B * T) / best;
            const double achieved = flopsPerToken * tokensPerSecond;
            r.insert(QStringLiteral("all_reduce_seconds_per_step"), allReduceSeconds / double(o.steps));
            r.insert(QStringLiteral("trainable_parameters"), qint64(trainable.adapters().parameterCount()));
            r.insert(QStringLiteral("labelled_tokens_per_step"), qint64(B * answer));
            r.insert(QStringLiteral("step_seconds"), best);
            r.insert(QStringLiteral("tokens_per_s"), tokensPerSecond);
            r.insert(QStringLiteral("flops_per_token"), flopsPerToken);
            r.insert(QStringLiteral("achieved_GFLOPs"), achieved / 1e9);
            r.insert(QStringLiteral("achieved_vs_matmul"), achieved / matmul);
            r.insert(QStringLiteral("peak_rss_bytes"), double(peak));
            r.insert(QStringLiteral("rss_before_model_bytes"), double(rssBefore));
            r.insert(QStringLiteral("rss_after_model_bytes"), double(rssModel));
            r.insert(QStringLiteral("estimated_peak_bytes"),
                     double(checkpoint ? estimateTrainingMemory(config, shape, true, keepMlp).total()
                                       : estimateWithout.total()));
            if (!checkpoint)
                offSeconds = best;
            else if (offSeconds > 0)
                r.insert(QStringLiteral("checkpointing_time_cost"), best / offSeconds - 1.0);
            if (o.epochTokens > 0) {
                // At full depth the FLOPs per token grow; assume the same achieved rate.
                LlamaConfig full = config;
                full.numLayers = o.fullDepth;
                const double fullFlops = trainingFlopsPerToken(full, o.rank, int(T), o.answerFraction);
                const double seconds = double(o.epochTokens) * fullFlops / achieved;
                r.insert(QStringLiteral("projected_full_depth_tokens_per_s"), achieved / fullFlops);
                r.insert(QStringLiteral("projected_epoch_seconds"), seconds);
            }
            results.append(r);
        }
    }
    const QJsonObject cpu { { QStringLiteral("flags"), QJsonArray::fromStringList(cpuSimdFlags()) },
                            { QStringLiteral("fast_bfloat16"), fastBFloat16 } };
    QJsonObject out { { QStringLiteral("threads"), computeThreads() },
                      { QStringLiteral("cpu"), cpu },
                      { QStringLiteral("results"), results },
                      { QStringLiteral("skipped"), skipped } };
    if (o.epochTokens > 0)
        out.insert(QStringLiteral("epoch_tokens"), o.epochTokens);
    return out;
}

} // namespace medtune
