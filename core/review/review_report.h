// The review report as self-contained HTML, in the order a clinician reads it: a one-page
// summary (what was compared and by whom, headline ratings with charts, preference,
// agreement, the main hallucination findings), then the detailed results (automatic
// metrics, rubric summaries, A/B win rates, agreement, metric correlations, hallucination
// spans, chosen examples with their spans highlighted) and an appendix with the
// provenance (short hashes, generation settings as key: value lines). Charts are inline
// SVG. Every text from a model or a user is HTML-escaped. The PDF writer (ui/review)
// renders the same HTML, the summary on page 1 and the appendix on a page of its own.
#pragma once

#include "review/review_analysis.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace medtune {

class ReviewStore;

struct ReviewReport
{
    QString title;
    /// The document; charts are inline SVG, or <img src="chart-N.png"> placeholders when
    /// built for QTextDocument (which cannot show inline SVG).
    QString html;
    QStringList chartsSvg; ///< chart N's SVG source (for the placeholders)
    ReviewAnalysis analysis;
};

struct ReviewReportOptions
{
    bool inlineCharts = true;
    int examples = 6; ///< items shown in full
    int sourceChars = 1200; ///< longer sources are shortened in examples
};

/// Builds the report of a session from the workspace.
ReviewReport buildReviewReport(ReviewStore &store, qint64 sessionId, const ReviewReportOptions &options = {});

/// A weight hash as the report shows it: "sha256:" prefix kept, the digest cut to 12 digits.
QString shortHash(const QString &hash);
/// Generation settings as "key: value" lines (nested keys dotted, arrays joined).
QString settingsLines(const QJsonObject &settings);
/// Escapes text for HTML and keeps its line breaks.
QString htmlText(const QString &text);
/// The output text with spans highlighted (<mark>), each piece escaped. Overlapping
/// spans are shown by the most severe one.
QString highlightSpans(const QString &text, const std::vector<Span> &spans);

/// Writes the report as HTML, CSV (judgments and spans) or JSON (session snapshot plus
/// analysis) atomically. PDF is written by writePdfReport in the report library.
void writeReviewReport(ReviewStore &store, qint64 sessionId, const QString &format, const QString &path);

} // namespace medtune
