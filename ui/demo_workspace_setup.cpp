#include "demo_workspace_setup.h"

#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "train/demo_workspace.h"
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
    return medtune::demoModelDir(workspace);
}

bool DemoWorkspaceSetup::needsSamples(Workspace &workspace)
{
    return DatasetStore(workspace).list().isEmpty();
}

bool DemoWorkspaceSetup::needsModel(const Workspace &workspace)
{
    return !demoModelExists(workspace);
}

void DemoWorkspaceSetup::cancel()
{
    m_stop = true;
    requestCancel();
}

void DemoWorkspaceSetup::work()
{
    try {
        const auto progress = [this](const QString &message, qint64 done, qint64 total) {
            if (isCancelRequested())
                m_stop = true;
            reportProgress(done, total, message);
        };
        progress(QStringLiteral("Importing the sample datasets"), 0, 0);
        importBundledSamples(m_workspace);
        Q_EMIT samplesImported(); // queued to the window's thread
        if (needsModel(m_workspace)) // its tokenizer is trained before the first step reports
            progress(QStringLiteral("Making the demo model"), 0, 0);
        ensureDemoModel(m_workspace, progress, &m_stop, m_options);
    } catch (...) {
        checkpoint(); // a cancellation ends as cancelled, not failed
        throw;
    }
}

} // namespace medtune::ui
