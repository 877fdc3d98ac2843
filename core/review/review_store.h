// The review data in the workspace database: systems, rubric versions, sessions, items
// with their outputs, reviewers, per-reviewer blind assignments, judgments, hallucination
// spans and item status. Every change is one IMMEDIATE transaction, so a crash keeps
// everything committed and two processes on one workspace wait for each other.
// Thread safety: a ReviewStore uses the calling thread's connection of its Workspace.
#pragma once

#include "review/rubric.h"

#include <QJsonObject>
#include <QString>
#include <map>
#include <optional>
#include <vector>

namespace medtune {

class Workspace;

struct ReviewSession
{
    qint64 id = 0;
    QString name;
    QString task; ///< "summary", "qa", "pubmedqa", "medmcqa" or "mixed"
    qint64 rubricId = 0;
    bool blind = true;
    qint64 seed = 0;
    QString createdAt;
};

struct ReviewSystem
{
    qint64 id = 0;
    QString name;
    QString modelHash;
    QString adapterHash;
    QJsonObject settings; ///< generation settings
};

struct ReviewOutput
{
    qint64 id = 0;
    qint64 itemId = 0;
    qint64 systemId = 0;
    QString systemName;
    QString text;
    QJsonObject metrics; ///< automatic metrics against the reference
    QJsonObject generation; ///< generation settings and hashes, when known
};

struct ReviewItem
{
    qint64 id = 0;
    qint64 sessionId = 0;
    QString externalId;
    QString source;
    QString reference;
    int position = 0;
    QJsonObject metadata;
    std::vector<ReviewOutput> outputs; ///< canonical order: by system id (A, B)
};

struct Reviewer
{
    qint64 id = 0;
    QString name;
};

struct Judgment
{
    qint64 itemId = 0;
    qint64 outputId = 0; ///< 0 for item-level criteria (preference)
    qint64 reviewerId = 0;
    QString criterion;
    QString value;
    QString updatedAt;
};

struct Span
{
    qint64 id = 0;
    qint64 outputId = 0;
    qint64 reviewerId = 0;
    int start = 0; ///< character offsets (UTF-16, as QString) into the output text
    int end = 0;
    QString type;
    QString severity;
};

/// One judgment of a batch written in a single transaction (saveJudgments).
struct JudgmentWrite
{
    qint64 itemId = 0;
    qint64 outputId = 0; ///< 0 for item-level criteria
    QString reviewer; ///< name; created when new
    QString criterion;
    QString value;
    bool submit = false; ///< also mark the item submitted for the reviewer
};

struct ItemStatus
{
    bool submitted = false;
    bool skipped = false;
    bool flagged = false;
};

/// The order and left/right sides one reviewer sees (seeded and recorded).
struct Assignment
{
    qint64 seed = 0;
    std::vector<qint64> itemOrder; ///< item ids
    std::vector<qint64> swappedItems; ///< items whose outputs appear B left, A right
    bool isSwapped(qint64 itemId) const;
};

struct ReviewProgress
{
    int total = 0;
    int submitted = 0;
    int skipped = 0;
    int flagged = 0;
};

class ReviewStore
{
public:
    explicit ReviewStore(Workspace &workspace);

    Workspace &workspace() const { return m_ws; }

    // Rubrics
    /// Stores the rubric (name, version) unless present; a different definition under an
    /// existing name and version is refused (bump the version).
    qint64 ensureRubric(const Rubric &rubric);
    Rubric rubric(qint64 rubricId) const;

    // Sessions
    qint64 createSession(const QString &name, const QString &task, const Rubric &rubric, bool blind, qint64 seed);
    std::vector<ReviewSession> sessions() const;
    std::optional<ReviewSession> session(qint64 id) const;
    std::optional<ReviewSession> sessionByName(const QString &name) const;
    /// The most recently created session, if any.
    std::optional<ReviewSession> latestSession() const;
    /// A session by name or numeric id (the one rule every command uses), if any.
    std::optional<ReviewSession> findSession(const QString &spec) const;
    /// findSession(), or the latest when spec is empty; throws Error naming the sessions.
    ReviewSession resolveSession(const QString &spec) const;

    // Systems, items and outputs
    qint64 ensureSystem(const QString &name, const QString &modelHash = {}, const QString &adapterHash = {},
                        const QJsonObject &settings = {});
    std::vector<ReviewSystem> systems(qint64 sessionId) const;
    /// Adds an item or returns the existing one with the same external id (its source,
    /// reference and metadata are then left as they were).
    qint64 ensureItem(qint64 sessionId, const QString &externalId, const QString &source, const QString &reference,
                      const QJsonObject &metadata = {});
    /// Adds or replaces the output of a system for an item.
    qint64 setOutput(qint64 itemId, qint64 systemId, const QString &text, const QJsonObject &metrics,
                     const QJsonObject &generation = {});
    std::vector<ReviewItem> items(qint64 sessionId) const;
    ReviewItem item(qint64 itemId) const;

    // Reviewers and their view
    qint64 ensureReviewer(const QString &name);
    std::vector<Reviewer> reviewers() const;
    /// Reviewers with any judgment or assignment in the session.
    std::vector<Reviewer> sessionReviewers(qint64 sessionId) const;
    /// The reviewer's recorded assignment, created (and stored) on first use and extended
    /// when items were added since.
    Assignment assignment(qint64 sessionId, qint64 reviewerId);

    // Judgments, spans and status: each call is one transaction.
    /// Sets a criterion's value; an empty value removes it. outputId 0 = item level.
    void setJudgment(qint64 itemId, qint64 outputId, qint64 reviewerId, const QString &criterion, const QString &value);
    /// Writes all of them in one transaction: all are stored or none.
    void saveJudgments(const std::vector<JudgmentWrite> &writes);
    std::vector<Judgment> judgments(qint64 sessionId) const;
    std::vector<Judgment> judgments(qint64 itemId, qint64 reviewerId) const;
    qint64 addSpan(const Span &span);
    void removeSpan(qint64 spanId);
    std::vector<Span> spans(qint64 sessionId) const;
    std::vector<Span> outputSpans(qint64 outputId, qint64 reviewerId) const;
    void setSubmitted(qint64 itemId, qint64 reviewerId, bool submitted);
    void setSkipped(qint64 itemId, qint64 reviewerId, bool skipped);
    void setFlagged(qint64 itemId, qint64 reviewerId, bool flagged);
    ItemStatus status(qint64 itemId, qint64 reviewerId) const;
    ReviewProgress progress(qint64 sessionId, qint64 reviewerId) const;

private:
    void setStatusFlag(qint64 itemId, qint64 reviewerId, const QString &column, const QVariant &value);

    Workspace &m_ws;
};

} // namespace medtune
