// The review report a clinician hands on: the summary leads (what was compared, by whom,
// headline ratings equal to an independent count from the store, preference, agreement,
// hallucination findings), hashes are short and settings readable in the appendix, and
// the PDF's pages keep every heading with what follows it and every table's header with
// its first row. Leaves the PDF in the test artefacts.
#include "review/output_metrics.h"
#include "review/pdf_report_writer.h"
#include "review/review_report.h"
#include "review/review_store.h"
#include "review/rubric.h"
#include "test_support.h"
#include "workspace/workspace.h"

#include <QAbstractTextDocumentLayout>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <map>

using namespace medtune;

namespace {

const QString kModelHash = QStringLiteral("3f9a1c0d5be27e4481d6a0c3f2b9e8d7c6a5b4f3e2d1c0b9a8f7e6d5c4b3a291");
const QString kAdapterHash = QStringLiteral("a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00");

/// Twelve PubMedQA-like items answered by a base model and its LoRA-tuned version, rated
/// by two clinicians with a fixed pattern, a few hallucination spans marked.
struct Session
{
    QTemporaryDir tmp;
    Workspace ws { tmp.path() };
    ReviewStore store { ws };
    qint64 id = 0;

    Session()
    {
        id = store.createSession(QStringLiteral("pqa-base-vs-tuned"), QStringLiteral("qa"), Rubric::clinicalDefault(),
                                 true, 7);
        const QJsonObject settings { { QStringLiteral("temperature"), 0.7 },
                                     { QStringLiteral("top_p"), 0.9 },
                                     { QStringLiteral("max_new_tokens"), 256 },
                                     { QStringLiteral("stop"), QJsonArray { QStringLiteral("###") } },
                                     { QStringLiteral("template"), QStringLiteral("default") } };
        const qint64 base = store.ensureSystem(QStringLiteral("base"), kModelHash, {}, settings);
        const qint64 tuned = store.ensureSystem(QStringLiteral("tuned-lora"), kModelHash, kAdapterHash, settings);
        const qint64 r1 = store.ensureReviewer(QStringLiteral("Dr A. Berg"));
        const qint64 r2 = store.ensureReviewer(QStringLiteral("Dr C. Diaz"));
        const QStringList halluc = { QStringLiteral("none"), QStringLiteral("minor"), QStringLiteral("major") };
        const QStringList harm = { QStringLiteral("none"), QStringLiteral("mild"), QStringLiteral("severe") };
        const QStringList pref
            = { QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("B"), QStringLiteral("tie") };
        for (int i = 0; i < 12; ++i) {
            const QString ref
                = QStringLiteral("Yes. In this cohort the intervention reduced readmissions (item %1).").arg(i);
            QString source = QStringLiteral("Question: Does early mobilisation after surgery reduce readmission "
                                            "(case %1)?\nContext: ")
                                 .arg(i);
            for (int k = 0; k < 12; ++k)
                source += QStringLiteral("Patients were followed for 90 days after discharge; outcomes were "
                                         "recorded by nurses blinded to allocation. ");
            const qint64 item = store.ensureItem(id, QStringLiteral("pqa-%1").arg(100 + i), source, ref,
                                                 { { QStringLiteral("dataset"), QStringLiteral("Sample PubMedQA") },
                                                   { QStringLiteral("split"), QStringLiteral("test") } });
            const QString baseOut
                = QStringLiteral("Maybe. The study reports a 50% fall in mortality and no effect on readmission.");
            const QString tunedOut = QStringLiteral("Yes. Early mobilisation reduced readmissions in this cohort.");
            store.setOutput(item, base, baseOut, outputMetrics(QStringLiteral("qa"), ref, baseOut));
            store.setOutput(item, tuned, tunedOut, outputMetrics(QStringLiteral("qa"), ref, tunedOut));
            const ReviewItem it = store.item(item);
            for (int r = 0; r < 2; ++r) {
                const qint64 reviewer = r == 0 ? r1 : r2;
                for (int s = 0; s < 2; ++s) {
                    const qint64 out = it.outputs[size_t(s)].id;
                    store.setJudgment(item, out, reviewer, QStringLiteral("correctness"),
                                      QString::number((i * 7 + s * 3 + r) % 5 + 1));
                    store.setJudgment(item, out, reviewer, QStringLiteral("hallucination"),
                                      halluc[(i + 2 * s + r) % 3]);
                    store.setJudgment(item, out, reviewer, QStringLiteral("harm"), harm[(i * s + r) % 4 % 3]);
                }
                store.setJudgment(item, 0, reviewer, QStringLiteral("preference"), pref[(i + r) % 4]);
                store.setSubmitted(item, reviewer, true);
            }
            if (i % 4 == 0) {
                const int start = int(baseOut.indexOf(QStringLiteral("a 50% fall in mortality")));
                store.addSpan({ 0, it.outputs[0].id, r1, start, start + 23, QStringLiteral("fabrication"),
                                QStringLiteral("major") });
                const int neg = int(baseOut.indexOf(QStringLiteral("no effect")));
                store.addSpan(
                    { 0, it.outputs[0].id, r2, neg, neg + 9, QStringLiteral("negation"), QStringLiteral("minor") });
            }
        }
    }
};

/// The section of the HTML between a heading and the next <h2>.
QString section(const QString &html, const QString &heading)
{
    const qsizetype start = html.indexOf(heading);
    if (start < 0)
        return {};
    const qsizetype end = html.indexOf(QStringLiteral("<h2"), start + heading.size());
    return html.mid(start, end < 0 ? -1 : end - start);
}

QTextBlock findHeading(const QTextDocument &doc, const QString &text)
{
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
        if (b.blockFormat().headingLevel() > 0 && b.text() == text)
            return b;
    return {};
}

std::vector<QTextTable *> tablesOf(const QTextDocument &doc)
{
    std::vector<QTextTable *> tables;
    std::function<void(QTextFrame *)> walk = [&](QTextFrame *frame) {
        for (QTextFrame *child : frame->childFrames()) {
            if (auto *t = qobject_cast<QTextTable *>(child))
                tables.push_back(t);
            walk(child);
        }
    };
    walk(doc.rootFrame());
    return tables;
}

QTextBlock cellBlock(QTextTable *t, int row)
{
    return t->cellAt(row, 0).firstCursorPosition().block();
}

/// Every heading shares its page with what follows it (a table: its first body row), and
/// every table's header row shares its page with the first body row.
void verifyKeptTogether(const QTextDocument &doc)
{
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        if (b.blockFormat().headingLevel() == 0 || !b.next().isValid())
            continue;
        QTextBlock last = b.next();
        if (QTextTable *t = QTextCursor(last).currentTable(); t && t->rows() > 1)
            last = cellBlock(t, std::max(1, t->format().headerRowCount()));
        QVERIFY2(
            ui::pageOfBlock(doc, b) == ui::pageOfBlock(doc, last),
            qPrintable(QStringLiteral("heading \"%1\" ends page %2").arg(b.text()).arg(ui::pageOfBlock(doc, b) + 1)));
    }
    for (QTextTable *t : tablesOf(doc)) {
        if (t->rows() < 2)
            continue;
        const int header = std::max(1, t->format().headerRowCount());
        QVERIFY2(
            ui::pageOfBlock(doc, cellBlock(t, 0)) == ui::pageOfBlock(doc, cellBlock(t, header)),
            qPrintable(
                QStringLiteral("the table headed \"%1\" is parted from its first row").arg(cellBlock(t, 0).text())));
    }
}

} // namespace

class ReviewReportTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summaryLeadsWithHeadlineFigures()
    {
        Session s;
        const ReviewReport report = buildReviewReport(s.store, s.id);
        const QString &html = report.html;

        // Order: summary, then the detailed results, then the provenance appendix.
        const QStringList order = { QStringLiteral("<h2>Summary</h2>"),
                                    QStringLiteral(">Automatic metrics</h2>"),
                                    QStringLiteral("<h2>Clinician ratings</h2>"),
                                    QStringLiteral("<h2>Overall preference</h2>"),
                                    QStringLiteral("<h2>Agreement between reviewers</h2>"),
                                    QStringLiteral("<h2>Examples</h2>"),
                                    QStringLiteral(">Appendix: provenance</h2>") };
        qsizetype at = html.indexOf(QStringLiteral("<h1>"));
        QVERIFY(at >= 0);
        for (const QString &h : order) {
            const qsizetype next = html.indexOf(h);
            QVERIFY2(next > at, qPrintable(h));
            at = next;
        }

        // The headline figures, counted here independently from the stored judgments.
        std::map<qint64, QString> systemOfOutput;
        std::map<qint64, std::pair<qint64, qint64>> outputsOfItem; // canonical A, B
        for (const ReviewItem &it : s.store.items(s.id)) {
            for (const ReviewOutput &o : it.outputs)
                systemOfOutput[o.id] = o.systemName;
            outputsOfItem[it.id] = { it.outputs[0].id, it.outputs[1].id };
        }
        std::map<QString, double> correctnessSum;
        std::map<QString, int> rated, anyHalluc, majorHalluc, harmed, harmRated;
        int winsBase = 0, winsTuned = 0, ties = 0;
        for (const Judgment &j : s.store.judgments(s.id)) {
            const QString system = systemOfOutput[j.outputId];
            if (j.criterion == QLatin1String("correctness")) {
                correctnessSum[system] += j.value.toInt();
                ++rated[system];
            } else if (j.criterion == QLatin1String("hallucination")) {
                anyHalluc[system] += j.value != QLatin1String("none");
                majorHalluc[system] += j.value == QLatin1String("major");
            } else if (j.criterion == QLatin1String("harm")) {
                harmed[system] += j.value != QLatin1String("none");
                ++harmRated[system];
            } else if (j.criterion == QLatin1String("preference")) {
                // A is the item's first output, which is base's (the lower system id).
                winsBase += j.value == QLatin1String("A");
                winsTuned += j.value == QLatin1String("B");
                ties += j.value == QLatin1String("tie");
            }
        }
        const QString summary = section(html, QStringLiteral("<h2>Summary</h2>"));
        QVERIFY(!summary.isEmpty());
        QVERIFY(summary.contains(QStringLiteral("<b>base</b> and <b>tuned-lora</b>")));
        QVERIFY(summary.contains(QStringLiteral("on 12 question-answering items from Sample PubMedQA / test")));
        QVERIFY(summary.contains(QStringLiteral("Dr A. Berg (12 of 12 items) and Dr C. Diaz (12 of 12 items)")));
        for (const QString &system : { QStringLiteral("base"), QStringLiteral("tuned-lora") }) {
            QCOMPARE(rated[system], 24);
            const QString mean = QString::number(correctnessSum[system] / rated[system], 'f', 2);
            QVERIFY2(summary.contains(QStringLiteral("<b>%1</b> (24 ratings)").arg(mean)), qPrintable(mean));
            const auto share = [](int part, int n) {
                return QStringLiteral("%1% (%2 of %3)").arg(qRound(100.0 * part / n)).arg(part).arg(n);
            };
            QVERIFY2(summary.contains(share(anyHalluc[system], 24)), qPrintable(share(anyHalluc[system], 24)));
            QVERIFY(summary.contains(share(majorHalluc[system], 24)));
            QVERIFY(summary.contains(share(harmed[system], harmRated[system])));
        }
        QCOMPARE(winsBase + winsTuned + ties, 24);
        const bool baseAhead = winsBase >= winsTuned;
        const QString preference = QStringLiteral("%1 was preferred over %2 in %3 of %4 decided comparisons")
                                       .arg(baseAhead ? QStringLiteral("base") : QStringLiteral("tuned-lora"),
                                            baseAhead ? QStringLiteral("tuned-lora") : QStringLiteral("base"))
                                       .arg(std::max(winsBase, winsTuned))
                                       .arg(winsBase + winsTuned);
        QVERIFY2(summary.contains(preference), qPrintable(preference));
        QVERIFY(summary.contains(QStringLiteral("%1 tie(s)").arg(ties)));
        // Agreement and the hallucination findings with the most severe passage quoted.
        QVERIFY(summary.contains(QStringLiteral("Krippendorff's alpha")));
        QVERIFY(
            summary.contains(QStringLiteral("base: 6 span(s) in 3 output(s): fabrication 3 (3 major), negation 3")));
        QVERIFY(summary.contains(QStringLiteral("&ldquo;a 50% fall in mortality&rdquo;")));
        QVERIFY(summary.contains(QStringLiteral("tuned-lora: none")));
        // Charts lead too: correctness, hallucination and the win rate.
        QCOMPARE(summary.count(QStringLiteral("<svg")), 3);

        // No full hash anywhere; short hashes and readable settings in the appendix.
        QVERIFY(!html.contains(QRegularExpression(QStringLiteral("[0-9a-f]{40}"))));
        QVERIFY(!summary.contains(kModelHash.left(12)));
        const QString appendix = section(html, QStringLiteral("Appendix: provenance</h2>"));
        QVERIFY(appendix.contains(QStringLiteral("model weights: %1...").arg(kModelHash.left(12))));
        QVERIFY(appendix.contains(QStringLiteral("adapter: %1...").arg(kAdapterHash.left(12))));
        QVERIFY(appendix.contains(QStringLiteral("temperature: 0.7<br/>")));
        QVERIFY(appendix.contains(QStringLiteral("stop: ###<br/>")));
        QVERIFY(!html.contains(QStringLiteral("{&quot;")) && !html.contains(QStringLiteral("{\"max_new_tokens")));
        QCOMPARE(shortHash(QStringLiteral("sha256:") + kModelHash), QStringLiteral("sha256:3f9a1c0d5be2..."));
        QCOMPARE(shortHash(QStringLiteral("abc")), QStringLiteral("abc"));
    }

    void pdfPagesKeepTablesWithTheirHeaders()
    {
        Session s;
        QTemporaryDir tmp;
        QFile file(tmp.filePath(QStringLiteral("layout.pdf")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter);
        writer.setResolution(300);
        ReviewReportOptions options;
        options.inlineCharts = false;
        const ReviewReport report = buildReviewReport(s.store, s.id, options);
        const std::unique_ptr<QTextDocument> doc = ui::layOutReport(report, writer);

        // Page 1 is the summary, whole; the details start on page 2; the appendix is last.
        const QTextBlock summary = findHeading(*doc, QStringLiteral("Summary"));
        const QTextBlock metrics = findHeading(*doc, QStringLiteral("Automatic metrics"));
        const QTextBlock appendix = findHeading(*doc, QStringLiteral("Appendix: provenance"));
        QVERIFY(summary.isValid() && metrics.isValid() && appendix.isValid());
        QCOMPARE(ui::pageOfBlock(*doc, summary), 0);
        QCOMPARE(ui::pageOfBlock(*doc, metrics.previous()), 0); // the summary's last line fits page 1
        QCOMPARE(ui::pageOfBlock(*doc, metrics), 1);
        QCOMPARE(ui::pageOfBlock(*doc, appendix), doc->pageCount() - 1);
        QString firstPage;
        for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
            if (ui::pageOfBlock(*doc, b) == 0)
                firstPage += b.text() + u'\n';
        QVERIFY(firstPage.contains(QStringLiteral("Correctness, mean on its 1-5 scale")));
        QVERIFY(firstPage.contains(QStringLiteral("Preference.")));
        QVERIFY(firstPage.contains(QStringLiteral("Hallucinations marked.")));
        QVERIFY(!firstPage.contains(kModelHash.left(12)));
        QVERIFY(!firstPage.contains(QStringLiteral("temperature")));
        // A sensible length: summary, details with six examples, appendix.
        QVERIFY2(doc->pageCount() >= 4 && doc->pageCount() <= 10, qPrintable(QString::number(doc->pageCount())));

        // Every table with a header row has it as a <thead>, kept with its first row.
        int headed = 0;
        for (QTextTable *t : tablesOf(*doc))
            headed += t->format().headerRowCount() > 0;
        QVERIFY(headed >= 6);
        verifyKeptTogether(*doc);

        // The PDF that is written has exactly these pages.
        const QString pdf = QDir(test::artefactDir()).filePath(QStringLiteral("review_report_summary.pdf"));
        ui::writePdfReport(s.store, s.id, pdf);
        QFile written(pdf);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray bytes = written.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QCOMPARE(int(QString::fromLatin1(bytes).count(QRegularExpression(QStringLiteral("/Type\\s*/Page[^s]")))),
                 doc->pageCount());
    }

    void headingsAndTableHeadersNeverEndAPage()
    {
        // A heading and a table pushed down line by line across a page's end: without
        // keepHeadingsWithContent some positions leave the heading or the header row
        // alone at the bottom; with it, none does.
        QTemporaryDir tmp;
        QFile file(tmp.filePath(QStringLiteral("k.pdf")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A5));
        writer.setResolution(150);
        QString table = QStringLiteral("<table><thead><tr><th>Metric</th><th>base</th></tr></thead>");
        for (int r = 0; r < 6; ++r)
            table += QStringLiteral("<tr><td>row %1</td><td>0.%1</td></tr>").arg(r);
        table += QStringLiteral("</table>");
        int orphansBefore = 0, breaks = 0;
        for (int filler = 20; filler < 90; ++filler) {
            QString html;
            for (int i = 0; i < filler; ++i)
                html += QStringLiteral("<p>Line %1 of the text before.</p>").arg(i);
            html += QStringLiteral("<h2>Automatic metrics</h2>") + table + QStringLiteral("<p>Between.</p>") + table;
            QTextDocument doc;
            doc.documentLayout()->setPaintDevice(&writer);
            doc.setPageSize(QSizeF(writer.width(), writer.height()));
            doc.setHtml(html);
            doc.pageCount();
            const QTextBlock heading = findHeading(doc, QStringLiteral("Automatic metrics"));
            const std::vector<QTextTable *> tables = tablesOf(doc);
            QCOMPARE(int(tables.size()), 2);
            QCOMPARE(tables[0]->format().headerRowCount(), 1);
            orphansBefore += ui::pageOfBlock(doc, heading) != ui::pageOfBlock(doc, cellBlock(tables[0], 1));
            orphansBefore
                += ui::pageOfBlock(doc, cellBlock(tables[1], 0)) != ui::pageOfBlock(doc, cellBlock(tables[1], 1));
            breaks += ui::keepHeadingsWithContent(doc);
            verifyKeptTogether(doc);
        }
        QVERIFY(orphansBefore >= 2); // the layout alone does leave orphans here
        QVERIFY(breaks > 0);
    }
};

QTEST_MAIN(ReviewReportTest)
#include "tst_review_report.moc"
