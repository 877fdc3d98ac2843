// 'medtune --screenshots DIR': fills a workspace the way a user would (the demo setup, two
// LoRA runs started from the Training form, a playground comparison, a review session
// generated from the Review section) and saves a screenshot of every section into DIR.
// The documentation's pictures come from here, so they always show the current program.
#pragma once

#include <QString>

namespace medtune::ui {

struct ScreenshotTourOptions
{
    QString outDir;
    /// Workspace to fill and photograph; empty = a new temporary one (removed afterwards).
    QString workspaceDir;
    /// Dark palette (Fusion style), file names with a "-dark" suffix.
    bool dark = false;
    /// Training steps of the first run (the second runs half as many).
    int trainingSteps = 40;
};

/// Runs the tour in the running QApplication; prints progress to stdout and problems to
/// stderr. Returns the process exit code (0 when every screenshot was saved).
int runScreenshotTour(const ScreenshotTourOptions &options);

/// A dark palette for the Fusion style, as a dark desktop theme would give.
void applyDarkPalette();

} // namespace medtune::ui
