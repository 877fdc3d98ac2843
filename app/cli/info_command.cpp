// medtune-cli info: versions, compute settings and the workspace in use.
#include "cli/commands.h"
#include "text/tokenizer.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/runtime_versions.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonObject>

namespace medtune::cli {

int runInfo(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Show versions, compute settings and the workspace.")))
        return cl.exitCode();
    // Only prints: an absent workspace is reported, not created.
    const QString dir = cl.workspaceDir();
    const bool exists = Workspace::existsAt(dir);
    std::unique_ptr<Workspace> ws;
    if (exists)
        ws = std::make_unique<Workspace>(dir);
    QString bridge;
    try {
        bridge = tokenizerBridgePath();
    } catch (const Error &e) {
        bridge = e.message();
    }
    const RuntimeVersions versions = runtimeVersions();
    const QJsonObject info {
        { QStringLiteral("version"), versions.application },
        { QStringLiteral("qt"), versions.qtRuntime },
        { QStringLiteral("libtorch"), versions.libtorch },
        { QStringLiteral("sentencepiece"), versions.sentencepiece },
        { QStringLiteral("compiler"), versions.compiler },
        { QStringLiteral("workspace"), exists ? ws->root() : QDir(dir).absolutePath() },
        { QStringLiteral("workspace_exists"), exists },
        { QStringLiteral("schema_version"), exists ? QJsonValue(ws->schemaVersion()) : QJsonValue() },
        { QStringLiteral("compute_threads"), cl.computeThreads() },
        { QStringLiteral("available_cores"), availableCores() },
        { QStringLiteral("tokenizer_bridge"), bridge },
    };
    if (cl.json()) {
        cl.printJson(QJsonDocument(info));
        return Ok;
    }
    for (auto it = info.begin(); it != info.end(); ++it) {
        if (it.key() == QLatin1String("workspace_exists"))
            continue;
        QString value = it.value().toVariant().toString();
        if (it.key() == QLatin1String("workspace") && !exists)
            value += QStringLiteral(" (not created yet)");
        if (it.key() == QLatin1String("schema_version") && !exists)
            value = QStringLiteral("-");
        cl.out() << it.key().leftJustified(18) << value << '\n';
    }
    return Ok;
}

} // namespace medtune::cli
