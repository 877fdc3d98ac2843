// Options shared by the commands that load a model: --model, --device, --weights.
#pragma once

#include "cli/command_line.h"

#include <memory>

namespace medtune {
class LlamaModel;
}

namespace medtune::cli {

/// Adds --model DIR, --device NAME and --weights TYPE.
void addModelOptions(CommandLine &cl);
/// Loads the --model folder with the device and weight type given; throws UsageError when
/// --model is absent and Error when loading fails.
std::shared_ptr<LlamaModel> loadModel(CommandLine &cl);

} // namespace medtune::cli
