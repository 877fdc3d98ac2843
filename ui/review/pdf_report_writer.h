// The review report as PDF: the HTML report laid out by QTextDocument (charts rendered
// from their SVG to images, which QTextDocument can show) and printed to an A4 QPdfWriter,
// written atomically. Needs a QGuiApplication (fonts), hence outside core.
#pragma once

#include <QString>
#include <QStringList>

class QTextDocument;

namespace medtune {
class ReviewStore;
}

namespace medtune::ui {

/// Renders each chart's SVG to an image and adds it to doc as "chart-N.png".
void addChartImages(QTextDocument *doc, const QStringList &chartsSvg);

void writePdfReport(ReviewStore &store, qint64 sessionId, const QString &path);

/// Writes html, pdf, csv or json: pdf here, the rest by core's writeReviewReport.
void writeAnyReport(ReviewStore &store, qint64 sessionId, const QString &format, const QString &path);

} // namespace medtune::ui
