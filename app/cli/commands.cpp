#include "cli/commands.h"

namespace medtune::cli {

const std::vector<Command> &commands()
{
    static const std::vector<Command> all = {
        {QStringLiteral("info"), QStringLiteral("versions, compute settings and the workspace"), runInfo},
        {QStringLiteral("tokenize"), QStringLiteral("token ids and pieces of a text"), runTokenize},
        {QStringLiteral("generate"), QStringLiteral("generate text with a model"), runGenerate},
        {QStringLiteral("perplexity"), QStringLiteral("mean loss and perplexity of a text or an answer"), runPerplexity},
        {QStringLiteral("make-demo-model"), QStringLiteral("train the small demo base model"), runMakeDemoModel},
        {QStringLiteral("bench"), QStringLiteral("benchmarks: model (throughput), load (memory)"), runBench},
    };
    return all;
}

} // namespace medtune::cli
