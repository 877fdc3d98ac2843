// The GUI application's start-up: options, settings, translations, the workspace to
// open (the demo workspace on first start) and the main window.
#pragma once

class QApplication;
class QCoreApplication;
class QCommandLineParser;

namespace medtune::ui {

/// The workbench's command-line options (help, version, workspace, demo, threads, ...).
void addWorkbenchOptions(QCommandLineParser &parser);
/// True when the arguments ask only for --help or --version, which need no display.
bool isInformationRequest(int argc, char *argv[]);
/// Prints the help or the version (in a QCoreApplication: no display needed) and exits.
int printWorkbenchInformation(QCoreApplication &app);
/// Runs the workbench in app; returns the process exit code.
int runWorkbench(QApplication &app);

} // namespace medtune::ui
