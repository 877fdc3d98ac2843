// Entry points of medtune-cli's subcommands; each lives in <name>_command.cpp.
#pragma once

#include "cli/command_line.h"

namespace medtune::cli {

int runInfo(CommandLine &cl);
int runTokenize(CommandLine &cl);
int runRuns(CommandLine &cl);
int runTrain(CommandLine &cl);
int runMerge(CommandLine &cl);
int runImport(CommandLine &cl);
int runDatasets(CommandLine &cl);
int runPreview(CommandLine &cl);
int runGenerate(CommandLine &cl);
int runPerplexity(CommandLine &cl);
int runMakeDemoModel(CommandLine &cl);
int runBench(CommandLine &cl);
int runBenchImport(CommandLine &cl);
int runBenchModel(CommandLine &cl);
int runBenchTrain(CommandLine &cl);
int runReview(CommandLine &cl);
int runReport(CommandLine &cl);
int runPull(CommandLine &cl);
int runModels(CommandLine &cl);

} // namespace medtune::cli
