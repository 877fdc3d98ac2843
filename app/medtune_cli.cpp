// medtune-cli: the headless workbench. All work happens in cli/ and core. Built twice:
// medtune-cli (no libtorch; hands computing commands over) and medtune-cli-engine.
#include "cli/command_line.h"
#include "cli/engine_entry.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QStringList>
#include <QTextStream>
#include <cstdio>
#include <cstring>
#include <memory>

namespace {

QtMessageHandler g_defaultHandler = nullptr;

// Qt's offscreen platform asks for the runtime folder, which a server account often lacks;
// the warning says nothing a CLI user can act on (report writing does not use that folder).
void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    g_defaultHandler(type, context, message);
}

} // namespace

int main(int argc, char *argv[])
{
    g_defaultHandler = qInstallMessageHandler(messageHandler);
    // 'report' lays out PDF text with Qt Gui, which needs a QGuiApplication; headless, so
    // the offscreen platform unless the user chose one.
    bool gui = false;
    for (int i = 1; i < argc; ++i)
        gui = gui || std::strcmp(argv[i], "report") == 0;
    if (gui && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Our own arguments are read before the application object exists: QGuiApplication
    // takes options it knows out of argv (-session, -display, -platform, -style, ...), which
    // would silently drop '--session S' from 'report'. The application gets the program name only.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    int appArgc = 1;
    std::unique_ptr<QCoreApplication> app
        = gui ? std::make_unique<QGuiApplication>(appArgc, argv) : std::make_unique<QCoreApplication>(appArgc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MedTune"));
    QCoreApplication::setApplicationName(QStringLiteral("MedTune Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDTUNE_VERSION));
#ifdef MEDTUNE_CLI_ENGINE
    medtune::cli::setEngineProvider(medtune::cli::engineCommandInProcess);
#else
    medtune::cli::setEngineProvider(medtune::cli::engineCommandInEngineProgram);
#endif
    QTextStream out(stdout), err(stderr);
    const int code = medtune::cli::run(arguments, out, err);
    out.flush();
    err.flush();
    return code;
}
