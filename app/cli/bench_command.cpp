// medtune-cli bench: measured throughput against the machine's own limits. Dispatches to
// 'bench import' (datasets), 'bench model' and 'bench load' (model engine) and
// 'bench train' (LoRA training) and 'bench review' (review store writes), each in its own file.
#include "cli/commands.h"
#include "util/error.h"

namespace medtune::cli {

int runBench(CommandLine &cl)
{
    const QString which = cl.firstPositional();
    if (which == QLatin1String("import"))
        return runBenchImport(cl);
    if (which == QLatin1String("model") || which == QLatin1String("load"))
        return runBenchModel(cl);
    if (which == QLatin1String("train"))
        return runBenchTrain(cl);
    if (which == QLatin1String("review"))
        return runBenchReview(cl);
    if (which.isEmpty() && (cl.hasRawOption(QStringLiteral("--help")) || cl.hasRawOption(QStringLiteral("-h")))) {
        cl.out()
            << "Usage: medtune-cli bench import|model|load|train|review [options]\n\n"
            << "  import   dataset reader and import throughput (MB/s) and peak memory\n"
            << "  model    prefill and decode speed at TinyLlama's widths vs. the machine's matmul rate and bandwidth\n"
            << "  load     peak memory while loading a model folder\n"
            << "  train    LoRA training tokens/s and achieved FLOP/s vs. the matmul rate\n"
            << "  review   judgments/s and save latency of N reviewers at once (workspace or --review-db)\n\n"
            << "'medtune-cli bench <name> --help' lists each benchmark's options.\n";
        return Ok;
    }
    throw UsageError(QStringLiteral("name the benchmark: import, model, load, train or review"));
}

} // namespace medtune::cli
