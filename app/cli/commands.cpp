#include "cli/commands.h"

namespace medtune::cli {

const std::vector<Command> &commands()
{
    static const std::vector<Command> all = {
        {QStringLiteral("info"), QStringLiteral("versions, compute settings and the workspace"), runInfo},
        {QStringLiteral("tokenize"), QStringLiteral("token ids and pieces of a text"), runTokenize},
        {QStringLiteral("runs"), QStringLiteral("list, show or delete training runs"), runRuns},
        {QStringLiteral("merge"), QStringLiteral("merge a LoRA adapter into its base model"), runMerge},
        {QStringLiteral("import"), QStringLiteral("import dataset files (or --samples) into the workspace"), runImport},
        {QStringLiteral("datasets"), QStringLiteral("list datasets with statistics"), runDatasets},
        {QStringLiteral("preview"), QStringLiteral("one example's prompt, target and token labels"), runPreview},
        {QStringLiteral("bench"), QStringLiteral("benchmarks: 'bench import'"), runBench},
    };
    return all;
}

} // namespace medtune::cli
