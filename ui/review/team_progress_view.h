// Everyone's progress on a review session (submitted, skipped, flagged per reviewer),
// refreshed in the background every few seconds so that a shared session on a review
// server shows the team's work as it happens; the GUI thread never waits for the database.
#pragma once

#include <QFutureWatcher>
#include <QWidget>
#include <utility>
#include <vector>

class QLabel;
class QTimer;
class QTreeWidget;

namespace medtune {
class ReviewStore;
struct Reviewer;
struct ReviewProgress;
} // namespace medtune

namespace medtune::ui {

struct TeamProgressRow
{
    QString reviewer;
    int total = 0, submitted = 0, skipped = 0, flagged = 0;
};

class TeamProgressView : public QWidget
{
    Q_OBJECT
public:
    explicit TeamProgressView(ReviewStore &store, QWidget *parent = nullptr);
    ~TeamProgressView() override;

    /// Shows this session's progress (0: none) and refreshes at once.
    void setSession(qint64 sessionId);
    /// Starts a background refresh unless one is running.
    void refresh();
    /// Milliseconds between automatic refreshes (default 5000).
    void setInterval(int ms);
    /// Rows shown now (for tests).
    std::vector<TeamProgressRow> rows() const { return m_rows; }

Q_SIGNALS:
    /// A refresh has finished and the rows show its result.
    void refreshed();

private:
    struct Result
    {
        qint64 sessionId = 0;
        std::vector<TeamProgressRow> rows;
        QString error;
    };
    void show(const Result &result);

    ReviewStore &m_store;
    qint64 m_sessionId = 0;
    QTreeWidget *m_tree;
    QLabel *m_status;
    QTimer *m_timer;
    QFutureWatcher<Result> m_watcher;
    std::vector<TeamProgressRow> m_rows;
};

} // namespace medtune::ui
