#include "workbench.h"

#include "main_window.h"
#include "screenshot_tour.h"
#include "translations.h"
#include "util/app_settings.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>
#include <ctime>
#include <memory>
#include <unistd.h>

namespace medtune::ui {
namespace {

// Owns the one main window and replaces it when the user opens another workspace.
class WindowHolder : public QObject
{
public:
    bool open(const QString &dir)
    {
        try {
            auto ws = std::make_shared<Workspace>(dir);
            AppSettings settings = AppSettings::load();
            settings.lastWorkspace = ws->root();
            settings.save();
            auto next = std::make_unique<MainWindow>(ws);
            connect(next.get(), &MainWindow::openWorkspaceRequested, this, [this](const QString &p) { open(p); });
            next->show();
            if (m_window) {
                m_window->close();
                m_window.release()->deleteLater();
            }
            m_window = std::move(next);
            return true;
        } catch (const Error &e) {
            QMessageBox::critical(m_window.get(), QApplication::translate("medtune::ui", "Cannot open workspace"),
                                  e.fullMessage());
            return false;
        }
    }

private:
    std::unique_ptr<MainWindow> m_window;
};

// Milliseconds since the kernel started this process (so the loading of the shared
// libraries before main() counts too): /proc/self/stat's start time against CLOCK_BOOTTIME.
double millisecondsSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 22 (starttime, clock ticks since boot); fields after the ")" of the command name.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startSeconds = fields.at(19).toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec now {};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return (double(now.tv_sec) + now.tv_nsec / 1e9 - startSeconds) * 1000.0;
}

} // namespace

void addWorkbenchOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate("medtune::ui", "MedTune Workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("workspace"),
                       QCoreApplication::translate("medtune::ui", "Open this workspace folder."),
                       QStringLiteral("DIR") });
    parser.addOption(
        { QStringLiteral("demo"), QCoreApplication::translate("medtune::ui", "Open the demo workspace.") });
    parser.addOption({ QStringLiteral("threads"),
                       QCoreApplication::translate("medtune::ui", "libtorch compute threads (0 = all cores)."),
                       QStringLiteral("N") });
    parser.addOption(
        { QStringLiteral("screenshots"),
          QCoreApplication::translate("medtune::ui",
                                      "Fill a new demo workspace as a user would (setup, two training runs, "
                                      "a review session) and save a screenshot of every section into DIR, "
                                      "then quit. Use with QT_QPA_PLATFORM=offscreen on a headless machine."),
          QStringLiteral("DIR") });
    parser.addOption({ QStringLiteral("dark"), QCoreApplication::translate("medtune::ui", "Use a dark palette.") });
    parser.addOption({ QStringLiteral("startup-time"),
                       QCoreApplication::translate(
                           "medtune::ui", "Print the time from process start to a usable main window, then quit.") });
}

bool isInformationRequest(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v" || arg == "--version")
            return true;
    }
    return false;
}

int printWorkbenchInformation(QCoreApplication &app)
{
    installTranslations(AppSettings::load().language);
    // Translations first, so that --help speaks the user's language too.
    const AppSettings settings = AppSettings::load();
    installTranslations(settings.language);
    QCommandLineParser parser;
    addWorkbenchOptions(parser);
    parser.process(app); // prints the help or the version and exits
    return 0;
}

int runWorkbench(QApplication &app)
{
    // Translations first, so that the option texts (and any error about them) are translated.
    const AppSettings settings = AppSettings::load();
    installTranslations(settings.language);
    QCommandLineParser parser;
    addWorkbenchOptions(parser);
    parser.process(app);
    if (parser.isSet(QStringLiteral("dark")))
        applyDarkPalette();
    setComputeThreads(parser.isSet(QStringLiteral("threads")) ? parser.value(QStringLiteral("threads")).toInt()
                                                              : settings.computeThreads);

    if (parser.isSet(QStringLiteral("screenshots"))) {
        ScreenshotTourOptions tour;
        tour.outDir = parser.value(QStringLiteral("screenshots"));
        tour.workspaceDir = parser.value(QStringLiteral("workspace"));
        tour.dark = parser.isSet(QStringLiteral("dark"));
        return runScreenshotTour(tour);
    }

    QString dir;
    if (parser.isSet(QStringLiteral("workspace")))
        dir = parser.value(QStringLiteral("workspace"));
    else if (parser.isSet(QStringLiteral("demo")) || settings.lastWorkspace.isEmpty())
        dir = Workspace::demoLocation();
    else
        dir = settings.lastWorkspace;

    // Opening can fail (unwritable folder, newer schema): the error is shown, and the demo
    // workspace is tried before giving up.
    WindowHolder holder;
    if (!holder.open(dir) && (dir == Workspace::demoLocation() || !holder.open(Workspace::demoLocation())))
        return 1;
    if (parser.isSet(QStringLiteral("startup-time"))) {
        // The first pass of the event loop after show(): the window is painted and takes input.
        QTimer::singleShot(0, &app, [&app] {
            QTextStream(stdout) << QStringLiteral("usable window %1 ms after process start")
                                       .arg(millisecondsSinceProcessStart(), 0, 'f', 0)
                                << Qt::endl;
            app.quit();
        });
    }
    return app.exec();
}

} // namespace medtune::ui
