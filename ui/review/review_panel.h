// The side-by-side review panel: source (searchable), reference, output A and output B
// with the rubric's controls generated from the rubric data, hallucination spans marked
// on selected text, and an overall preference. Keyboard first: number keys score the
// focused criterion, Up/Down move between criteria, N/P next/previous item, S skip,
// F flag, H mark the selected text as a span, Ctrl+Enter submit. Every change is saved
// at once. In blind mode sides and order come from the reviewer's recorded assignment and
// system names appear only after the reviewer submits the item.
#pragma once

#include "review/review_store.h"

#include <QWidget>
#include <vector>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTextBrowser;
class QTextEdit;
class QComboBox;
class QListWidget;
class QVBoxLayout;

namespace medtune::ui {

class ReviewPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPanel(ReviewStore &store, QWidget *parent = nullptr);
    ~ReviewPanel() override;

    /// Starts (or resumes) reviewing a session as reviewer; opens the first item not yet
    /// submitted. Throws Error when the session does not exist.
    void start(qint64 sessionId, const QString &reviewer);
    bool isActive() const { return m_sessionId != 0; }
    qint64 sessionId() const { return m_sessionId; }
    qint64 reviewerId() const { return m_reviewerId; }

    int itemCount() const { return int(m_assignment.itemOrder.size()); }
    int currentIndex() const { return m_index; }
    qint64 currentItemId() const;
    void goTo(int index);
    void next();
    void previous();
    void skip();
    void toggleFlag();
    /// Marks the item submitted (revealing system names in blind mode) and moves on.
    void submit();

    /// Criterion rows in keyboard order: output A's, output B's, then item-level ones.
    int criterionCount() const { return int(m_rows.size()); }
    int focusedCriterion() const { return m_focused; }
    /// "correctness@A", "preference" ... of a row.
    QString criterionKey(int row) const;
    void focusCriterion(int row);
    /// Chooses option number (1-based) of the focused criterion and moves to the next.
    void scoreFocused(int number);
    /// The value shown for a row (as stored), or empty.
    QString rowValue(int row) const;

    /// Marks characters [start, end) of the output on side 0 (left, A) or 1 (right, B).
    void markSpan(int side, int start, int end, const QString &type, const QString &severity);
    /// Marks the selected text of the output that has a selection, with that side's type and severity.
    bool markSelectedSpan();
    QTextEdit *outputView(int side) const;
    QString outputHeader(int side) const;
    bool identitiesShown() const;
    /// Finds text in the source, from the cursor; returns whether it was found.
    bool findInSource(const QString &text);

Q_SIGNALS:
    void progressChanged(int submitted, int total);
    void saved(const QString &what);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Row;
    struct Side;

    void buildUi();
    void loadItem();
    void clearRows();
    void addRow(const RubricCriterion *c, int side, QVBoxLayout *layout);
    void choose(int row, const QString &value);
    void refreshRow(int row);
    void refreshSpans(int side);
    void refreshStatus();
    void installKeyFilter(QWidget *root);
    /// Stored output id of a displayed side (A = 0, B = 1).
    qint64 outputIdOfSide(int side) const;
    /// Canonical preference value from the displayed one and back.
    QString canonicalPreference(const QString &displayed) const;
    QString displayedPreference(const QString &canonical) const;

    ReviewStore &m_store;
    qint64 m_sessionId = 0;
    qint64 m_reviewerId = 0;
    QString m_reviewerName;
    ReviewSession m_session;
    Rubric m_rubric;
    Assignment m_assignment;
    int m_index = -1;
    ReviewItem m_item;
    bool m_swapped = false;
    std::vector<std::unique_ptr<Row>> m_rows;
    int m_focused = 0;
    int m_lastSelectionSide = 0;

    QLabel *m_title;
    QLabel *m_statusLabel;
    QProgressBar *m_progress;
    QLineEdit *m_search;
    QTextBrowser *m_source;
    QTextBrowser *m_reference;
    std::unique_ptr<Side> m_sides[2];
    QWidget *m_itemCriteria;
    QVBoxLayout *m_itemCriteriaLayout;
    QPushButton *m_flagButton;
    QLabel *m_saveLabel;
};

} // namespace medtune::ui
