// medtune: the workbench GUI. All work happens in ui/ and core.
#include "workbench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <cstring>

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("MedTune"));
    QCoreApplication::setApplicationName(QStringLiteral("MedTune Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDTUNE_VERSION));
}

bool wantsHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        for (const char *o : { "-h", "--help", "--help-all", "-v", "--version", "-?" })
            if (std::strcmp(argv[i], o) == 0)
                return true;
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // --help and --version need no display: they are answered (and the process exits)
    // before a QApplication tries to connect to one.
    if (wantsHelpOrVersion(argc, argv)) {
        QCoreApplication core(argc, argv);
        setIdentity();
        QCommandLineParser parser;
        medtune::ui::addWorkbenchOptions(parser);
        parser.process(core);
    }
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setDesktopFileName(QStringLiteral("io.github.medtune.Workbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/medtune.svg")));
    return medtune::ui::runWorkbench(app);
}
