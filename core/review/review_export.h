// Raw exports of a review session that read back exactly: a long-format CSV of judgments
// and spans, and a JSON snapshot of the whole session (rubric, systems, items, outputs,
// reviewers, blind assignments, judgments, spans, status) that can be imported into
// another workspace. Files are written atomically.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <vector>

namespace medtune {

class ReviewStore;

/// One CSV row: a judgment (record "judgment") or a hallucination span ("span").
struct ExportRow
{
    QString record;
    QString item; ///< external id
    QString system; ///< empty for item-level criteria
    QString reviewer;
    QString criterion;
    QString value;
    int spanStart = -1;
    int spanEnd = -1;
    QString spanType;
    QString spanSeverity;
    QString time;
    bool operator==(const ExportRow &) const = default;
};

std::vector<ExportRow> sessionExportRows(ReviewStore &store, qint64 sessionId);
QString exportRowsCsv(const std::vector<ExportRow> &rows);
/// Reads a CSV written by exportRowsCsv; throws Error naming the line of a bad row.
std::vector<ExportRow> parseExportRowsCsv(const QString &text);

/// The session as one JSON document (format "medtune-review-session", version 1).
QJsonObject exportSessionJson(ReviewStore &store, qint64 sessionId);
/// Imports a snapshot as a new session (named newName, or the snapshot's name) in one
/// transaction; returns its id. Throws Error when the name is taken or data is invalid.
qint64 importSessionJson(ReviewStore &store, const QJsonObject &snapshot, const QString &newName = {});

/// Writes data to path atomically (QSaveFile); throws Error on failure.
void writeFileAtomically(const QString &path, const QByteArray &data);

} // namespace medtune
