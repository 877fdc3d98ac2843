// The Review section: choose a session and identify yourself, import outputs, then judge
// items in the side-by-side ReviewPanel; the team's progress on the session shows beside.
// The sessions live in the workspace or, when one is configured, on a review server.
#pragma once

#include <QWidget>
#include <memory>

class QComboBox;
class QLineEdit;
class QStackedWidget;
class QLabel;

namespace medtune {
class ReviewDatabase;
class ReviewStore;
class Workspace;
} // namespace medtune

namespace medtune::ui {

class GenerationDialog;
class ReviewPanel;
class TeamProgressView;

class ReviewPage : public QWidget
{
    Q_OBJECT
public:
    /// reviewServer: the review server to use instead of the workspace (nullptr: the workspace).
    explicit ReviewPage(Workspace &workspace, QWidget *parent = nullptr,
                        std::shared_ptr<ReviewDatabase> reviewServer = nullptr);
    ~ReviewPage() override;

    ReviewPanel *panel() const { return m_panel; }
    TeamProgressView *teamProgress() const { return m_team; }
    /// Reloads the list of sessions (after an import elsewhere).
    void refreshSessions();
    /// Starts reviewing; returns false (with a message shown) when it cannot.
    bool startReview(qint64 sessionId, const QString &reviewer);
    /// A new "Generate outputs" dialog (not shown, deleted on close); the sessions are
    /// refreshed and the new one chosen when it finishes.
    GenerationDialog *createGenerationDialog();
    /// The session chosen in the session box (0 when there is none).
    qint64 currentSessionId() const;

Q_SIGNALS:
    /// Something was saved; the Reports page may refresh.
    void reviewChanged();

private:
    void importOutputs();

    Workspace &m_workspace;
    std::shared_ptr<ReviewDatabase> m_server;
    std::unique_ptr<ReviewStore> m_store;
    QComboBox *m_sessions;
    QLineEdit *m_reviewer;
    QStackedWidget *m_stack;
    QLabel *m_intro;
    ReviewPanel *m_panel;
    TeamProgressView *m_team;
};

} // namespace medtune::ui
