// The Review section: choose a session and identify yourself, import outputs, then judge
// items in the side-by-side ReviewPanel.
#pragma once

#include <QWidget>
#include <memory>

class QComboBox;
class QLineEdit;
class QStackedWidget;
class QLabel;

namespace medtune {
class ReviewStore;
class Workspace;
} // namespace medtune

namespace medtune::ui {

class ReviewPanel;

class ReviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPage(Workspace &workspace, QWidget *parent = nullptr);
    ~ReviewPage() override;

    ReviewPanel *panel() const { return m_panel; }
    /// Reloads the list of sessions (after an import elsewhere).
    void refreshSessions();
    /// Starts reviewing; returns false (with a message shown) when it cannot.
    bool startReview(qint64 sessionId, const QString &reviewer);

Q_SIGNALS:
    /// Something was saved; the Reports page may refresh.
    void reviewChanged();

private:
    void importOutputs();

    std::unique_ptr<ReviewStore> m_store;
    QComboBox *m_sessions;
    QLineEdit *m_reviewer;
    QStackedWidget *m_stack;
    QLabel *m_intro;
    ReviewPanel *m_panel;
};

} // namespace medtune::ui
