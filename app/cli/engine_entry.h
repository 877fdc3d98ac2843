// Commands that compute with libtorch (training, generation, benchmarks) live in the engine
// program, medtune-cli-engine; medtune-cli itself never loads libtorch, so commands that
// only read or write the workspace start in milliseconds. The command tables name those
// commands through engineCommand(), which asks the provider the program's main() set:
// engineCommandInProcess (the engine program, in-process tests) runs the command itself,
// engineCommandInEngineProgram (medtune-cli) hands the unchanged command line to the engine.
#pragma once

#include "cli/command_line.h"

namespace medtune::cli {

using CommandFunction = std::function<int(CommandLine &)>;
using EngineProvider = CommandFunction (*)(const QString &name);

/// Set once, before cli::run, by the program's main() (or a test).
void setEngineProvider(EngineProvider provider);
/// "train", "merge", "generate", "perplexity", "make-demo-model", "bench", "review generate":
/// a command that runs through the provider set when it is called.
CommandFunction engineCommand(const QString &name);

/// engine_commands.cpp: the command itself, with libtorch's thread count from --threads.
CommandFunction engineCommandInProcess(const QString &name);
/// engine_launcher.cpp: replaces the process with medtune-cli-engine on the same arguments.
CommandFunction engineCommandInEngineProgram(const QString &name);

} // namespace medtune::cli
