#include "review/pdf_report_writer.h"

#include "review/review_report.h"
#include "review/review_store.h"
#include "util/error.h"

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
    ReviewReportOptions options;
    options.inlineCharts = false;
    const ReviewReport report = buildReviewReport(store, sessionId, options);

    QTextDocument doc;
    doc.setDocumentMargin(0);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(9);
    doc.setDefaultFont(font);
    addChartImages(&doc, report.chartsSvg);
    doc.setHtml(report.html);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()),
                    QStringLiteral("check that the folder exists and is writable"));
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setTitle(report.title);
        writer.setCreator(QStringLiteral("MedTune Workbench"));
        doc.print(&writer);
    }
    if (!file.commit())
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()), QStringLiteral("check the free disk space"));
}

void writeAnyReport(ReviewStore &store, qint64 sessionId, const QString &format, const QString &path)
{
    if (format == QLatin1String("pdf"))
        writePdfReport(store, sessionId, path);
    else
        writeReviewReport(store, sessionId, format, path);
}

} // namespace medtune::ui
