// medtune-cli bench: measured throughput against the machine's own limits. Dispatches to
// 'bench import' (datasets), 'bench model' and 'bench load' (model engine) and
// 'bench train' (LoRA training), each in its own file.
#include "cli/commands.h"
#include "util/error.h"

namespace medtune::cli {

int runBench(CommandLine &cl)
{
    return dispatch(
        cl, QStringLiteral("Benchmarks: measured throughput against the machine's own limits."),
        { { QStringLiteral("import"), QStringLiteral("dataset reader and import throughput (MB/s) and peak memory"),
            runBenchImport },
          { QStringLiteral("model"),
            QStringLiteral("prefill and decode speed at TinyLlama's widths vs. the matmul rate and bandwidth"),
            runBenchModel },
          { QStringLiteral("load"), QStringLiteral("peak memory while loading a model folder"), runBenchModel },
          { QStringLiteral("train"), QStringLiteral("LoRA training tokens/s and achieved FLOP/s vs. the matmul rate"),
            runBenchTrain } });
}

} // namespace medtune::cli
