// The review panel offscreen: two reviewers judge four items in blind mode with the
// keyboard only; the stored judgments (mapped back through each reviewer's recorded
// left/right swaps), a marked span, flag and progress, the hidden and revealed system
// names, and the agreement all equal the expected values. Leaves screenshots of the
// panel and the Reports page, and a PDF report, in the test artefacts.
#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "review/generation_dialog.h"
#include "review/output_metrics.h"
#include "review/pdf_report_writer.h"
#include "review/reports_page.h"
#include "review/review_analysis.h"
#include "review/review_page.h"
#include "review/review_panel.h"
#include "review/review_store.h"
#include "test_support.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextEdit>
#include <QUrl>
#include <cmath>

using namespace medtune;

namespace {

struct Case
{
    const char *id;
    const char *source;
    const char *reference;
    const char *base;
    const char *tuned;
    const char *claim; ///< an unsupported claim in the base output, if any
    int claimType; ///< its span type's position in the rubric (0 fabrication, 2 causality)
};

// Short PubMedQA-style items written for this test.
const Case kCases[] = {
    { "pqa-101",
      "Question: Does early mobilisation after hip fracture surgery shorten the hospital stay?\n\nContext: In a "
      "randomised trial of 412 patients aged over 65, mobilisation within 24 hours of surgery was compared with "
      "mobilisation after 48 hours. The median length of stay was 9 days with early and 11 days with late "
      "mobilisation (p = 0.002). Rates of wound complications did not differ.",
      "yes. Early mobilisation shortened the median stay by two days without more wound complications.",
      "yes. Early mobilisation shortened the median stay by about two days; wound complications were similar.",
      "yes. Mobilisation within 24 hours shortened the median stay from 11 to 9 days; wound complications did not "
      "differ.",
      nullptr, 0 },
    { "pqa-102",
      "Question: Is daily low-dose aspirin beneficial for primary prevention in adults over 70?\n\nContext: 19,114 "
      "community-dwelling adults without cardiovascular disease were randomised to 100 mg aspirin or placebo. After "
      "4.7 years aspirin did not prolong disability-free survival and major haemorrhage was more frequent (3.8% vs "
      "2.8%).",
      "no. Aspirin did not prolong disability-free survival and increased major bleeding.",
      "No. Aspirin did not improve disability-free survival, and bleeding was more common.",
      "no. Aspirin gave no gain in disability-free survival and caused more major haemorrhage (3.8% vs 2.8%).", nullptr,
      0 },
    { "pqa-103",
      "Question: Does vitamin D supplementation reduce fractures in community-dwelling older adults?\n\nContext: A "
      "meta-analysis of 33 trials (51,145 participants) found no significant association of vitamin D, calcium or "
      "both with hip fractures compared with placebo or no treatment.",
      "no. Supplementation was not associated with fewer fractures.",
      "maybe. Results depended on the dose, and the benefit was stronger in women.",
      "no. Across 33 trials vitamin D was not associated with fewer hip fractures.",
      "the benefit was stronger in women", 0 },
    { "pqa-104",
      "Question: Does a structured handover tool reduce medication errors at shift change?\n\nContext: In a "
      "before-after study on four medical wards, the introduction of a structured handover checklist was followed by a "
      "fall in medication errors from 7.1 to 4.3 per 1000 patient-days. Staff surveys reported better clarity.",
      "yes. Medication errors fell after the checklist was introduced, though the design is before-after.",
      "Yes. The checklist reduced errors, proving that poor handovers cause most medication errors.",
      "yes. Errors fell from 7.1 to 4.3 per 1000 patient-days; a before-after design limits causal claims.",
      "proving that poor handovers cause most medication errors", 2 },
};

// Canonical intentions per item (A = base, the first system): base correctness and the
// overall preference, for each reviewer; tuned correctness is 4 throughout.
const int kBaseCorrectness[2][4] = { { 5, 4, 3, 2 }, { 5, 3, 3, 1 } };
const char *kPreference[2][4] = { { "A", "tie", "B", "B" }, { "A", "B", "B", "tie" } };
const char *kReviewers[2] = { "A.B.", "C.D." };

int caseIndex(const QString &externalId)
{
    for (int i = 0; i < 4; ++i)
        if (externalId == QLatin1String(kCases[i].id))
            return i;
    return -1;
}

void key(QWidget *w, Qt::Key k, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : w, k, mods);
}

} // namespace

class ReviewPanelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void twoReviewersBlindWithKeyboard()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        ReviewStore store(ws);
        const qint64 session = store.createSession(QStringLiteral("pubmedqa-ab"), QStringLiteral("auto"),
                                                   Rubric::clinicalDefault(), true, 20261128);
        const qint64 base = store.ensureSystem(QStringLiteral("tinyllama-base"), QStringLiteral("sha256:5f1e...b2"));
        const qint64 tuned
            = store.ensureSystem(QStringLiteral("tinyllama-lora-pqa"), QStringLiteral("sha256:5f1e...b2"),
                                 QStringLiteral("sha256:a9c4...17"), { { QStringLiteral("temperature"), 0.0 } });
        for (const Case &c : kCases) {
            const QString ref = QString::fromUtf8(c.reference);
            const qint64 item = store.ensureItem(session, QString::fromLatin1(c.id), QString::fromUtf8(c.source), ref,
                                                 { { QStringLiteral("task"), QStringLiteral("pubmedqa") },
                                                   { QStringLiteral("dataset"), QStringLiteral("pubmedqa") },
                                                   { QStringLiteral("split"), QStringLiteral("test") } });
            store.setOutput(item, base, QString::fromUtf8(c.base),
                            outputMetrics(QStringLiteral("pubmedqa"), ref, QString::fromUtf8(c.base)));
            store.setOutput(item, tuned, QString::fromUtf8(c.tuned),
                            outputMetrics(QStringLiteral("pubmedqa"), ref, QString::fromUtf8(c.tuned)));
        }

        ui::ReviewPage page(ws);
        page.resize(1440, 860);
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        ui::ReviewPanel *panel = page.panel();
        std::vector<std::vector<qint64>> orders;
        bool marked = false;

        for (int r = 0; r < 2; ++r) {
            // Identify by typing initials and pressing Enter.
            auto *reviewerEdit = page.findChild<QLineEdit *>(QStringLiteral("reviewerEdit"));
            reviewerEdit->setFocus();
            reviewerEdit->clear();
            QTest::keyClicks(reviewerEdit, QString::fromLatin1(kReviewers[r]));
            QTest::keyClick(reviewerEdit, Qt::Key_Return);
            QVERIFY(panel->isActive());
            QCOMPARE(panel->currentIndex(), 0);
            QCOMPARE(panel->itemCount(), 4);
            const Assignment assignment = store.assignment(session, panel->reviewerId());
            orders.push_back(assignment.itemOrder);
            QCOMPARE(panel->criterionCount(), 8 + 8 + 1); // 7 choices + comment per output, preference

            for (int step = 0; step < 4; ++step) {
                const ReviewItem item = store.item(panel->currentItemId());
                const int i = caseIndex(item.externalId);
                QVERIFY(i >= 0);
                const bool swapped = assignment.isSwapped(item.id);
                // Blind: no system names before submitting.
                QCOMPARE(panel->outputHeader(0), QStringLiteral("Output A"));
                QCOMPARE(panel->outputHeader(1), QStringLiteral("Output B"));
                QCOMPARE(panel->focusedCriterion(), 0);
                QCOMPARE(panel->criterionKey(0), QStringLiteral("correctness@A"));
                if (r == 1 && step == 0)
                    key(panel, Qt::Key_F); // flag the first item
                if (r == 1 && step == 1) {
                    // Skip moves on and is recorded; come back with P.
                    key(panel, Qt::Key_S);
                    QCOMPARE(panel->currentIndex(), 2);
                    QVERIFY(store.status(item.id, panel->reviewerId()).skipped);
                    key(panel, Qt::Key_P);
                    QCOMPARE(panel->currentItemId(), item.id);
                }
                if (r == 0 && step == 0) {
                    // Ctrl+F searches the source; Escape returns to the rubric keys.
                    QTest::keyClick(panel, Qt::Key_F, Qt::ControlModifier);
                    auto *search = page.findChild<QLineEdit *>(QStringLiteral("sourceSearch"));
                    QVERIFY(search->hasFocus());
                    QTest::keyClicks(search, QStringLiteral("Context"));
                    QTest::keyClick(search, Qt::Key_Return);
                    QCOMPARE(page.findChild<QTextBrowser *>(QStringLiteral("sourceView"))->textCursor().selectedText(),
                             QStringLiteral("Context"));
                    QTest::keyClick(search, Qt::Key_Escape);
                    QVERIFY(panel->hasFocus());
                }
                for (int side = 0; side < 2; ++side) {
                    const bool isBase = (side == 0) != swapped;
                    const int correctness = isBase ? kBaseCorrectness[r][i] : 4;
                    // correctness, hallucination none, omission none, verbosity right,
                    // coherence 4, abstention n/a, harm none
                    for (int digit : { correctness, 1, 1, 2, 4, 3, 1 })
                        key(panel, Qt::Key(Qt::Key_0 + digit));
                }
                QCOMPARE(panel->criterionKey(panel->focusedCriterion()), QStringLiteral("preference"));
                const QString pref = QString::fromLatin1(kPreference[r][i]);
                const QString shown = !swapped || pref == QLatin1String("tie") ? pref
                    : pref == QLatin1String("A")                               ? QStringLiteral("B")
                                                                               : QStringLiteral("A");
                key(panel,
                    shown == QLatin1String("A")       ? Qt::Key_1
                        : shown == QLatin1String("B") ? Qt::Key_2
                                                      : Qt::Key_3);
                QCOMPARE(panel->rowValue(panel->criterionCount() - 1), shown);

                if (r == 0 && kCases[i].claim && !marked) {
                    marked = true;
                    // Select the item's unsupported claim in whichever output has it and
                    // press H: a span of the chosen type and severity is stored.
                    const QString claim = QString::fromUtf8(kCases[i].claim);
                    int side = 0;
                    while (side < 2 && !panel->outputView(side)->toPlainText().contains(claim))
                        ++side;
                    QVERIFY(side < 2);
                    QTextEdit *out = panel->outputView(side);
                    const int start = int(out->toPlainText().indexOf(claim));
                    QTextCursor c(out->document());
                    c.setPosition(start);
                    c.setPosition(start + int(claim.size()), QTextCursor::KeepAnchor);
                    out->setTextCursor(c);
                    const QList<QComboBox *> combos = out->parentWidget()->findChildren<QComboBox *>();
                    combos.at(0)->setCurrentIndex(kCases[i].claimType);
                    combos.at(1)->setCurrentIndex(1); // major
                    panel->setFocus();
                    key(panel, Qt::Key_H);
                    const qint64 output = item.outputs[(side == 1) != swapped ? 1 : 0].id;
                    const std::vector<Span> spans = store.outputSpans(output, panel->reviewerId());
                    QCOMPARE(spans.size(), size_t(1));
                    QCOMPARE(spans[0].start, start);
                    QCOMPARE(spans[0].end, start + int(claim.size()));
                    QCOMPARE(spans[0].type,
                             kCases[i].claimType == 0 ? QStringLiteral("fabrication") : QStringLiteral("causality"));
                    QCOMPARE(spans[0].severity, QStringLiteral("major"));
                    // The output's hallucination rating is raised to match.
                    QCOMPARE(panel->rowValue(side * 8 + 1), QStringLiteral("major"));
                    QCOMPARE(panel->criterionKey(side * 8 + 1),
                             side == 0 ? QStringLiteral("hallucination@A") : QStringLiteral("hallucination@B"));
                    out->setTextCursor(QTextCursor(out->document()));
                    panel->setFocus();
                    const QImage shot = page.grab().toImage();
                    QVERIFY(shot.save(QDir(test::artefactDir()).filePath(QStringLiteral("review_panel.png"))));
                }
                key(panel, Qt::Key_Return, Qt::ControlModifier);
            }
            QCOMPARE(store.progress(session, panel->reviewerId()).submitted, 4);
            // Back on a submitted item the names are shown.
            key(panel, Qt::Key_P);
            QVERIFY(panel->identitiesShown());
            QVERIFY(panel->outputHeader(0).startsWith(QStringLiteral("Output A: tinyllama-")));
        }
        QVERIFY(marked);
        QVERIFY(orders[0] != orders[1]); // each reviewer has an own order

        // The stored judgments are the intended canonical values.
        const std::vector<Reviewer> reviewers = store.sessionReviewers(session);
        QCOMPARE(reviewers.size(), size_t(2));
        for (const ReviewItem &item : store.items(session)) {
            const int i = caseIndex(item.externalId);
            for (int r = 0; r < 2; ++r) {
                std::map<std::pair<qint64, QString>, QString> got;
                for (const Judgment &j : store.judgments(item.id, reviewers[size_t(r)].id))
                    got[{ j.outputId, j.criterion }] = j.value;
                const qint64 outA = item.outputs[0].id, outB = item.outputs[1].id;
                auto value = [&got](qint64 output, const char *criterion) {
                    return got[std::make_pair(output, QString::fromLatin1(criterion))];
                };
                QCOMPARE(value(outA, "correctness"), QString::number(kBaseCorrectness[r][i]));
                QCOMPARE(value(outB, "correctness"), QStringLiteral("4"));
                QCOMPARE(value(outB, "verbosity"), QStringLiteral("right"));
                QCOMPARE(value(outB, "abstention"), QStringLiteral("na"));
                QCOMPARE(value(0, "preference"), QString::fromLatin1(kPreference[r][i]));
                QCOMPARE(int(got.size()), 15);
            }
        }
        QCOMPARE(store.progress(session, reviewers[1].id).flagged, 1);
        QCOMPARE(store.progress(session, reviewers[1].id).skipped, 0); // submitting clears a skip

        // Agreement. Preference (nominal; A/A, tie/B, B/B, B/tie): po = 1/2,
        // pe = (1*1 + 2*2 + 1*1)/16 -> kappa 0.2; alpha: Do = 4/8, De = 2*(2*4 + 2*2 + 4*2)/(8*7)
        // = 5/7 -> 0.3. Correctness over the eight outputs (linear weights, 5 points):
        // Do = 0.0625, De = 0.25 -> 0.75.
        const ReviewAnalysis a = analyzeSession(store, session);
        auto agreement = [&a](const char *id) {
            return *std::find_if(a.agreement.begin(), a.agreement.end(),
                                 [id](const CriterionAgreement &g) { return g.criterion == QLatin1String(id); });
        };
        QVERIFY(std::abs(agreement("preference").kappa - 0.2) < 1e-12);
        QVERIFY(std::abs(agreement("preference").alpha - 0.3) < 1e-12);
        QVERIFY(std::abs(agreement("correctness").kappa - 0.75) < 1e-12);
        QCOMPARE(agreement("correctness").units, 8);
        QCOMPARE(a.winRates.size(), size_t(1));
        QCOMPARE(a.winRates[0].winsA, 2);
        QCOMPARE(a.winRates[0].winsB, 4);
        QCOMPARE(a.winRates[0].ties, 2);

        // The Reports page shows the session; the PDF report is written.
        ui::ReportsPage reports(ws);
        reports.resize(1100, 860);
        reports.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reports));
        QVERIFY(reports.view()->toPlainText().contains(QStringLiteral("Agreement between reviewers")));
        QVERIFY(reports.view()->toPlainText().contains(QStringLiteral("tinyllama-lora-pqa")));
        // The charts are there as images (QTextBrowser cannot show inline SVG).
        const QVariant chart
            = reports.view()->document()->resource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart-0.png")));
        QVERIFY(chart.isValid() && !chart.value<QImage>().isNull());
        QVERIFY(reports.grab().toImage().save(QDir(test::artefactDir()).filePath(QStringLiteral("reports_page.png"))));
        const QString pdf = QDir(test::artefactDir()).filePath(QStringLiteral("review_report.pdf"));
        QCOMPARE(reports.exportReport(QStringLiteral("pdf"), pdf), QString());
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(5) == "%PDF-");
        QVERIFY(QFileInfo(pdf).size() > 10000);
    }

    void openSessionWithOneOutput()
    {
        // An open (not blind) summary session with a single system: names are shown from
        // the start, output B is hidden, summary criteria appear, no preference.
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        ReviewStore store(ws);
        const qint64 session = store.createSession(QStringLiteral("notes"), QStringLiteral("summary"),
                                                   Rubric::clinicalDefault(), false, 1);
        const qint64 sys = store.ensureSystem(QStringLiteral("lora-sum"));
        for (int i = 0; i < 2; ++i) {
            const qint64 item
                = store.ensureItem(session, QStringLiteral("n%1").arg(i), QStringLiteral("Discharge note %1").arg(i),
                                   QStringLiteral("Summary %1").arg(i));
            store.setOutput(item, sys, QStringLiteral("Generated summary %1").arg(i), {});
        }
        ui::ReviewPanel panel(store);
        panel.resize(1200, 800);
        panel.show();
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        panel.start(session, QStringLiteral("EF"));
        QCOMPARE(panel.itemCount(), 2);
        QCOMPARE(panel.currentItemId(), store.items(session)[0].id); // natural order
        QCOMPARE(panel.criterionCount(), 10); // 9 choices + comment, no preference
        QCOMPARE(panel.outputHeader(0), QStringLiteral("Output A: lora-sum"));
        QVERIFY(!panel.outputView(1)->isVisible());
        QVERIFY(panel.identitiesShown());
        // correctness 3, then down to the comment (after 9 choices), type, Enter saves.
        QTest::keyClick(&panel, Qt::Key_3);
        for (int i = 1; i < 9; ++i)
            QTest::keyClick(&panel, Qt::Key_Down);
        QCOMPARE(panel.criterionKey(panel.focusedCriterion()), QStringLiteral("comment@A"));
        QWidget *comment = QApplication::focusWidget();
        QVERIFY(qobject_cast<QLineEdit *>(comment));
        QTest::keyClicks(comment, QStringLiteral("Misses the 2 new drugs"));
        QTest::keyClick(comment, Qt::Key_Return);
        QVERIFY(panel.hasFocus());
        const qint64 item = panel.currentItemId();
        std::map<QString, QString> got;
        for (const Judgment &j : store.judgments(item, panel.reviewerId()))
            got[j.criterion] = j.value;
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[QStringLiteral("correctness")], QStringLiteral("3"));
        QCOMPARE(got[QStringLiteral("comment")], QStringLiteral("Misses the 2 new drugs")); // digits typed, not scored
        QTest::keyClick(&panel, Qt::Key_N);
        QCOMPARE(panel.currentIndex(), 1);
        QTest::keyClick(&panel, Qt::Key_P);
        QCOMPARE(panel.rowValue(0), QStringLiteral("3")); // reloaded from the database
    }

    // The "Generate outputs" dialog: inline validation, then a real generation job on a
    // tiny model over a sample dataset's test split, stored into a session the page selects.
    void generationDialogFillsASession()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        importBundledSamples(ws);
        const QString model = test::makeTinyModelFolder(tmp.path());
        ui::ReviewPage page(ws);
        QCOMPARE(page.currentSessionId(), 0);
        ui::GenerationDialog *dialog = page.createGenerationDialog();
        dialog->setModelDir(tmp.filePath(QStringLiteral("nowhere")));
        QVERIFY(dialog->validationMessage().contains(QStringLiteral("config.json")));
        dialog->setModelDir(model);
        QCOMPARE(dialog->validationMessage(), QStringLiteral("Tick at least one dataset.")); // none ticked
        auto *generate = dialog->findChild<QPushButton *>(QStringLiteral("generateButton"));
        QVERIFY(generate && !generate->isEnabled());
        const QString dataset = QStringLiteral("Sample PubMedQA (official files)");
        dialog->setDatasetChecked(dataset, true);
        dialog->setBaseChecked(false);
        QVERIFY(dialog->validationMessage().contains(QStringLiteral("base model or at least one adapter")));
        dialog->setBaseChecked(true);
        dialog->setLimit(3);
        dialog->setMaxNewTokens(4);
        dialog->setSessionName(QStringLiteral("from the dialog"));
        QVERIFY2(dialog->validationMessage().isEmpty(), qPrintable(dialog->validationMessage()));
        QVERIFY(generate->isEnabled());

        const GenerationJobSpec spec = dialog->spec();
        QCOMPARE(spec.datasets, QStringList { dataset });
        QCOMPARE(spec.split, QStringLiteral("test"));
        QCOMPARE(int(spec.systems.size()), 1);
        QCOMPARE(spec.systems[0].name, QStringLiteral("base"));
        QVERIFY(spec.sampling.greedy);
        QCOMPARE(spec.sampling.maxNewTokens, 4);

        QSignalSpy finished(dialog, &ui::GenerationDialog::generationFinished);
        QTest::mouseClick(generate, Qt::LeftButton);
        QVERIFY(dialog->isGenerating());
        QVERIFY(!generate->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(dialog->statusText()));
        const qint64 sessionId = finished.first().at(1).toLongLong();
        QVERIFY(sessionId > 0);
        QCOMPARE(page.currentSessionId(), sessionId);

        // The session holds what the job reported: 3 items, one base output each, for
        // records of the test split.
        ReviewStore store(ws);
        QCOMPARE(store.session(sessionId)->name, QStringLiteral("from the dialog"));
        const auto items = store.items(sessionId);
        QCOMPARE(int(items.size()), 3);
        QCOMPARE(dialog->result().items, 3);
        QCOMPARE(dialog->result().outputsPerSystem.value(QStringLiteral("base")).toInt(), 3);
        for (const ReviewItem &item : items) {
            QCOMPARE(int(item.outputs.size()), 1);
            QCOMPARE(item.metadata.value(QStringLiteral("split")).toString(), QStringLiteral("test"));
        }
        QVERIFY(dialog->statusText().contains(QStringLiteral("from the dialog")));
        delete dialog;
    }
};

QTEST_MAIN(ReviewPanelTest)
#include "tst_review_panel.moc"
