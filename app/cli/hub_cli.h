// What the CLI's commands share for Hugging Face repo ids: a pull with a progress line on
// stderr, and --download (pull a --model/--adapter repo id that is not cached yet).
#pragma once

#include "cli/command_line.h"
#include "model/hub_client.h"

namespace medtune::cli {

/// Pulls with a progress line (files, bytes, speed, ETA) on cl.err(); returns the result.
HubPullResult pullWithProgress(CommandLine &cl, const QString &repoId, const HubPullOptions &options);
/// Adds --download ("download repo ids of --model/--adapter that are not in the cache").
void addDownloadOption(CommandLine &cl);
/// With --download set and `value` a repo id (not a folder) missing from the Hub cache,
/// pulls it (the adapter files when `adapter`). Does nothing otherwise.
void downloadIfRequested(CommandLine &cl, const QString &value, bool adapter);

} // namespace medtune::cli
