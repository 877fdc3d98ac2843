#include "cli/model_cli_options.h"

#include "model/llama_model.h"
#include "util/error.h"

namespace medtune::cli {

void addModelOptions(CommandLine &cl)
{
    cl.parser().addOption({QStringLiteral("model"), QStringLiteral("Hugging Face model folder (config.json, model.safetensors, tokenizer.model)."), QStringLiteral("DIR")});
    cl.parser().addOption({QStringLiteral("device"), QStringLiteral("cpu (default) or cuda[:N]."), QStringLiteral("NAME"), QStringLiteral("cpu")});
    cl.parser().addOption({QStringLiteral("weights"), QStringLiteral("Weight type: auto (bfloat16 where fast, else float32), bfloat16 or float32."), QStringLiteral("TYPE"), QStringLiteral("auto")});
}

std::shared_ptr<LlamaModel> loadModel(CommandLine &cl)
{
    if (!cl.isSet(QStringLiteral("model")))
        throw UsageError(QStringLiteral("--model DIR is required"), QStringLiteral("run 'medtune-cli make-demo-model --out DIR' for a small model"));
    ModelOptions o;
    o.device = cl.value(QStringLiteral("device"));
    o.weights = parseWeightType(cl.value(QStringLiteral("weights")));
    return LlamaModel::load(cl.value(QStringLiteral("model")), o);
}

} // namespace medtune::cli
