// medtune-cli: the headless workbench. All work happens in cli/ and core.
#include "cli/command_line.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>
#include <cstdio>
#include <cstring>
#include <memory>

int main(int argc, char *argv[])
{
    // 'report' lays out PDF text with Qt Gui, which needs a QGuiApplication; headless, so
    // the offscreen platform unless the user chose one.
    bool gui = false;
    for (int i = 1; i < argc; ++i)
        gui = gui || std::strcmp(argv[i], "report") == 0;
    if (gui && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app
        = gui ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MedTune"));
    QCoreApplication::setApplicationName(QStringLiteral("MedTune Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDTUNE_VERSION));
    QTextStream out(stdout), err(stderr);
    const int code = medtune::cli::run(QCoreApplication::arguments(), out, err);
    out.flush();
    err.flush();
    return code;
}
