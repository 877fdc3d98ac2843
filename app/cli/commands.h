// Entry points of medtune-cli's subcommands; each lives in <name>_command.cpp.
#pragma once

#include "cli/command_line.h"

namespace medtune::cli {

int runInfo(CommandLine &cl);
int runTokenize(CommandLine &cl);
int runRuns(CommandLine &cl);
int runMerge(CommandLine &cl);
int runImport(CommandLine &cl);
int runDatasets(CommandLine &cl);
int runPreview(CommandLine &cl);
int runBench(CommandLine &cl);

} // namespace medtune::cli
