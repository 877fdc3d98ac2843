#include "cli/commands.h"

namespace medtune::cli {

const std::vector<Command> &commands()
{
    static const std::vector<Command> all = {
        {QStringLiteral("info"), QStringLiteral("versions, compute settings and the workspace"), runInfo},
        {QStringLiteral("tokenize"), QStringLiteral("token ids and pieces of a text"), runTokenize},
        {QStringLiteral("review"), QStringLiteral("import outputs, record judgments, session statistics"), runReview},
        {QStringLiteral("report"), QStringLiteral("review report as HTML or PDF, raw data as CSV or JSON"), runReport},
    };
    return all;
}

} // namespace medtune::cli
