#include "review/reports_page.h"

#include "review/pdf_report_writer.h"
#include "review/review_database.h"
#include "review/review_report.h"
#include "review/review_store.h"
#include "util/error.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPalette>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace medtune::ui {

ReportsPage::ReportsPage(Workspace &workspace, QWidget *parent, std::shared_ptr<ReviewDatabase> reviewServer)
    : QWidget(parent)
    , m_server(std::move(reviewServer))
    , m_store(m_server ? std::make_unique<ReviewStore>(*m_server) : std::make_unique<ReviewStore>(workspace))
{
    setObjectName(QStringLiteral("reportsPage"));
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Session"), this));
    m_sessions = new QComboBox(this);
    m_sessions->setObjectName(QStringLiteral("reportSessionCombo"));
    m_sessions->setMinimumWidth(220);
    bar->addWidget(m_sessions);
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    bar->addWidget(refreshButton);
    bar->addStretch(1);
    bar->addWidget(new QLabel(tr("Export:"), this));
    const std::pair<QString, QString> formats[] = { { QStringLiteral("html"), tr("HTML") },
                                                    { QStringLiteral("pdf"), tr("PDF") },
                                                    { QStringLiteral("csv"), tr("CSV") },
                                                    { QStringLiteral("json"), tr("JSON") } };
    for (const auto &[format, label] : formats) {
        auto *b = new QPushButton(label, this);
        b->setToolTip(tr("Save the report as %1").arg(label));
        connect(b, &QPushButton::clicked, this, [this, format = format] { exportWithDialog(format); });
        bar->addWidget(b);
    }
    layout->addLayout(bar);
    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("reportView"));
    m_view->setOpenLinks(false);

    layout->addWidget(m_view, 1);
    m_status = new QLabel(this);
    layout->addWidget(m_status);
    connect(refreshButton, &QPushButton::clicked, this, &ReportsPage::refresh);
    connect(m_sessions, &QComboBox::activated, this, [this] { showSession(m_sessions->currentData().toLongLong()); });
    refresh();
}

ReportsPage::~ReportsPage() = default;

void ReportsPage::refresh()
{
    const qint64 current = m_sessions->currentData().toLongLong();
    m_sessions->clear();
    const std::vector<ReviewSession> sessions = m_store->sessions();
    for (auto it = sessions.rbegin(); it != sessions.rend(); ++it)
        m_sessions->addItem(tr("%1 (%2)").arg(it->name, it->task), it->id);
    const int index = m_sessions->findData(current);
    m_sessions->setCurrentIndex(index >= 0 ? index : 0);
    if (sessions.empty()) {
        m_view->setPalette(palette());
        m_view->setHtml(
            tr("<h3>No review sessions yet</h3><p>Reports with automatic metrics, clinician ratings, agreement "
               "between reviewers and examples appear here once outputs are imported and judged.</p>"));
        return;
    }
    showSession(m_sessions->currentData().toLongLong());
}

void ReportsPage::showSession(qint64 sessionId)
{
    try {
        ReviewReportOptions options;
        options.inlineCharts = false;
        const ReviewReport report = buildReviewReport(*m_store, sessionId, options);
        auto *doc = m_view->document();
        addChartImages(doc, report.chartsSvg);
        // A report is a document with its own (print) colours: shown on white paper in any theme.
        QPalette paper = palette();
        paper.setColor(QPalette::Base, Qt::white);
        paper.setColor(QPalette::Text, Qt::black);
        m_view->setPalette(paper);
        m_view->setHtml(report.html);
        m_status->setText(
            tr("%1 items, %2 reviewers").arg(report.analysis.items).arg(report.analysis.reviewers.size()));
    } catch (const Error &e) {
        m_view->setPlainText(e.fullMessage());
    }
}

QString ReportsPage::exportReport(const QString &format, const QString &path)
{
    const qint64 sessionId = m_sessions->currentData().toLongLong();
    if (!sessionId)
        return tr("There is no session to report on.");
    try {
        writeAnyReport(*m_store, sessionId, format, path);
    } catch (const Error &e) {
        return e.fullMessage();
    }
    m_status->setText(tr("Saved %1").arg(path));
    return {};
}

void ReportsPage::exportWithDialog(const QString &format)
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export report"), QStringLiteral("review-report.%1").arg(format),
                                       tr("%1 files (*.%2)").arg(format.toUpper(), format));
    if (path.isEmpty())
        return;
    const QString error = exportReport(format, path);
    if (!error.isEmpty())
        m_status->setText(tr("Export failed: %1").arg(error));
}

} // namespace medtune::ui
