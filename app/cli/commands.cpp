#include "cli/commands.h"

#include "cli/engine_entry.h"

namespace medtune::cli {

const std::vector<Command> &commands()
{
    static const std::vector<Command> all = {
        { QStringLiteral("info"), QStringLiteral("versions, compute settings and the workspace"), runInfo },
        { QStringLiteral("tokenize"), QStringLiteral("token ids and pieces of a text"), runTokenize },
        { QStringLiteral("train"), QStringLiteral("fine-tune LoRA adapters (--demo: on the demo workspace)"),
          engineCommand(QStringLiteral("train")) },
        { QStringLiteral("runs"), QStringLiteral("list, show or delete training runs"), runRuns },
        { QStringLiteral("merge"), QStringLiteral("merge a LoRA adapter into its base model"),
          engineCommand(QStringLiteral("merge")) },
        { QStringLiteral("import"), QStringLiteral("import dataset files (or --samples) into the workspace"),
          runImport },
        { QStringLiteral("datasets"), QStringLiteral("list datasets with statistics"), runDatasets },
        { QStringLiteral("preview"), QStringLiteral("one example's prompt, target and token labels"), runPreview },
        { QStringLiteral("generate"), QStringLiteral("generate text with a model"),
          engineCommand(QStringLiteral("generate")) },
        { QStringLiteral("perplexity"), QStringLiteral("mean loss and perplexity of a text or an answer"),
          engineCommand(QStringLiteral("perplexity")) },
        { QStringLiteral("make-demo-model"), QStringLiteral("train the small demo base model"),
          engineCommand(QStringLiteral("make-demo-model")) },
        { QStringLiteral("bench"), QStringLiteral("benchmarks: import, model, load, generate, train"),
          engineCommand(QStringLiteral("bench")) },
        { QStringLiteral("pull"), QStringLiteral("download a model or adapter from the Hugging Face Hub"), runPull },
        { QStringLiteral("models"), QStringLiteral("list or delete the models in the Hugging Face cache"), runModels },
        { QStringLiteral("review"), QStringLiteral("import outputs, record judgments, session statistics"), runReview },
        { QStringLiteral("report"), QStringLiteral("review report as HTML or PDF, raw data as CSV or JSON"),
          runReport },
    };
    return all;
}

} // namespace medtune::cli
