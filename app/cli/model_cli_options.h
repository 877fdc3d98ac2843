// Options shared by the commands that load a model (--model, --adapter, --device,
// --weights) and that build instruction prompts (--template, --max-tokens, --cut,
// --dataset, --split, --limit).
#pragma once

#include "cli/command_line.h"
#include "generate/dataset_prompts.h"

#include <memory>

namespace medtune {
class LlamaModel;
class PromptFormatter;
} // namespace medtune

namespace medtune::cli {

/// Adds --model DIR, --adapter DIR, --device NAME and --weights TYPE.
void addModelOptions(CommandLine &cl);
/// Loads the --model folder with the device and weight type given and attaches --adapter;
/// throws UsageError when --model is absent and Error when loading fails.
std::shared_ptr<LlamaModel> loadModel(CommandLine &cl);

/// Adds --template, --max-tokens, --cut, --dataset, --split and --limit.
void addPromptOptions(CommandLine &cl);
/// The formatter of --template (default "default") with the model's tokenizer.
PromptFormatter makeFormatter(CommandLine &cl, const LlamaModel &model);
/// The --dataset's --split (default test) records, at most --limit.
std::vector<FormattedPrompt> datasetPromptsFromOptions(CommandLine &cl, const PromptFormatter &formatter);

} // namespace medtune::cli
