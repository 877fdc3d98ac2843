#include "workbench.h"

#include "main_window.h"
#include "translations.h"
#include "util/app_settings.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <memory>

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

} // namespace

void addWorkbenchOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QApplication::translate("medtune::ui", "MedTune Workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("workspace"),
                       QApplication::translate("medtune::ui", "Open this workspace folder."), QStringLiteral("DIR") });
    parser.addOption({ QStringLiteral("demo"), QApplication::translate("medtune::ui", "Open the demo workspace.") });
    parser.addOption({ QStringLiteral("threads"),
                       QApplication::translate("medtune::ui", "libtorch compute threads (0 = all cores)."),
                       QStringLiteral("N") });
}

int runWorkbench(QApplication &app)
{
    QCommandLineParser parser;
    addWorkbenchOptions(parser);
    parser.process(app);

    const AppSettings settings = AppSettings::load();
    installTranslations(settings.language);
    setComputeThreads(parser.isSet(QStringLiteral("threads")) ? parser.value(QStringLiteral("threads")).toInt()
                                                              : settings.computeThreads);

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
    return app.exec();
}

} // namespace medtune::ui
