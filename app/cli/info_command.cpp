// medtune-cli info: versions, compute settings and the workspace in use.
#include "cli/commands.h"
#include "text/tokenizer.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/runtime_versions.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace medtune::cli {

int runInfo(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Show versions, compute settings and the workspace.")))
        return cl.exitCode();
    Workspace &ws = cl.workspace();
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
        { QStringLiteral("workspace"), ws.root() },
        { QStringLiteral("schema_version"), ws.schemaVersion() },
        { QStringLiteral("compute_threads"), computeThreads() },
        { QStringLiteral("available_cores"), availableCores() },
        { QStringLiteral("tokenizer_bridge"), bridge },
    };
    if (cl.json()) {
        cl.printJson(QJsonDocument(info));
        return Ok;
    }
    for (auto it = info.begin(); it != info.end(); ++it)
        cl.out() << it.key().leftJustified(18) << it.value().toVariant().toString() << '\n';
    return Ok;
}

} // namespace medtune::cli
