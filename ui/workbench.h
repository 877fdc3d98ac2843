// The GUI application's start-up: options, settings, translations, the workspace to
// open (the demo workspace on first start) and the main window.
#pragma once

class QApplication;
class QCommandLineParser;

namespace medtune::ui {

/// Adds the GUI's command-line options (help, version, workspace, demo, threads).
void addWorkbenchOptions(QCommandLineParser &parser);

/// Runs the workbench in app; returns the process exit code.
int runWorkbench(QApplication &app);

} // namespace medtune::ui
