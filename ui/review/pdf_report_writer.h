// The review report as PDF: the HTML report laid out by QTextDocument (charts rendered
// from their SVG to images, which QTextDocument can show) on A4 pages, each heading kept
// on the page of what follows it and each table's header row with its first row, and
// printed to a QPdfWriter, written atomically. Needs a QGuiApplication (fonts), hence
// outside core.
#pragma once

#include <QString>
#include <QStringList>
#include <memory>

class QPagedPaintDevice;
class QTextBlock;
class QTextDocument;

namespace medtune {
class ReviewStore;
struct ReviewReport;
} // namespace medtune

namespace medtune::ui {

/// Renders each chart's SVG to an image and adds it to doc as "chart-N.png".
void addChartImages(QTextDocument *doc, const QStringList &chartsSvg);

/// The report laid out on `device`'s pages (less a footer line) exactly as writePdfReport
/// prints it. `report` must have been built without inline charts.
std::unique_ptr<QTextDocument> layOutReport(const ReviewReport &report, QPagedPaintDevice &device);

/// The page (0-based) of a paginated document on which a block's first line lies.
int pageOfBlock(const QTextDocument &doc, const QTextBlock &block);

/// Moves to the next page each heading that would otherwise end a page apart from what
/// follows it, and each table whose header row would be parted from its first row (the
/// header repeats on the pages a long table spans). Returns the number of breaks added.
int keepHeadingsWithContent(QTextDocument &doc);

void writePdfReport(ReviewStore &store, qint64 sessionId, const QString &path);

/// Writes html, pdf, csv or json: pdf here, the rest by core's writeReviewReport.
void writeAnyReport(ReviewStore &store, qint64 sessionId, const QString &format, const QString &path);

} // namespace medtune::ui
