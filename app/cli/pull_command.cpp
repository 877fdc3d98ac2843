// medtune-cli pull: download a model (or a PEFT adapter) from the Hugging Face Hub into the
// shared cache; the progress on stderr, the snapshot folder on stdout.
#include "cli/commands.h"
#include "cli/hub_cli.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {

int runPull(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("revision"), QStringLiteral("Branch, tag or commit (default main)."),
                  QStringLiteral("REV"), QStringLiteral("main") });
    p.addOption({ QStringLiteral("include"),
                  QStringLiteral("Also download files matching this glob (repeatable), e.g. '*.json'."),
                  QStringLiteral("GLOB") });
    p.addOption(
        { QStringLiteral("adapter"),
          QStringLiteral("The repo is a PEFT LoRA adapter (adapter_config.json, adapter_model.safetensors).") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Download a model or adapter from the Hugging Face Hub into the shared cache "
                                 "(HF_HUB_CACHE, HF_HOME/hub or ~/.cache/huggingface/hub) and print its folder.\n"
                                 "Uses HF_ENDPOINT, HF_TOKEN (or HF_HOME/token) and HF_HUB_OFFLINE like "
                                 "huggingface_hub. The repo id then works as --model or --adapter."),
                  QStringLiteral("REPO")))
        return cl.exitCode();
    const QStringList args = cl.positional();
    if (args.size() != 1)
        throw UsageError(QStringLiteral("pull needs one repo id, e.g. TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
    HubCache::checkRepoId(args[0]);
    HubPullOptions options;
    options.revision = cl.value(QStringLiteral("revision"));
    options.include = p.values(QStringLiteral("include"));
    options.adapter = cl.isSet(QStringLiteral("adapter"));
    const HubPullResult r = pullWithProgress(cl, args[0], options);
    if (cl.json()) {
        QJsonArray files;
        for (const HubFile &f : r.files)
            files.append(QJsonObject { { QStringLiteral("name"), f.name }, { QStringLiteral("size"), f.size } });
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("repo"), r.repoId },
                                                 { QStringLiteral("revision"), options.revision },
                                                 { QStringLiteral("commit"), r.commit },
                                                 { QStringLiteral("snapshot"), r.snapshotDir },
                                                 { QStringLiteral("files"), files },
                                                 { QStringLiteral("bytes"), r.totalBytes },
                                                 { QStringLiteral("downloaded_bytes"), r.downloadedBytes } }));
        return Ok;
    }
    cl.out() << r.snapshotDir << '\n';
    return Ok;
}

} // namespace medtune::cli
