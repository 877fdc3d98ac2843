// medtune-cli bench train: LoRA training throughput at TinyLlama's widths, the achieved
// FLOP/s against the measured matmul rate, and the projected time of one epoch of a
// dataset at TinyLlama's full depth.
#include "cli/commands.h"
#include "data/dataset_importer.h"
#include "model/llama_model.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "text/tokenized_cache.h"
#include "text/tokenizer.h"
#include "train/train_benchmark.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

namespace medtune::cli {
namespace {

// Tokens of every formatted example of `files` under the default template.
qint64 datasetTokens(const QStringList &files, const QString &tokenizerPath, int maxTokens, qint64 *examples)
{
    QTemporaryDir tmp;
    Workspace ws(tmp.filePath(QStringLiteral("ws")));
    const ImportResult imported = importDataset(ws, files);
    const auto tokenizer = Tokenizer::load(tokenizerPath);
    LengthPolicy policy;
    policy.maxTokens = maxTokens;
    const PromptFormatter formatter(InstructionTemplate::plain(), tokenizer, policy);
    auto file = DatasetStore(ws).open(imported.dataset);
    const auto cache = TokenizedCache::openOrBuild(ws.cacheDir(), *file, imported.dataset.contentHash, formatter);
    qint64 tokens = 0;
    *examples = 0;
    for (qint64 i = 0; i < cache->size(); ++i) {
        const auto rec = cache->record(i);
        if (rec.skip == FormatSkip::None) {
            tokens += qint64(rec.ids.size());
            ++*examples;
        }
    }
    return tokens;
}

} // namespace

int runBenchTrain(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("layers"), QStringLiteral("Layers at TinyLlama's widths (default 2)."),
                  QStringLiteral("N"), QStringLiteral("2") });
    p.addOption({ QStringLiteral("sequence"), QStringLiteral("Tokens per sequence (default 512)."), QStringLiteral("N"),
                  QStringLiteral("512") });
    p.addOption({ QStringLiteral("batch"), QStringLiteral("Sequences per step (default 1)."), QStringLiteral("N"),
                  QStringLiteral("1") });
    p.addOption({ QStringLiteral("steps"), QStringLiteral("Timed steps, best counts (default 3)."), QStringLiteral("N"),
                  QStringLiteral("3") });
    p.addOption({ QStringLiteral("weights"), QStringLiteral("Only this weight type (bfloat16 or float32)."),
                  QStringLiteral("TYPE") });
    p.addOption({ QStringLiteral("epoch-tokens"), QStringLiteral("Project the time of an epoch of this many tokens."),
                  QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("epoch-data"),
          QStringLiteral("Project an epoch of this dataset file (e.g. PubMedQA's ori_pqal.json); needs --tokenizer."),
          QStringLiteral("FILE") });
    p.addOption({ QStringLiteral("tokenizer"),
                  QStringLiteral("tokenizer.model for --epoch-data (TinyLlama's: the LLaMA-2 tokenizer)."),
                  QStringLiteral("PATH") });
    p.addOption({ QStringLiteral("max-tokens"),
                  QStringLiteral("Maximum sequence length for --epoch-data (default 2048)."), QStringLiteral("N"),
                  QStringLiteral("2048") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral(
            "LoRA training throughput (r 8 on q_proj and v_proj) at TinyLlama's widths, against the matmul rate.")))
        return cl.exitCode();
    TrainBenchmarkOptions o;
    o.layers = cl.intValue(QStringLiteral("layers"), 1, 64);
    o.sequenceLength = cl.intValue(QStringLiteral("sequence"), 8, 4096);
    o.microBatch = cl.intValue(QStringLiteral("batch"), 1, 64);
    o.steps = cl.intValue(QStringLiteral("steps"), 1, 100);
    if (cl.isSet(QStringLiteral("weights")))
        o.weightTypes = { parseWeightType(cl.value(QStringLiteral("weights"))) };
    qint64 epochExamples = 0;
    if (cl.isSet(QStringLiteral("epoch-data"))) {
        if (!cl.isSet(QStringLiteral("tokenizer")))
            throw UsageError(QStringLiteral("--epoch-data needs --tokenizer PATH"));
        o.epochTokens = datasetTokens({ cl.value(QStringLiteral("epoch-data")) }, cl.value(QStringLiteral("tokenizer")),
                                      cl.intValue(QStringLiteral("max-tokens"), 16, 1 << 20), &epochExamples);
    } else if (cl.isSet(QStringLiteral("epoch-tokens"))) {
        o.epochTokens = cl.intValue(QStringLiteral("epoch-tokens"), 1, std::numeric_limits<int>::max());
    }
    QJsonObject result = runTrainBenchmark(o);
    if (epochExamples > 0)
        result.insert(QStringLiteral("epoch_examples"), epochExamples);
    if (cl.json()) {
        cl.printJson(QJsonDocument(result));
        return Ok;
    }
    cl.out() << "threads " << result.value(QStringLiteral("threads")).toInt() << ", " << o.layers
             << " layers at TinyLlama widths, sequence " << o.sequenceLength << " x " << o.microBatch
             << ", LoRA r=" << o.rank << " on q_proj, v_proj\n";
    for (const QJsonValue &v : result.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        auto n = [&](const char *k, int prec = 1) {
            return QString::number(r.value(QLatin1String(k)).toDouble(), 'f', prec);
        };
        cl.out() << r.value(QStringLiteral("weights")).toString() << ": " << n("tokens_per_s") << " tokens/s, "
                 << n("achieved_GFLOPs") << " GFLOP/s achieved vs matmul " << n("matmul_GFLOPs") << " GFLOP/s ("
                 << n("achieved_vs_matmul", 2) << ")";
        if (r.contains(QStringLiteral("projected_epoch_seconds")))
            cl.out() << "; epoch of " << result.value(QStringLiteral("epoch_tokens")).toInteger()
                     << " tokens at full depth: "
                     << QString::number(r.value(QStringLiteral("projected_epoch_seconds")).toDouble() / 60.0, 'f', 1)
                     << " min";
        cl.out() << '\n';
    }
    return Ok;
}

} // namespace medtune::cli
