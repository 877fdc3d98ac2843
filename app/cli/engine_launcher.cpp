// engineCommandInEngineProgram, in medtune-cli: replaces the process with the engine program
// (medtune-cli-engine, next to medtune-cli in the build tree, in lib/medtune once
// installed), which runs the same command line; exit code and output are the engine's.
#include "cli/engine_entry.h"
#include "util/error.h"
#include "util/install_paths.h"

#include <QFileInfo>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace medtune::cli {
namespace {

QString enginePath()
{
    const QString fromEnv = qEnvironmentVariable("MEDTUNE_CLI_ENGINE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QStringList candidates = privateLibraryCandidates(QStringLiteral("medtune-cli-engine"));
    for (const QString &c : candidates)
        if (QFileInfo(c).isExecutable())
            return c;
    throw Error(QStringLiteral("The engine program medtune-cli-engine is missing (looked in %1)")
                    .arg(candidates.join(QStringLiteral(", "))),
                QStringLiteral("reinstall MedTune, or set MEDTUNE_CLI_ENGINE to its path"));
}

} // namespace

CommandFunction engineCommandInEngineProgram(const QString &)
{
    return [](CommandLine &cl) -> int {
        const QString path = enginePath();
        const QByteArray file = QFile::encodeName(path);
        std::vector<QByteArray> args;
        for (const QString &a : runArguments())
            args.push_back(a.toLocal8Bit());
        std::vector<char *> argv;
        for (QByteArray &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        cl.out().flush();
        cl.err().flush();
        std::fflush(nullptr);
        ::execv(file.constData(), argv.data());
        throw Error(QStringLiteral("Cannot start %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))),
                    QStringLiteral("reinstall MedTune, or set MEDTUNE_CLI_ENGINE to its path"));
    };
}

} // namespace medtune::cli
