// medtune-cli: the headless workbench. All work happens in cli/ and core.
#include "cli/command_line.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MedTune"));
    QCoreApplication::setApplicationName(QStringLiteral("MedTune Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDTUNE_VERSION));
    QTextStream out(stdout), err(stderr);
    const int code = medtune::cli::run(QCoreApplication::arguments(), out, err);
    out.flush();
    err.flush();
    return code;
}
