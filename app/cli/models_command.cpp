// medtune-cli models: the models and adapters in the Hugging Face cache (repo, revision,
// size, whether MedTune can load them); 'models delete REPO' removes one.
#include "cli/commands.h"
#include "model/hub_cache.h"
#include "model/hub_client.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {

int runModels(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("List the models and adapters in the Hugging Face cache (HF_HUB_CACHE, HF_HOME/hub "
                                 "or ~/.cache/huggingface/hub), or delete one (models delete REPO)."),
                  QStringLiteral("[delete REPO]")))
        return cl.exitCode();
    const HubCache cache(HubSettings::fromEnvironment().cacheDir);
    const QStringList args = cl.positional();
    if (!args.isEmpty()) {
        if (args.size() != 2 || args[0] != QLatin1String("delete"))
            throw UsageError(QStringLiteral("expected 'models' or 'models delete REPO'"));
        cache.remove(args[1]);
        cl.out() << "Deleted " << args[1] << " from " << cache.root() << '\n';
        return Ok;
    }
    const QList<CachedRepo> repos = cache.list();
    if (cl.json()) {
        QJsonArray all;
        for (const CachedRepo &r : repos) {
            QJsonObject o { { QStringLiteral("repo"), r.repoId },
                            { QStringLiteral("revision"), r.refs.isEmpty() ? r.commit : r.refs.join(u',') },
                            { QStringLiteral("commit"), r.commit },
                            { QStringLiteral("kind"), r.kind },
                            { QStringLiteral("size"), r.sizeOnDisk },
                            { QStringLiteral("loadable"), r.loadable },
                            { QStringLiteral("snapshot"), r.snapshotDir } };
            if (!r.problem.isEmpty())
                o[QStringLiteral("problem")] = r.problem;
            all.append(o);
        }
        cl.printJson(QJsonDocument(all));
        return Ok;
    }
    if (repos.isEmpty()) {
        cl.out() << "No models in the Hugging Face cache " << cache.root()
                 << ". Download one with 'medtune-cli pull TinyLlama/TinyLlama-1.1B-Chat-v1.0'.\n";
        return Ok;
    }
    cl.out() << QStringLiteral("%1  %2  %3  %4  %5\n")
                    .arg(QStringLiteral("REPO"), -44)
                    .arg(QStringLiteral("REVISION"), -12)
                    .arg(QStringLiteral("SIZE"), 9)
                    .arg(QStringLiteral("KIND"), -7)
                    .arg(QStringLiteral("LOADABLE"));
    for (const CachedRepo &r : repos) {
        const QString rev = r.refs.isEmpty() ? r.commit.left(12) : r.refs.join(u',');
        cl.out() << QStringLiteral("%1  %2  %3  %4  %5\n")
                        .arg(r.repoId, -44)
                        .arg(rev, -12)
                        .arg(formatByteSize(r.sizeOnDisk), 9)
                        .arg(r.kind, -7)
                        .arg(r.loadable ? QStringLiteral("yes") : QStringLiteral("no: ") + r.problem);
    }
    return Ok;
}

} // namespace medtune::cli
