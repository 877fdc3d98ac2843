// The review report as self-contained HTML: provenance, automatic metrics, rubric
// summaries with charts (inline SVG), A/B win rates, agreement, metric correlations,
// hallucination spans and chosen examples with their spans highlighted. Every text from
// a model or a user is HTML-escaped. The PDF writer (ui/review) renders the same HTML.
#pragma once

#include "review/review_analysis.h"

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

/// Escapes text for HTML and keeps its line breaks.
QString htmlText(const QString &text);
/// The output text with spans highlighted (<mark>), each piece escaped. Overlapping
/// spans are shown by the most severe one.
QString highlightSpans(const QString &text, const std::vector<Span> &spans);

/// Writes the report as HTML, CSV (judgments and spans) or JSON (session snapshot plus
/// analysis) atomically. PDF is written by writePdfReport in the report library.
void writeReviewReport(ReviewStore &store, qint64 sessionId, const QString &format, const QString &path);

} // namespace medtune
