// First start: fills the demo workspace in the background. Imports the bundled sample
// datasets when the workspace has none and makes the demo model in <ws>/models/demo when
// it is absent, reporting progress; the window stays usable meanwhile and shows the
// samples as soon as they are imported (samplesImported), the model when the job ends.
#pragma once

#include "model/demo_model.h"
#include "util/background_job.h"

#include <atomic>

namespace medtune {
class Workspace;
}

namespace medtune::ui {

class DemoWorkspaceSetup : public BackgroundJob
{
    Q_OBJECT
public:
    /// `model` gives the demo model's settings (its outDir is ignored).
    explicit DemoWorkspaceSetup(Workspace &workspace, DemoModelOptions model = {}, QObject *parent = nullptr);
    ~DemoWorkspaceSetup() override;

    /// The folder of the demo model in a workspace.
    static QString demoModelDir(const Workspace &workspace);
    static bool needsSamples(Workspace &workspace);
    static bool needsModel(const Workspace &workspace);
    static bool needed(Workspace &workspace) { return needsSamples(workspace) || needsModel(workspace); }

    /// Stops at the next model step.
    void cancel();

Q_SIGNALS:
    /// The sample datasets are in the workspace; the demo model may still be in the making.
    void samplesImported();

protected:
    void work() override;

private:
    Workspace &m_workspace;
    DemoModelOptions m_options;
    std::atomic_bool m_stop { false };
};

} // namespace medtune::ui
