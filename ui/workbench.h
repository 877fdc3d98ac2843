// The GUI application's start-up: options, settings, translations, the workspace to
// open (the demo workspace on first start) and the main window.
#pragma once

class QApplication;

namespace medtune::ui {

/// Runs the workbench in app; returns the process exit code.
int runWorkbench(QApplication &app);

} // namespace medtune::ui
