// Merging a review session snapshot (exportSessionJson's format) into a workspace or a
// review server, for reviewers who worked offline and for push/pull between the two:
// idempotent (merging again adds nothing), conflicts (same reviewer, item, output and
// criterion with different values) resolved by the later time stamp and listed. A session
// not yet in the target is imported whole; on a server only the lead may do that, and a
// reviewer's merge carries only their own judgments, spans and status.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace medtune {

class ReviewStore;

struct MergeConflict
{
    QString item; ///< external id
    QString system; ///< empty for item-level criteria
    QString reviewer;
    QString criterion;
    QString keptValue, keptTime;
    QString droppedValue, droppedTime;
    bool incomingWon = false;
};

struct SessionMergeResult
{
    qint64 sessionId = 0;
    QString sessionName;
    bool createdSession = false;
    int itemsAdded = 0;
    int outputsAdded = 0;
    int judgmentsAdded = 0;
    int judgmentsReplaced = 0;
    int judgmentsUnchanged = 0;
    int spansAdded = 0;
    int spansUnchanged = 0;
    int statusChanged = 0;
    int skippedNotYours = 0; ///< rows of other reviewers that a reviewer may not write
    std::vector<MergeConflict> conflicts;
    QJsonObject toJson() const;
    /// Whether the merge changed anything in the target.
    bool changed() const;
};

/// Merges the snapshot into the store in one transaction (judgments, spans, status);
/// throws Error on a snapshot of another format, another rubric version, or items and
/// outputs the target lacks and may not create.
SessionMergeResult mergeSessionJson(ReviewStore &store, const QJsonObject &snapshot);

} // namespace medtune
