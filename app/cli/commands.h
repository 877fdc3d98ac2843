// Entry points of medtune-cli's subcommands; each lives in <name>_command.cpp.
#pragma once

#include "cli/command_line.h"

namespace medtune::cli {

int runInfo(CommandLine &cl);
int runTokenize(CommandLine &cl);
int runReview(CommandLine &cl);
int runReport(CommandLine &cl);

} // namespace medtune::cli
