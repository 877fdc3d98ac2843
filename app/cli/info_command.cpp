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
    const RuntimeVersions v = runtimeVersions();
    const QJsonObject info {
        { QStringLiteral("version"), QCoreApplication::applicationVersion() },
        { QStringLiteral("qt"), v.qt },
        { QStringLiteral("libtorch"), v.torch },
        { QStringLiteral("libtorch_backend"), v.torchBackend },
        { QStringLiteral("sentencepiece"), v.sentencePiece },
        { QStringLiteral("compute_devices"), v.computeDevices },
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
