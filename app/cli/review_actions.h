// The actions of 'medtune-cli review', each with its own options and --help; the
// dispatcher in review_command.cpp lists them.
#pragma once

#include "cli/command_line.h"

namespace medtune::cli {

int reviewImportOutputs(CommandLine &cl);
int reviewGenerate(CommandLine &cl);
int reviewAddJudgment(CommandLine &cl);
int reviewAddJudgments(CommandLine &cl);
int reviewSessions(CommandLine &cl);
int reviewItems(CommandLine &cl);
int reviewRubric(CommandLine &cl);
int reviewStats(CommandLine &cl);

/// --session S, described for the action.
void addSessionOption(CommandLine &cl, const QString &description);

} // namespace medtune::cli
