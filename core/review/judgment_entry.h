// Judgments entered as text, one at a time (review add-judgment) or from a JSONL/CSV file
// (review add-judgments): each is checked against the session's rubric and items, and a
// whole file is stored in one transaction, so a bad line stores nothing.
#pragma once

#include <QString>
#include <vector>

namespace medtune {

class ReviewStore;
struct ReviewSession;

struct JudgmentEntry
{
    QString reviewer;
    QString item; ///< the item's id as imported
    QString criterion;
    QString value;
    QString system; ///< the judged output's system, for per-output criteria
    bool submit = false;
    int line = 0; ///< 1-based line in its file; 0 when entered on the command line
};

/// Reads entries from a JSONL file (one object per line) or a CSV file with a header row;
/// fields reviewer, item, criterion, value and optionally system and submit (true/1/yes).
/// Throws Error naming the file and line of a malformed record or a missing field.
std::vector<JudgmentEntry> readJudgmentEntries(const QString &path);

/// Checks every entry against the session and stores them all in one transaction.
/// Throws UsageError naming each bad entry (line, item, criterion) before anything is written.
int saveJudgmentEntries(ReviewStore &store, const ReviewSession &session, const std::vector<JudgmentEntry> &entries);

} // namespace medtune
