// medtune-cli review's team actions, kept apart from review_command.cpp: setting up a
// review server and its reviewers, everyone's progress, and moving sessions between
// workspaces and the server (export-session, import-session, push, pull).
#pragma once

#include "cli/command_line.h"

namespace medtune::cli {

/// The team actions' lines for 'review --help'.
QString reviewTeamActionsHelp();
bool isReviewTeamAction(const QString &action);
/// Runs a team action (after parsing); args are the positional arguments after the action.
int runReviewTeamAction(CommandLine &cl, const QString &action, const QStringList &args);

} // namespace medtune::cli
