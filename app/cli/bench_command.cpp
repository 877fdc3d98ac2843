// medtune-cli bench: measured throughput against the machine's own limits. Dispatches to
// 'bench import' (datasets), 'bench model' and 'bench load' (model engine), 'bench generate'
// (decode throughput per batch size), 'bench train' (LoRA training) and 'bench review'
// (review store writes), each in its own file.
#include "cli/commands.h"
#include "util/error.h"

namespace medtune::cli {

int runBenchGenerate(CommandLine &cl); // bench_generate_command.cpp

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
          { QStringLiteral("generate"),
            QStringLiteral("decode tokens/s per batch size vs. the bandwidth and matmul-rate bounds"),
            runBenchGenerate },
          { QStringLiteral("train"), QStringLiteral("LoRA training tokens/s and achieved FLOP/s vs. the matmul rate"),
            runBenchTrain },
          { QStringLiteral("review"),
            QStringLiteral("judgments/s and save latency of N reviewers at once (workspace or --review-db)"),
            runBenchReview } });
}

} // namespace medtune::cli
