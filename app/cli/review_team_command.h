// medtune-cli review's team actions, kept apart from review_command.cpp: setting up a
// review server and its reviewers, everyone's progress, and moving sessions between
// workspaces and the server (export-session, import-session, push, pull). Each action has
// its own options and --help; review_command.cpp's dispatcher lists them.
#pragma once

#include "cli/command_line.h"

namespace medtune::cli {

int reviewServerInit(CommandLine &cl);
int reviewGrant(CommandLine &cl);
int reviewRevoke(CommandLine &cl);
int reviewProgress(CommandLine &cl);
int reviewExportSession(CommandLine &cl);
int reviewImportSession(CommandLine &cl);
int reviewPush(CommandLine &cl);
int reviewPull(CommandLine &cl);

} // namespace medtune::cli
