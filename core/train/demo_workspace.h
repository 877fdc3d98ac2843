// The demo workspace: the bundled sample datasets, the demo base model in
// <workspace>/models/demo, and a short LoRA run on them that finishes in a few minutes on
// two cores. Used by 'medtune-cli train --demo' and the GUI's first start.
#pragma once

#include "model/demo_model.h"
#include "train/training_spec.h"

#include <atomic>
#include <functional>

namespace medtune {

class Workspace;

/// <workspace>/models/demo
QString demoModelDir(const Workspace &workspace);
/// True when the demo model folder holds a complete model.
bool demoModelExists(const Workspace &workspace);
/// Imports the bundled samples (idempotent) and makes the demo model when absent, in
/// models/demo.partial renamed when complete. `model` sets the recipe (its outDir,
/// progress and cancel are replaced). progress(message, done, total); cancel is checked
/// between model steps. Throws Error.
void prepareDemoWorkspace(Workspace &workspace,
                          const std::function<void(const QString &, qint64, qint64)> &progress = {},
                          const std::atomic_bool *cancel = nullptr, DemoModelOptions model = {});
/// The second half of prepareDemoWorkspace: makes the demo model when absent.
void ensureDemoModel(Workspace &workspace, const std::function<void(const QString &, qint64, qint64)> &progress = {},
                     const std::atomic_bool *cancel = nullptr, DemoModelOptions model = {});
/// A short run: LoRA on the demo model over the PubMedQA and MedMCQA samples.
/// The workspace must have been prepared.
TrainingSpec demoTrainingSpec(Workspace &workspace);

} // namespace medtune
