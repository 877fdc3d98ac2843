#include "review/pdf_report_writer.h"

#include "review/review_report.h"
#include "review/review_store.h"
#include "util/error.h"

#include <QAbstractTextDocumentLayout>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgRenderer>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextLayout>
#include <QTextTable>
#include <QUrl>
#include <cmath>

namespace medtune::ui {
namespace {

/// The height of the footer line under each page's text.
double footerHeight(const QPagedPaintDevice &device)
{
    return device.logicalDpiY() * 0.3;
}

/// Top and bottom of a block's first line in document coordinates.
std::pair<double, double> firstLine(const QTextDocument &doc, const QTextBlock &block)
{
    const QRectF rect = doc.documentLayout()->blockBoundingRect(block);
    const QTextLayout *layout = block.layout();
    if (!layout || layout->lineCount() == 0)
        return { rect.top(), rect.top() };
    const QTextLine line = layout->lineAt(0);
    return { rect.top() + line.y(), rect.top() + line.y() + line.height() };
}

/// The first block of a table row.
QTextBlock rowBlock(QTextTable *table, int row)
{
    return table->cellAt(row, 0).firstCursorPosition().block();
}

/// The rows a table's header must share a page with: its header rows and the first body row.
int firstBodyRow(QTextTable *table)
{
    const int header = table->format().headerRowCount();
    return std::min(std::max(header, 1), table->rows() - 1);
}

void collectTables(QTextFrame *frame, std::vector<QTextTable *> &tables)
{
    for (QTextFrame *child : frame->childFrames()) {
        if (auto *table = qobject_cast<QTextTable *>(child))
            tables.push_back(table);
        collectTables(child, tables);
    }
}

} // namespace

void addChartImages(QTextDocument *doc, const QStringList &chartsSvg)
{
    for (qsizetype i = 0; i < chartsSvg.size(); ++i) {
        QSvgRenderer svg(chartsSvg[i].toUtf8());
        QImage image(svg.defaultSize() * 3, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        svg.render(&p);
        p.end();
        doc->addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart-%1.png").arg(i)), image);
    }
}

int pageOfBlock(const QTextDocument &doc, const QTextBlock &block)
{
    const double pageHeight = doc.pageSize().height();
    const auto [top, bottom] = firstLine(doc, block);
    // The line's middle: a line pushed past a page's end starts on the next page.
    return pageHeight > 0 ? int(std::floor((top + bottom) / 2 / pageHeight)) : 0;
}

int keepHeadingsWithContent(QTextDocument &doc)
{
    int added = 0;
    // Each move can only push later content down, so one pass in document order, with a
    // fresh layout after each move, settles every heading and table; the bound is a guard.
    for (int guard = 0; guard < 1000; ++guard) {
        doc.pageCount(); // lays the document out
        bool moved = false;
        for (QTextBlock b = doc.begin(); b.isValid() && !moved; b = b.next()) {
            if (b.blockFormat().headingLevel() == 0 || b.blockFormat().pageBreakPolicy() != QTextFormat::PageBreak_Auto)
                continue;
            const QTextBlock next = b.next();
            if (!next.isValid())
                continue;
            QTextBlock last = next; // what must share the heading's page
            if (QTextTable *table = QTextCursor(next).currentTable(); table && table->rows() > 0)
                last = rowBlock(table, firstBodyRow(table));
            const int page = pageOfBlock(doc, b);
            if (pageOfBlock(doc, next) != page || pageOfBlock(doc, last) != page) {
                QTextBlockFormat f = b.blockFormat();
                f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
                QTextCursor(b).setBlockFormat(f);
                moved = true;
            }
        }
        if (!moved) {
            std::vector<QTextTable *> tables;
            collectTables(doc.rootFrame(), tables);
            for (QTextTable *table : tables) {
                QTextTableFormat f = table->format();
                if (table->rows() < 2 || f.pageBreakPolicy() != QTextFormat::PageBreak_Auto)
                    continue;
                const int page = pageOfBlock(doc, rowBlock(table, 0));
                if (pageOfBlock(doc, rowBlock(table, firstBodyRow(table))) != page) {
                    f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
                    table->setFormat(f);
                    moved = true;
                    break;
                }
            }
        }
        if (!moved)
            break;
        ++added;
    }
    return added;
}

std::unique_ptr<QTextDocument> layOutReport(const ReviewReport &report, QPagedPaintDevice &device)
{
    // The layout runs at the device's resolution (it scales CSS pixels and points itself).
    auto doc = std::make_unique<QTextDocument>();
    doc->documentLayout()->setPaintDevice(&device);
    doc->setDocumentMargin(0);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(9);
    doc->setDefaultFont(font);
    addChartImages(doc.get(), report.chartsSvg);
    doc->setPageSize(QSizeF(device.width(), device.height() - footerHeight(device)));
    doc->setHtml(report.html);
    keepHeadingsWithContent(*doc);
    return doc;
}

void writePdfReport(ReviewStore &store, qint64 sessionId, const QString &path)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        throw Error(QStringLiteral("Writing a PDF needs the graphical application object"),
                    QStringLiteral("use the GUI or medtune-cli report, which provide it"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()),
                    QStringLiteral("check that the folder exists and is writable"));
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setCreator(QStringLiteral("MedTune Workbench"));

        ReviewReportOptions options;
        options.inlineCharts = false;
        const ReviewReport report = buildReviewReport(store, sessionId, options);
        writer.setTitle(report.title);
        const std::unique_ptr<QTextDocument> doc = layOutReport(report, writer);

        QPainter painter(&writer);
        QFont small = doc->defaultFont();
        small.setPointSizeF(7.5);
        const QSizeF page = doc->pageSize();
        const int pages = doc->pageCount();
        for (int p = 0; p < pages; ++p) {
            if (p > 0)
                writer.newPage();
            painter.save();
            painter.translate(0, -p * page.height());
            doc->drawContents(&painter, QRectF(0, p * page.height(), page.width(), page.height()));
            painter.restore();
            painter.setFont(small);
            painter.setPen(QColor(0x5b, 0x6b, 0x7c));
            const QRectF foot(0, page.height(), page.width(), footerHeight(writer));
            painter.drawText(foot, Qt::AlignLeft | Qt::AlignBottom, report.title);
            painter.drawText(foot, Qt::AlignRight | Qt::AlignBottom, QStringLiteral("%1 / %2").arg(p + 1).arg(pages));
        }
    }
    if (!file.commit())
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()),
                    QStringLiteral("check the free disk space"));
}

void writeAnyReport(ReviewStore &store, qint64 sessionId, const QString &format, const QString &path)
{
    if (format == QLatin1String("pdf"))
        writePdfReport(store, sessionId, path);
    else
        writeReviewReport(store, sessionId, format, path);
}

} // namespace medtune::ui
