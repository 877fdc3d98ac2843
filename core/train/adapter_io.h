// Adapters for code without libtorch (CLI, GUI): attach a PEFT adapter folder to a loaded
// model, remove it, or merge it into a full Hugging Face model folder.
#pragma once

#include "train/lora_config.h"

#include <QString>
#include <QStringList>

namespace medtune {

class LlamaModel;

struct AdapterInfo
{
    LoraConfig config;
    QStringList warnings; ///< e.g. unknown adapter_config.json keys, ignored
    qint64 parameters = 0;
};

/// Attaches the PEFT adapter in `dir` to every matching projection of `model` for
/// inference. Throws Error when it does not fit the model.
AdapterInfo attachAdapter(LlamaModel &model, const QString &dir);
/// Removes every adapter from the model's projections.
void detachAdapters(LlamaModel &model);
/// Loads modelDir, merges the adapter into its weights and writes a full model folder to
/// outDir (weights stored in the base model's dtype).
AdapterInfo mergeAdapter(const QString &modelDir, const QString &adapterDir, const QString &outDir);

} // namespace medtune
