// medtune: the workbench GUI. All work happens in ui/ and core.
#include "workbench.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MedTune"));
    QApplication::setApplicationName(QStringLiteral("MedTune Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(MEDTUNE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("medtune"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/medtune.svg")));
    return medtune::ui::runWorkbench(app);
}
