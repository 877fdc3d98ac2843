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
#include <QTextDocument>
#include <QUrl>

namespace medtune::ui {

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

        // The layout runs at the writer's resolution (it scales CSS pixels and points itself).
        ReviewReportOptions options;
        options.inlineCharts = false;
        const ReviewReport report = buildReviewReport(store, sessionId, options);
        writer.setTitle(report.title);

        QTextDocument doc;
        doc.documentLayout()->setPaintDevice(&writer);
        doc.setDocumentMargin(0);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(9);
        doc.setDefaultFont(font);
        addChartImages(&doc, report.chartsSvg);
        const double footer = writer.logicalDpiY() * 0.3;
        const QSizeF page(writer.width(), writer.height() - footer);
        doc.setPageSize(page);
        doc.setHtml(report.html);

        QPainter painter(&writer);
        QFont small = font;
        small.setPointSizeF(7.5);
        const int pages = doc.pageCount();
        for (int p = 0; p < pages; ++p) {
            if (p > 0)
                writer.newPage();
            painter.save();
            painter.translate(0, -p * page.height());
            doc.drawContents(&painter, QRectF(0, p * page.height(), page.width(), page.height()));
            painter.restore();
            painter.setFont(small);
            painter.setPen(QColor(0x5b, 0x6b, 0x7c));
            const QRectF foot(0, page.height(), page.width(), footer);
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
