#include "train/demo_workspace.h"

#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "model/demo_model.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace medtune {

QString demoModelDir(const Workspace &workspace)
{
    return QDir(workspace.modelsDir()).filePath(QStringLiteral("demo"));
}

bool demoModelExists(const Workspace &workspace)
{
    const QDir dir(demoModelDir(workspace));
    for (const char *f : { "config.json", "model.safetensors", "tokenizer.model" })
        if (!QFileInfo::exists(dir.filePath(QLatin1String(f))))
            return false;
    return true;
}

void prepareDemoWorkspace(Workspace &workspace, const std::function<void(const QString &, qint64, qint64)> &progress,
                          const std::atomic_bool *cancel, DemoModelOptions o)
{
    if (progress)
        progress(QStringLiteral("Importing the sample datasets"), 0, 0);
    importBundledSamples(workspace);
    ensureDemoModel(workspace, progress, cancel, std::move(o));
}

void ensureDemoModel(Workspace &workspace, const std::function<void(const QString &, qint64, qint64)> &progress,
                     const std::atomic_bool *cancel, DemoModelOptions o)
{
    if (demoModelExists(workspace))
        return;
    // Built in a temporary folder and renamed: an interrupted build leaves no half model.
    const QString final = demoModelDir(workspace);
    const QString tmp = final + QStringLiteral(".partial");
    QDir(tmp).removeRecursively();
    o.outDir = tmp;
    o.cancel = cancel;
    o.progress = [&](int step, int steps, double loss) {
        if (progress)
            progress(QStringLiteral("Making the demo model: step %1 of %2, loss %3")
                         .arg(step)
                         .arg(steps)
                         .arg(loss, 0, 'f', 3),
                     step, steps);
    };
    try {
        makeDemoModel(o);
    } catch (...) {
        QDir(tmp).removeRecursively();
        throw;
    }
    QDir(final).removeRecursively();
    if (!QDir().rename(tmp, final))
        throw Error(QStringLiteral("Cannot move the demo model into %1").arg(final),
                    QStringLiteral("check the workspace's permissions"));
}

TrainingSpec demoTrainingSpec(Workspace &workspace)
{
    DatasetStore store(workspace);
    QJsonArray datasets;
    for (const DatasetInfo &d : store.list())
        if (d.formats.contains(QStringLiteral("pubmedqa")) || d.formats.contains(QStringLiteral("medmcqa")))
            datasets.append(QJsonObject { { QStringLiteral("id"), d.id }, { QStringLiteral("name"), d.name } });
    if (datasets.isEmpty())
        throw Error(QStringLiteral("The demo workspace has no PubMedQA or MedMCQA sample"),
                    QStringLiteral("run 'medtune-cli import --samples' first"));
    TrainingSpec s;
    s.name = QStringLiteral("demo");
    s.modelDir = demoModelDir(workspace);
    s.data = QJsonObject { { QStringLiteral("datasets"), datasets },
                           { QStringLiteral("template"), QStringLiteral("default") },
                           { QStringLiteral("max_tokens"), 384 },
                           { QStringLiteral("cut"), QStringLiteral("tail") } };
    // The demo model is tiny: adapters on every projection and a high rate make the
    // validation curve fall visibly within a minute or two.
    s.lora.targetModules = loraTargetCandidates();
    s.trainer.learningRate = 1e-2;
    s.trainer.microBatchSize = 4;
    s.trainer.maxSteps = 60;
    s.trainer.warmupSteps = 5;
    s.trainer.evalEvery = 20;
    s.trainer.checkpointEvery = 20;
    return s;
}

} // namespace medtune
