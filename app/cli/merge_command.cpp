// medtune-cli merge: fold a LoRA adapter into its base model and write a full model folder.
#include "cli/commands.h"
#include "cli/hub_cli.h"
#include "train/adapter_io.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {

int runMerge(CommandLine &cl)
{
    cl.parser().addOption(
        { QStringLiteral("model"), QStringLiteral("Base model folder (Hugging Face layout)."), QStringLiteral("DIR") });
    cl.parser().addOption({ QStringLiteral("adapter"),
                            QStringLiteral("Adapter folder (PEFT: adapter_config.json, adapter_model.safetensors)."),
                            QStringLiteral("DIR") });
    cl.parser().addOption(
        { QStringLiteral("out"), QStringLiteral("New folder for the merged model."), QStringLiteral("DIR") });
    addDownloadOption(cl);
    cl.addJsonOption();
    if (!cl.parse(
            QStringLiteral("Merge a LoRA adapter into its base model and write a full Hugging Face model folder.")))
        return cl.exitCode();
    for (const char *name : { "model", "adapter", "out" })
        if (!cl.isSet(QLatin1String(name)))
            throw UsageError(QStringLiteral("--%1 DIR is required").arg(QLatin1String(name)));
    downloadIfRequested(cl, cl.value(QStringLiteral("model")), false);
    downloadIfRequested(cl, cl.value(QStringLiteral("adapter")), true);
    const AdapterInfo info = mergeAdapter(cl.value(QStringLiteral("model")), cl.value(QStringLiteral("adapter")),
                                          cl.value(QStringLiteral("out")));
    for (const QString &w : info.warnings)
        cl.err() << "warning: " << w << '\n';
    if (cl.json()) {
        cl.printJson(QJsonDocument(
            QJsonObject { { QStringLiteral("out"), cl.value(QStringLiteral("out")) },
                          { QStringLiteral("r"), info.config.r },
                          { QStringLiteral("alpha"), info.config.alpha },
                          { QStringLiteral("target_modules"), QJsonArray::fromStringList(info.config.targetModules) },
                          { QStringLiteral("adapter_parameters"), info.parameters } }));
        return Ok;
    }
    cl.out() << "Merged " << info.parameters << " adapter parameters (r=" << info.config.r << " on "
             << info.config.targetModules.join(QStringLiteral(", ")) << ") into " << cl.value(QStringLiteral("out"))
             << '\n';
    return Ok;
}

} // namespace medtune::cli
