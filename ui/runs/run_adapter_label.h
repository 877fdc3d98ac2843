// How the GUI names a run's adapter in lists (Playground, review generation).
#pragma once

#include "train/run_store.h"

#include <QString>

namespace medtune::ui {

/// "name (run N): final adapter, step S" or "... best adapter ...", translated.
QString runAdapterLabel(const RunAdapter &adapter);

} // namespace medtune::ui
