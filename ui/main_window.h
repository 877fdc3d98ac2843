// The workbench's main window: the product's sections in a navigation list beside a
// stack of pages, menus, shortcuts and a status bar with the workspace.
#pragma once

#include "model/demo_model.h"

#include <QMainWindow>
#include <memory>

class QListWidget;
class QStackedWidget;
class QLabel;

namespace medtune {
class Workspace;
}

namespace medtune::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Section { Datasets, Format, Training, Runs, Playground, Review, Reports, SectionCount };
    /// What a job or a page changed in the workspace.
    enum WorkspaceChange { DatasetsChanged = 0x1, ModelsChanged = 0x2, RunsChanged = 0x4, ReviewsChanged = 0x8 };
    Q_DECLARE_FLAGS(WorkspaceChanges, WorkspaceChange)

    /// On the demo workspace's first start, `demoModel` is the recipe of the demo model
    /// made in the background (its outDir is ignored).
    explicit MainWindow(std::shared_ptr<Workspace> workspace, QWidget *parent = nullptr,
                        const DemoModelOptions &demoModel = {});
    ~MainWindow() override;

    Workspace &workspace() const { return *m_workspace; }
    Section currentSection() const;
    void showSection(Section section);
    /// The page widget of a section.
    QWidget *page(Section section) const;
    static QString sectionName(Section section);
    /// Every section that shows what changed re-reads the workspace, except `origin`
    /// (the page that made the change and has already). Jobs and pages call this, so
    /// that no section shows a stale workspace until the user navigates.
    void refreshSections(WorkspaceChanges changes, QWidget *origin = nullptr);

Q_SIGNALS:
    /// The user asked to switch workspace; the application decides how.
    void openWorkspaceRequested(const QString &dir);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createPages(const DemoModelOptions &demoModel);
    void createMenus();
    void chooseWorkspace(bool create);
    void showAbout();
    void showPreferences();
    /// File > Get Model...: the Hugging Face download dialog.
    void getModel();
    void restoreWindowState();
    void saveWindowState() const;

    std::shared_ptr<Workspace> m_workspace;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    QLabel *m_workspaceLabel;
    QLabel *m_jobsLabel;
};

} // namespace medtune::ui

Q_DECLARE_OPERATORS_FOR_FLAGS(medtune::ui::MainWindow::WorkspaceChanges)
