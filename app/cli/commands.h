// Entry points of medtune-cli's subcommands; each lives in <name>_command.cpp.
#pragma once

#include "cli/command_line.h"

namespace medtune::cli {

int runInfo(CommandLine &cl);
int runTokenize(CommandLine &cl);
int runGenerate(CommandLine &cl);
int runPerplexity(CommandLine &cl);
int runMakeDemoModel(CommandLine &cl);
int runBench(CommandLine &cl);

} // namespace medtune::cli
