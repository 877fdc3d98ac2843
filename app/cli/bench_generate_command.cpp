// medtune-cli bench generate: decode tokens/s per batch size through the real generation
// path, against the bandwidth and matmul-rate bounds; stores the figures for this machine,
// from which review generation chooses its batch size.
#include "cli/commands.h"
#include "cli/text_table.h"
#include "generate/generation_benchmark.h"
#include "model/model_benchmark.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {

int runBenchGenerate(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("layers"), QStringLiteral("Layers at TinyLlama's widths (default 2)."),
                  QStringLiteral("N"), QStringLiteral("2") });
    p.addOption({ QStringLiteral("batch"), QStringLiteral("Prompts decoded together; repeatable (default 1 2 4 8 16)."),
                  QStringLiteral("B") });
    p.addOption({ QStringLiteral("prompt-tokens"), QStringLiteral("Tokens per prompt (default 128)."),
                  QStringLiteral("P"), QStringLiteral("128") });
    p.addOption({ QStringLiteral("new-tokens"), QStringLiteral("Decode steps timed after the prefill (default 32)."),
                  QStringLiteral("N"), QStringLiteral("32") });
    p.addOption({ QStringLiteral("weights"),
                  QStringLiteral("Weight type float32, bfloat16 or auto; repeatable (default float32 and bfloat16)."),
                  QStringLiteral("T") });
    p.addOption({ QStringLiteral("repeats"), QStringLiteral("Best of this many timed runs (default 1)."),
                  QStringLiteral("R"), QStringLiteral("1") });
    p.addOption({ QStringLiteral("no-store"),
                  QStringLiteral("Do not keep the figures for choosing review generation's batch size.") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Decode tokens/s per batch size at TinyLlama's widths (random weights), against the "
                                 "memory-bandwidth and matmul-rate bounds, and prefill tokens/s. The figures are "
                                 "kept for this machine: review generation's automatic batch size comes from them.")))
        return cl.exitCode();
    GenerationBenchmarkOptions o;
    o.config = ModelBenchmarkOptions::defaultConfig(cl.intValue(QStringLiteral("layers"), 1, 64));
    o.promptTokens = cl.intValue(QStringLiteral("prompt-tokens"), 1, 1900);
    o.newTokens = cl.intValue(QStringLiteral("new-tokens"), 1, 1000);
    o.repeats = cl.intValue(QStringLiteral("repeats"), 1, 100);
    if (cl.isSet(QStringLiteral("batch"))) {
        o.batchSizes.clear();
        for (const QString &b : p.values(QStringLiteral("batch"))) {
            bool ok = false;
            const int n = b.toInt(&ok);
            if (!ok || n < 1 || n > 256)
                throw UsageError(QStringLiteral("--batch expects a number from 1 to 256, got '%1'").arg(b));
            if (!o.batchSizes.contains(n))
                o.batchSizes << n;
        }
        std::sort(o.batchSizes.begin(), o.batchSizes.end());
    }
    if (cl.isSet(QStringLiteral("weights"))) {
        o.weightTypes.clear();
        for (const QString &w : p.values(QStringLiteral("weights"))) {
            const WeightType t = parseWeightType(w);
            if (t == WeightType::Float16)
                throw UsageError(QStringLiteral("bench generate measures float32 and bfloat16 weights"),
                                 QStringLiteral("use --weights float32 or --weights bfloat16"));
            o.weightTypes << t;
        }
    }
    if (o.promptTokens + o.newTokens + 1 > o.config.maxPositions)
        throw UsageError(
            QStringLiteral("--prompt-tokens + --new-tokens must stay below %1").arg(o.config.maxPositions));
    QTextStream &err = cl.err();
    o.progress = [&](const QString &line) {
        err << line << '\n';
        err.flush();
    };
    const QJsonObject result = runGenerationBenchmark(o);
    if (!cl.isSet(QStringLiteral("no-store"))) {
        GenerationSpeedStore store;
        for (const GenerationSpeed &s : generationSpeeds(result))
            store.record(s);
        err << "kept the decode figures in " << store.path() << '\n';
    }
    if (cl.json()) {
        cl.printJson(QJsonDocument(result));
        return Ok;
    }
    auto num = [](const QJsonObject &r, const char *key, int prec) {
        return r.contains(QLatin1String(key)) ? QString::number(r.value(QLatin1String(key)).toDouble(), 'f', prec)
                                              : QStringLiteral("-");
    };
    cl.out() << result.value(QStringLiteral("cpu")).toString() << ", "
             << result.value(QStringLiteral("threads")).toInt() << " threads, decode kernel "
             << result.value(QStringLiteral("decode_kernel")).toString() << "\nmemory read bandwidth "
             << num(result, "memory_read_bandwidth_GBps", 1) << " GB/s, float32 matmul "
             << num(result, "matmul_float32_GFLOPs", 1) << " GFLOP/s; " << o.config.numLayers << " layers, "
             << o.promptTokens << " prompt tokens, " << o.newTokens << " decode steps\n";
    TextTable table({ { QStringLiteral("weights") },
                      { QStringLiteral("batch"), TextTable::Align::Right },
                      { QStringLiteral("decode tok/s"), TextTable::Align::Right },
                      { QStringLiteral("bandwidth bound"), TextTable::Align::Right },
                      { QStringLiteral("of it"), TextTable::Align::Right },
                      { QStringLiteral("matmul bound"), TextTable::Align::Right },
                      { QStringLiteral("of it"), TextTable::Align::Right },
                      { QStringLiteral("vs batch 1"), TextTable::Align::Right },
                      { QStringLiteral("prefill tok/s"), TextTable::Align::Right } });
    for (const QJsonValue &v : result.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        table.addRow({ r.value(QStringLiteral("weights")).toString(),
                       QString::number(r.value(QStringLiteral("batch")).toInt()), num(r, "decode_tokens_per_s", 1),
                       num(r, "bandwidth_bound_tokens_per_s", 1), num(r, "decode_vs_bandwidth_bound", 2),
                       num(r, "matmul_bound_tokens_per_s", 1), num(r, "decode_vs_matmul_bound", 2),
                       num(r, "decode_vs_batch_1", 2), num(r, "prefill_tokens_per_s", 1) });
    }
    table.print(cl.out());
    return Ok;
}

} // namespace medtune::cli
