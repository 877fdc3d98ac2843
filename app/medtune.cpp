// medtune: the workbench GUI. All work happens in ui/ and core.
#include "workbench.h"

#include <QApplication>
#include <QIcon>

namespace {

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("MedTune"));
    QCoreApplication::setApplicationName(QStringLiteral("MedTune Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDTUNE_VERSION));
}

} // namespace

int main(int argc, char *argv[])
{
    // --help and --version answer without a display (on a server, over ssh, in scripts).
    if (medtune::ui::isInformationRequest(argc, argv)) {
        QCoreApplication app(argc, argv);
        setApplicationNames();
        return medtune::ui::printWorkbenchInformation(app);
    }
    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setDesktopFileName(QStringLiteral("org.medtune.Workbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/medtune.svg")));
    return medtune::ui::runWorkbench(app);
}
