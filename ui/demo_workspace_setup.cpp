#include "demo_workspace_setup.h"

#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFileInfo>

namespace medtune::ui {

DemoWorkspaceSetup::DemoWorkspaceSetup(Workspace &workspace, DemoModelOptions model, QObject *parent)
    : BackgroundJob(QStringLiteral("Demo workspace"), parent)
    , m_workspace(workspace)
    , m_options(std::move(model))
{
}

DemoWorkspaceSetup::~DemoWorkspaceSetup()
{
    cancel();
    cancelAndWait();
}

QString DemoWorkspaceSetup::demoModelDir(const Workspace &workspace)
{
    return QDir(workspace.modelsDir()).filePath(QStringLiteral("demo"));
}

bool DemoWorkspaceSetup::needsSamples(Workspace &workspace)
{
    return DatasetStore(workspace).list().isEmpty();
}

bool DemoWorkspaceSetup::needsModel(const Workspace &workspace)
{
    const QDir dir(demoModelDir(workspace));
    return !QFileInfo::exists(dir.filePath(QStringLiteral("config.json")))
           || !QFileInfo::exists(dir.filePath(QStringLiteral("tokenizer.model")));
}

void DemoWorkspaceSetup::cancel()
{
    m_stop = true;
    requestCancel();
}

void DemoWorkspaceSetup::work()
{
    if (needsSamples(m_workspace)) {
        reportProgress(0, 0, tr("Importing the sample datasets"));
        importBundledSamples(m_workspace);
    }
    checkpoint();
    if (!needsModel(m_workspace))
        return;

    // Made in a side folder and renamed, so that a cancelled or failed run leaves no half model.
    const QString target = demoModelDir(m_workspace);
    const QString partial = target + QStringLiteral(".partial");
    QDir(partial).removeRecursively();
    QDir(target).removeRecursively();
    DemoModelOptions options = m_options;
    options.outDir = partial;
    options.cancel = &m_stop;
    options.progress = [this](int step, int steps, double loss) {
        if (isCancelRequested())
            m_stop = true;
        reportProgress(step, steps, tr("Making the demo model: step %1 of %2, loss %3")
                                        .arg(step).arg(steps).arg(loss, 0, 'f', 3));
    };
    reportProgress(0, options.steps, tr("Making the demo model: training its tokenizer"));
    try {
        makeDemoModel(options);
    } catch (...) {
        QDir(partial).removeRecursively();
        checkpoint(); // a cancellation ends as cancelled, not failed
        throw;
    }
    if (!QDir().rename(partial, target))
        throw Error(tr("Could not move the demo model into %1").arg(target));
}

} // namespace medtune::ui
