#include "cli/model_cli_options.h"

#include "cli/hub_cli.h"
#include "model/llama_model.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "train/adapter_io.h"
#include "util/error.h"
#include "workspace/workspace.h"

namespace medtune::cli {

void addModelOptions(CommandLine &cl)
{
    cl.parser().addOption(
        { QStringLiteral("model"),
          QStringLiteral("Hugging Face model folder (config.json, model.safetensors, tokenizer.model), or a repo id "
                         "ORG/NAME from the Hugging Face cache."),
          QStringLiteral("DIR") });
    cl.parser().addOption({ QStringLiteral("adapter"),
                            QStringLiteral("LoRA adapter folder (PEFT) or repo id ORG/NAME to apply to the model."),
                            QStringLiteral("DIR") });
    cl.parser().addOption({ QStringLiteral("device"), QStringLiteral("cpu (default) or cuda[:N]."),
                            QStringLiteral("NAME"), QStringLiteral("cpu") });
    cl.parser().addOption(
        { QStringLiteral("weights"),
          QStringLiteral("Weight type: auto (bfloat16 where fast, else float32), bfloat16 or float32."),
          QStringLiteral("TYPE"), QStringLiteral("auto") });
    addDownloadOption(cl);
}

std::shared_ptr<LlamaModel> loadModel(CommandLine &cl)
{
    if (!cl.isSet(QStringLiteral("model")))
        throw UsageError(QStringLiteral("--model DIR is required"),
                         QStringLiteral("run 'medtune-cli make-demo-model --out DIR' for a small model"));
    downloadIfRequested(cl, cl.value(QStringLiteral("model")), false);
    downloadIfRequested(cl, cl.value(QStringLiteral("adapter")), true);
    ModelOptions o;
    o.device = cl.value(QStringLiteral("device"));
    o.weights = parseWeightType(cl.value(QStringLiteral("weights")));
    auto model = LlamaModel::load(cl.value(QStringLiteral("model")), o);
    for (const QString &w : model->warnings())
        cl.err() << "warning: " << w << '\n';
    if (cl.isSet(QStringLiteral("adapter"))) {
        const AdapterInfo info = attachAdapter(*model, cl.value(QStringLiteral("adapter")));
        for (const QString &w : info.warnings)
            cl.err() << "warning: " << w << '\n';
    }
    return model;
}

void addPromptOptions(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("template"), QStringLiteral("Instruction template (default 'default')."),
                  QStringLiteral("T"), QStringLiteral("default") });
    p.addOption({ QStringLiteral("max-tokens"),
                  QStringLiteral("Maximum sequence length for --dataset records (default: the model's positions, at "
                                 "most 1024)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("cut"),
                  QStringLiteral("Cut long documents at the tail, head or middle (default tail)."), QStringLiteral("C"),
                  QStringLiteral("tail") });
    p.addOption({ QStringLiteral("dataset"), QStringLiteral("Use the records of this workspace dataset (id or name)."),
                  QStringLiteral("D") });
    p.addOption({ QStringLiteral("split"), QStringLiteral("Split of --dataset (default test)."), QStringLiteral("S"),
                  QStringLiteral("test") });
    p.addOption({ QStringLiteral("limit"), QStringLiteral("At most N records of --dataset (default all)."),
                  QStringLiteral("N"), QStringLiteral("0") });
}

PromptFormatter makeFormatter(CommandLine &cl, const LlamaModel &model)
{
    if (!model.tokenizer())
        throw Error(QStringLiteral("The model folder %1 has no tokenizer.model").arg(model.folder()),
                    QStringLiteral("instruction prompts need the model's SentencePiece tokenizer"));
    LengthPolicy policy;
    // As review generation does: the model's context unless asked, at most 1024 tokens.
    const int positions = model.config().maxPositions;
    policy.maxTokens = cl.isSet(QStringLiteral("max-tokens")) ? cl.intValue(QStringLiteral("max-tokens"), 16, 1 << 20)
                                                              : std::min(positions, 1024);
    policy.cut = LengthPolicy::parseCut(cl.value(QStringLiteral("cut")));
    return PromptFormatter(TemplateStore(cl.workspace()).resolve(cl.value(QStringLiteral("template"))),
                           model.tokenizer(), policy);
}

std::vector<FormattedPrompt> datasetPromptsFromOptions(CommandLine &cl, const PromptFormatter &formatter)
{
    return datasetPrompts(cl.workspace(), cl.value(QStringLiteral("dataset")), cl.value(QStringLiteral("split")),
                          cl.intValue(QStringLiteral("limit"), 0, 1 << 30), formatter);
}

} // namespace medtune::cli
