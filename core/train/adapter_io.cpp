#include "train/adapter_io.h"

#include "model/hub_cache.h"
#include "train/lora_adapter.h"
#include "util/error.h"

#include <QDir>

namespace medtune {

AdapterInfo attachAdapter(LlamaModel &model, const QString &dir)
{
    AdapterInfo info;
    auto set = LoraAdapterSet::load(model.impl(), dir, &info.warnings);
    info.config = set->config();
    info.parameters = set->parameterCount();
    return info; // the adapters stay attached through the model's projections
}

void detachAdapters(LlamaModel &model)
{
    for (auto &[name, linear] : model.impl().namedProjections())
        linear->adapter.reset();
}

AdapterInfo mergeAdapter(const QString &modelDir, const QString &adapterDir, const QString &outDir)
{
    if (QDir(outDir).exists() && !QDir(outDir).isEmpty())
        throw UsageError(QStringLiteral("The output folder %1 is not empty").arg(outDir),
                         QStringLiteral("choose a new folder for the merged model"));
    // Merge in the dtype the weights are stored in, so nothing is rounded twice.
    const WeightType stored = parseWeightType(
        LlamaConfig::fromFile(QDir(resolveModelFolder(modelDir)).filePath(QStringLiteral("config.json"))).torchDtype);
    ModelOptions options;
    options.weights = stored;
    auto model = LlamaModel::load(modelDir, options);
    AdapterInfo info;
    auto set = LoraAdapterSet::load(model->impl(), adapterDir, &info.warnings);
    info.config = set->config();
    info.parameters = set->parameterCount();
    set->mergeIntoBase();
    model->save(outDir, stored);
    return info;
}

} // namespace medtune
