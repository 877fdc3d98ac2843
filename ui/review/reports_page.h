// The Reports section: a review session's analysis (metrics, ratings, agreement, win
// rates, correlations, disagreements, examples) and its export as HTML, PDF, CSV or JSON.
#pragma once

#include <QWidget>
#include <memory>

class QComboBox;
class QTextBrowser;
class QLabel;

namespace medtune {
class ReviewDatabase;
class ReviewStore;
class Workspace;
} // namespace medtune

namespace medtune::ui {

class ReportsPage : public QWidget
{
    Q_OBJECT
public:
    /// reviewServer: the review server to report on instead of the workspace (nullptr: the workspace).
    explicit ReportsPage(Workspace &workspace, QWidget *parent = nullptr,
                         std::shared_ptr<ReviewDatabase> reviewServer = nullptr);
    ~ReportsPage() override;

    /// Reloads the sessions and shows the chosen (or latest) one.
    void refresh();
    void showSession(qint64 sessionId);
    /// Writes the current session's report; returns an error message or an empty string.
    QString exportReport(const QString &format, const QString &path);
    QTextBrowser *view() const { return m_view; }

private:
    void exportWithDialog(const QString &format);

    std::shared_ptr<ReviewDatabase> m_server;
    std::unique_ptr<ReviewStore> m_store;
    QComboBox *m_sessions;
    QTextBrowser *m_view;
    QLabel *m_status;
};

} // namespace medtune::ui
