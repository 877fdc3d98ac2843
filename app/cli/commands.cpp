#include "cli/commands.h"

namespace medtune::cli {

const std::vector<Command> &commands()
{
    static const std::vector<Command> all = {
        {QStringLiteral("info"), QStringLiteral("versions, compute settings and the workspace"), runInfo},
        {QStringLiteral("tokenize"), QStringLiteral("token ids and pieces of a text"), runTokenize},
        {QStringLiteral("runs"), QStringLiteral("list, show or delete training runs"), runRuns},
        {QStringLiteral("merge"), QStringLiteral("merge a LoRA adapter into its base model"), runMerge},
    };
    return all;
}

} // namespace medtune::cli
