// The workbench's main window: the product's sections in a navigation list beside a
// stack of pages, menus, shortcuts and a status bar with the workspace.
#pragma once

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

    explicit MainWindow(std::shared_ptr<Workspace> workspace, QWidget *parent = nullptr);
    ~MainWindow() override;

    Workspace &workspace() const { return *m_workspace; }
    Section currentSection() const;
    void showSection(Section section);
    /// The page widget of a section.
    QWidget *page(Section section) const;
    static QString sectionName(Section section);

Q_SIGNALS:
    /// The user asked to switch workspace; the application decides how.
    void openWorkspaceRequested(const QString &dir);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createPages();
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
