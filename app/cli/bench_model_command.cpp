// medtune-cli bench: measured throughput against the machine's own limits.
#include "cli/commands.h"
#include "cli/model_cli_options.h"
#include "model/model_benchmark.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {

int runBenchModel(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("layers"), QStringLiteral("bench model: layers at TinyLlama's widths (default 2)."),
                  QStringLiteral("N"), QStringLiteral("2") });
    p.addOption({ QStringLiteral("prompt-tokens"), QStringLiteral("bench model: prefill length (default 256)."),
                  QStringLiteral("N"), QStringLiteral("256") });
    p.addOption({ QStringLiteral("decode-tokens"), QStringLiteral("bench model: decode steps (default 32)."),
                  QStringLiteral("N"), QStringLiteral("32") });
    p.addOption({ QStringLiteral("write-model"),
                  QStringLiteral("bench model: also save the bfloat16 model there (for bench load)."),
                  QStringLiteral("DIR") });
    p.addOption({ QStringLiteral("model"), QStringLiteral("bench load: model folder."), QStringLiteral("DIR") });
    p.addOption({ QStringLiteral("weights"),
                  QStringLiteral("bench load: weight type (auto, bfloat16, float32); bench model: only this one."),
                  QStringLiteral("TYPE") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Benchmarks: 'model' (prefill and decode vs. matmul rate and memory bandwidth), "
                                 "'load' (peak memory while loading a folder).")))
        return cl.exitCode();
    const QString what = cl.action();
    QJsonObject result;
    if (what == QLatin1String("model")) {
        ModelBenchmarkOptions o;
        o.config = ModelBenchmarkOptions::defaultConfig(cl.intValue(QStringLiteral("layers"), 1, 64));
        o.promptTokens = cl.intValue(QStringLiteral("prompt-tokens"), 1, 2000);
        o.decodeTokens = cl.intValue(QStringLiteral("decode-tokens"), 1, 1000);
        o.writeModelTo = cl.value(QStringLiteral("write-model"));
        if (cl.isSet(QStringLiteral("weights")))
            o.weightTypes = { parseWeightType(cl.value(QStringLiteral("weights"))) };
        result = runModelBenchmark(o);
    } else if (what == QLatin1String("load")) {
        if (!cl.isSet(QStringLiteral("model")))
            throw UsageError(QStringLiteral("bench load needs --model DIR"));
        ModelOptions mo;
        mo.weights = parseWeightType(cl.value(QStringLiteral("weights")));
        mo.loadTokenizer = false;
        result = measureModelLoad(cl.value(QStringLiteral("model")), mo);
    } else {
        throw UsageError(QStringLiteral("name the benchmark: model or load"));
    }
    if (cl.json()) {
        cl.printJson(QJsonDocument(result));
        return Ok;
    }
    if (what == QLatin1String("load")) {
        const double w = result.value(QStringLiteral("weight_bytes")).toDouble();
        cl.out() << "weights " << result.value(QStringLiteral("weights")).toString() << ": "
                 << QString::number(w / 1e6, 'f', 1) << " MB, loaded in "
                 << QString::number(result.value(QStringLiteral("load_seconds")).toDouble(), 'f', 2) << " s\n"
                 << "peak resident memory increase / weights: "
                 << QString::number(result.value(QStringLiteral("peak_increase_over_weights")).toDouble(), 'f', 3)
                 << '\n';
        return Ok;
    }
    cl.out() << "threads " << result.value(QStringLiteral("threads")).toInt() << ", memory read bandwidth "
             << QString::number(result.value(QStringLiteral("memory_read_bandwidth_GBps")).toDouble(), 'f', 1)
             << " GB/s\n";
    for (const QJsonValue &v : result.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        auto n = [&](const char *k, int prec = 1) {
            return QString::number(r.value(QLatin1String(k)).toDouble(), 'f', prec);
        };
        cl.out() << r.value(QStringLiteral("weights")).toString() << ": matmul " << n("matmul_GFLOPs")
                 << " GFLOP/s; prefill " << n("prefill_tokens_per_s") << " tok/s = " << n("prefill_GFLOPs")
                 << " GFLOP/s (" << n("prefill_vs_matmul", 2) << " of matmul); decode " << n("decode_tokens_per_s", 2)
                 << " tok/s, bound " << n("decode_bandwidth_bound_tokens_per_s", 2) << " tok/s ("
                 << n("decode_vs_bandwidth_bound", 2) << " of bound)\n";
    }
    return Ok;
}

} // namespace medtune::cli
