// The Datasets page offscreen: import through the dialog's own code path (detected format,
// column mapping, preview, background import, report with file:line), the lazy record
// table and its filters against counts computed independently from the dataset files,
// the record detail and the statistics plots.
#include "data/dataset_file.h"
#include "data/dataset_store.h"
#include "datasets/datasets_page.h"
#include "datasets/import_dialog.h"
#include "datasets/record_table_model.h"
#include "qcustomplot_include.h"
#include "test_support.h"
#include "text/tokenized_cache.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

namespace {

QString samplePath(const QString &relative)
{
    return QStringLiteral(MEDTUNE_SOURCE_DIR "/resources/samples/") + relative;
}

/// Imports through the dialog as a user would (minus the modal exec) and waits for it.
bool importThroughDialog(ui::ImportDialog *dialog)
{
    QSignalSpy done(dialog, &ui::ImportDialog::importFinished);
    dialog->startImport();
    if (!done.wait(60000))
        return false;
    return done.first().first().toBool();
}

bool waitForFilter(ui::RecordTableModel *model)
{
    if (!model->isScanning())
        return true;
    QSignalSpy done(model, &ui::RecordTableModel::filterFinished);
    return done.wait(30000);
}

/// Counts records of a dataset folder that satisfy pred, parsing every one.
template<typename Pred> int countRecords(const QString &dir, Pred pred)
{
    auto file = DatasetFile::open(dir);
    int n = 0;
    for (qint64 i = 0; i < file->size(); ++i)
        if (pred(file->at(i)))
            ++n;
    return n;
}

QCPBars *firstBars(QCustomPlot *plot)
{
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *b = qobject_cast<QCPBars *>(plot->plottable(i)))
            return b;
    return nullptr;
}

double barsTotal(QCPBars *bars)
{
    double sum = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        sum += it->value;
    return sum;
}

} // namespace

class DatasetsPageTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void importMapFilterAndInspect()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        // The demo model's tokenizer is the statistics' default (a copy of LLaMA's stands in).
        const QString tokenizer = test::sharedDataPath(QStringLiteral("llama2-tokenizer/tokenizer.model"));
        const QString demoTokenizer = QDir(ws.modelsDir()).filePath(QStringLiteral("demo/tokenizer.model"));
        if (!tokenizer.isEmpty()) {
            QVERIFY(QDir().mkpath(QFileInfo(demoTokenizer).path()));
            QVERIFY(QFile::copy(tokenizer, demoTokenizer));
        }
        ui::DatasetsPage page(ws);
        page.resize(1280, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // Empty state first, with the action that helps.
        QVERIFY(page.findChild<QWidget *>(QStringLiteral("emptyImport"))->isVisible());
        QCOMPARE(page.recordModel()->rowCount(), 0);

        // 1. Your own CSV: detected, columns mapped, live preview, imported in the background.
        ui::ImportDialog *dialog = page.createImportDialog();
        dialog->setFiles({ samplePath(QStringLiteral("custom/discharge_notes_sample.csv")) });
        QCOMPARE(dialog->format(), DataFormat::CustomCsv);
        QVERIFY2(dialog->detectionText().contains(formatName(DataFormat::CustomCsv)),
                 qPrintable(dialog->detectionText()));
        QCOMPARE(
            dialog->columns(),
            (QStringList { QStringLiteral("note_id"), QStringLiteral("discharge_note"), QStringLiteral("summary") }));
        // Without a mapping nothing qualifies as a question or document.
        QCOMPARE(dialog->preview()->rowCount(), 0);
        dialog->setMapping(QStringLiteral("id"), QStringLiteral("note_id"));
        dialog->setMapping(QStringLiteral("document"), QStringLiteral("discharge_note"));
        QVERIFY_THROWS_EXCEPTION(UsageError, dialog->setMapping(QStringLiteral("id"), QStringLiteral("nope")));
        QCOMPARE(dialog->preview()->rowCount(), ui::ImportDialog::kPreviewRecords);
        QCOMPARE(dialog->preview()->item(0, 0)->text(), QStringLiteral("DN-1000"));
        QCOMPARE(dialog->preview()->item(0, 2)->text(), QStringLiteral("summarization"));
        QVERIFY(importThroughDialog(dialog));
        dialog->grab().save(QDir(test::artefactDir()).filePath(QStringLiteral("import-dialog.png")));
        const DatasetInfo notes = dialog->result()->dataset;
        QVERIFY(notes.exampleCount > 20);
        QVERIFY2(dialog->reportText().contains(QStringLiteral("Imported")), qPrintable(dialog->reportText()));

        // The page followed: the dataset is listed and shown lazily.
        QCOMPARE(page.datasets().size(), 1);
        QVERIFY(page.findChild<QTableView *>(QStringLiteral("recordTable"))->isVisible());
        QCOMPARE(page.recordModel()->rowCount(), int(notes.exampleCount));
        QCOMPARE(page.currentDataset()->id, notes.id);
        page.showRecord(0);
        QVERIFY(page.detailText().contains(QStringLiteral("DN-1000")));

        // 2. A malformed file: the report names file and line of each skipped record.
        ui::ImportDialog *bad = page.createImportDialog();
        bad->setFiles({ test::testDataPath(QStringLiteral("malformed/custom_malformed.csv")) });
        bad->setMapping(QStringLiteral("document"), QStringLiteral("note"));
        QCOMPARE(bad->preview()->rowCount(), 2);
        QVERIFY(importThroughDialog(bad));
        const QString report = bad->reportText();
        QVERIFY2(report.contains(QStringLiteral("custom_malformed.csv:5: bad row: expected 4 columns, found 2")),
                 qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("custom_malformed.csv:6 [c4]: invalid value")), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("custom_malformed.csv:7 [c5]: missing field")), qPrintable(report));
        QCOMPARE(bad->result()->reports.first().skippedTotal(), 3);
        QCOMPARE(page.datasets().size(), 2);

        // 3. PubMedQA (labels): split, label and text filters against independent counts.
        ui::ImportDialog *pqa = page.createImportDialog();
        pqa->setFiles({ samplePath(QStringLiteral("pubmedqa/ori_pqal_sample.json")) });
        QCOMPARE(pqa->format(), DataFormat::PubMedQaOfficial);
        QVERIFY(pqa->preview()->rowCount() > 0);
        QVERIFY(importThroughDialog(pqa));
        const DatasetInfo info = pqa->result()->dataset;
        QCOMPARE(page.currentDataset()->id, info.id);
        ui::RecordTableModel *model = page.recordModel();
        QCOMPARE(model->rowCount(), int(info.exampleCount));

        auto *splitFilter = page.findChild<QComboBox *>(QStringLiteral("splitFilter"));
        splitFilter->setCurrentIndex(splitFilter->findData(QStringLiteral("test")));
        QVERIFY(waitForFilter(model));
        const int tests
            = countRecords(info.storageDir, [](const Example &e) { return e.split == QStringLiteral("test"); });
        QVERIFY(tests > 0 && tests < info.exampleCount);
        QCOMPARE(model->rowCount(), tests);
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->record(r).split, QStringLiteral("test"));
        splitFilter->setCurrentIndex(0);
        QVERIFY(waitForFilter(model));
        QCOMPARE(model->rowCount(), int(info.exampleCount));

        auto *labelFilter = page.findChild<QComboBox *>(QStringLiteral("labelFilter"));
        const int no = labelFilter->findData(QStringLiteral("no"));
        QVERIFY(no > 0);
        labelFilter->setCurrentIndex(no);
        QVERIFY(waitForFilter(model));
        const int noCount = countRecords(info.storageDir, [](const Example &e) {
            return e.meta.value(QStringLiteral("decision")).toString() == QStringLiteral("no");
        });
        QVERIFY(noCount > 0);
        QCOMPARE(model->rowCount(), noCount);
        labelFilter->setCurrentIndex(0);
        QVERIFY(waitForFilter(model));

        // Text: typed into the search box (debounced), scanned in the background.
        const QString word = QStringLiteral("patients");
        const int withWord = countRecords(info.storageDir, [&](const Example &e) {
            for (const QString &s : { e.id, e.question, e.context, e.document, e.answer })
                if (s.contains(word, Qt::CaseInsensitive))
                    return true;
            return false;
        });
        QVERIFY(withWord > 0 && withWord < info.exampleCount);
        auto *search = page.findChild<QLineEdit *>(QStringLiteral("recordSearch"));
        QSignalSpy filtered(model, &ui::RecordTableModel::filterFinished);
        QTest::keyClicks(search, word);
        QVERIFY(filtered.wait(10000));
        QCOMPARE(model->rowCount(), withWord);
        search->clear();
        QVERIFY(filtered.wait(10000));
        QCOMPARE(model->rowCount(), int(info.exampleCount));

        // Statistics: the label plot's bars are the import's label counts.
        QCPBars *labels = firstBars(page.labelPlot());
        QVERIFY(labels);
        const QJsonObject decisions
            = info.stats.value(QStringLiteral("labels")).toObject().value(QStringLiteral("decision")).toObject();
        double expected = 0;
        for (const QString &k : decisions.keys())
            expected += decisions.value(k).toDouble();
        QCOMPARE(barsTotal(labels), expected);
        QCOMPARE(labels->data()->size(), decisions.size());

        // Token lengths under the LLaMA tokenizer: one histogram entry per formatted record.
        if (!tokenizer.isEmpty()) {
            QCOMPARE(page.tokenizerPath(), demoTokenizer);
            QSignalSpy ready(&page, &ui::DatasetsPage::statisticsReady);
            page.computeTokenStatistics();
            QVERIFY(ready.wait(60000));
            QCPBars *prompt = firstBars(page.promptLengthPlot());
            QCPBars *answer = firstBars(page.answerLengthPlot());
            QVERIFY(prompt && answer);
            QCOMPARE(barsTotal(prompt), double(info.exampleCount)); // all labelled, all fit 1024
            QCOMPARE(barsTotal(answer), double(info.exampleCount));
            QVERIFY2(
                page.truncationText().contains(QStringLiteral("%1 of %1 records formatted").arg(info.exampleCount)),
                qPrintable(page.truncationText()));
        }

        // Enter on a record asks for it in the Format section.
        page.tabs()->setCurrentIndex(0);
        QSignalSpy toFormat(&page, &ui::DatasetsPage::formatRequested);
        page.recordTable()->setFocus();
        page.recordTable()->setCurrentIndex(model->index(2, ui::RecordTableModel::Id));
        QTest::keyClick(page.recordTable(), Qt::Key_Return);
        QCOMPARE(toFormat.size(), 1);
        QCOMPARE(toFormat.first().at(0).toLongLong(), info.id);
        QCOMPARE(toFormat.first().at(1).toLongLong(), qint64(2));
        page.recordTable()->selectRow(2);
        QTest::qWait(50);
        const QImage shot = page.grab().toImage();
        QVERIFY(!shot.isNull());
        shot.save(QDir(test::artefactDir()).filePath(QStringLiteral("datasets.png")));
        page.tabs()->setCurrentIndex(1);
        QTest::qWait(50);
        page.grab().toImage().save(QDir(test::artefactDir()).filePath(QStringLiteral("datasets-statistics.png")));
    }

    // The import dialog shows the split each file's name gives and lets the user override it
    // per file; the override reaches the import.
    void splitPerFileInTheImportDialog()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        ui::DatasetsPage page(ws);
        const QString test = tmp.filePath(QStringLiteral("MEDIQA2019-Task3-QA-TestSet-wLabels.xml"));
        QVERIFY(QFile::copy(samplePath(QStringLiteral("mediqa/mediqa_qa_sample.xml")), test));
        const QString extra = tmp.filePath(QStringLiteral("more-questions.xml"));
        {
            QFile f(extra);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("<?xml version=\"1.0\"?>\n<MEDIQA2019-Task3-QA>\n");
            for (int i = 0; i < 6; ++i)
                f.write(
                    QStringLiteral("<Question QID=\"X%1\"><QuestionText>Extra question %1 about gout?</QuestionText>"
                                   "<AnswerList><Answer AID=\"X%1_1\" SystemRank=\"1\" ReferenceRank=\"1\" "
                                   "ReferenceScore=\"4\"><AnswerText>Answer %1.</AnswerText></Answer></AnswerList>"
                                   "</Question>\n")
                        .arg(i)
                        .toUtf8());
            f.write("</MEDIQA2019-Task3-QA>\n");
        }
        ui::ImportDialog *dialog = page.createImportDialog();
        dialog->setFiles({ test, extra });
        QCOMPARE(dialog->fileNameSplitText(test), QStringLiteral("test (\"TestSet\")"));
        QCOMPARE(dialog->fileNameSplitText(extra), QStringLiteral("no split (records split by seed)"));
        auto *combo = dialog->findChild<QComboBox *>(QStringLiteral("fileSplit1"));
        QVERIFY(combo);
        combo->setFocus();
        combo->setCurrentIndex(combo->findData(QStringLiteral("validation")));
        QCOMPARE(dialog->fileSplit(extra), QStringLiteral("validation"));
        QVERIFY(importThroughDialog(dialog));
        const DatasetInfo info = dialog->result()->dataset;
        QCOMPARE(countRecords(info.storageDir,
                              [](const Example &e) { return e.id.startsWith(u'X') && e.split == u"validation"; }),
                 6);
        QCOMPARE(countRecords(info.storageDir,
                              [](const Example &e) { return !e.id.startsWith(u'X') && e.split != u"test"; }),
                 0);
        QVERIFY2(dialog->reportText().contains(QStringLiteral("split 'validation' chosen for this file by the user")),
                 qPrintable(dialog->reportText()));
        QVERIFY2(dialog->reportText().contains(QStringLiteral("split 'test' from the word 'TestSet' of the file name")),
                 qPrintable(dialog->reportText()));
    }

    void tableIsLazy()
    {
        // A large dataset: the table shows every row but parses only what is on screen.
        // MEDTUNE_BENCH_ROWS raises the size by hand (e.g. 100000) and prints timings.
        const int rows = qEnvironmentVariableIntValue("MEDTUNE_BENCH_ROWS") > 0
            ? qEnvironmentVariableIntValue("MEDTUNE_BENCH_ROWS")
            : 20000;
        QTemporaryDir tmp;
        const QString source = tmp.filePath(QStringLiteral("big.jsonl"));
        {
            QFile f(source);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (int i = 0; i < rows; ++i)
                f.write(QStringLiteral("{\"id\":\"q%1\",\"question\":\"Is finding %1 related to condition %2?\","
                                       "\"answer\":\"%3\"}\n")
                            .arg(i)
                            .arg(i % 97)
                            .arg(i % 3 == 0 ? QStringLiteral("yes") : QStringLiteral("no"))
                            .toUtf8());
        }
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        ui::DatasetsPage page(ws);
        page.resize(1280, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        ui::ImportDialog *dialog = page.createImportDialog();
        dialog->setFiles({ source });
        QCOMPARE(dialog->format(), DataFormat::CustomJsonl);
        QCOMPARE(dialog->preview()->rowCount(), ui::ImportDialog::kPreviewRecords);

        // Cancel: the import stops at its next progress report and leaves nothing behind.
        {
            QSignalSpy done(dialog, &ui::ImportDialog::importFinished);
            dialog->startImport();
            QVERIFY(dialog->isImporting());
            dialog->cancelImport();
            QVERIFY(done.wait(60000));
            QCOMPARE(done.first().first().toBool(), false);
            QVERIFY2(dialog->errorMessage().contains(QStringLiteral("cancelled")), qPrintable(dialog->errorMessage()));
            QVERIFY(dialog->reportText().contains(QStringLiteral("cancelled")));
            QVERIFY(DatasetStore(ws).list().isEmpty());
        }
        QElapsedTimer timer;
        timer.start();
        QVERIFY(importThroughDialog(dialog));
        const qint64 importMs = timer.elapsed();
        ui::RecordTableModel *model = page.recordModel();
        QCOMPARE(model->rowCount(), rows);

        QTableView *table = page.recordTable();
        QTest::qWait(20);
        const qint64 parsedAtTop = model->parsedCount();
        QVERIFY2(parsedAtTop > 0 && parsedAtTop < 200, qPrintable(QString::number(parsedAtTop)));
        // Jump to the end and to the middle: again only the visible rows are parsed.
        timer.restart();
        table->scrollToBottom();
        QTest::qWait(20);
        table->verticalScrollBar()->setValue(table->verticalScrollBar()->maximum() / 2);
        QTest::qWait(20);
        const qint64 scrollMs = timer.elapsed();
        QVERIFY2(model->parsedCount() < 600, qPrintable(QString::number(model->parsedCount())));
        // The last row is the last record.
        QCOMPARE(model->record(rows - 1).id, QStringLiteral("q%1").arg(rows - 1));

        // An index-only filter (split) parses nothing; a text filter scans off the GUI thread.
        const qint64 before = model->parsedCount();
        timer.restart();
        auto *splitFilter = page.findChild<QComboBox *>(QStringLiteral("splitFilter"));
        splitFilter->setCurrentIndex(splitFilter->findData(QStringLiteral("train")));
        const qint64 splitMs = timer.elapsed();
        QVERIFY(!model->isScanning());
        QVERIFY(model->rowCount() > 0 && model->rowCount() < rows);
        QTest::qWait(20);
        QVERIFY(model->parsedCount() - before < 200);
        splitFilter->setCurrentIndex(0);
        timer.restart();
        page.findChild<QLineEdit *>(QStringLiteral("recordSearch"))->setText(QStringLiteral("condition 5?"));
        QSignalSpy done(model, &ui::RecordTableModel::filterFinished);
        QVERIFY(done.wait(60000));
        const qint64 scanMs = timer.elapsed();
        int expected = 0;
        for (int i = 0; i < rows; ++i)
            expected += i % 97 == 5;
        QCOMPARE(model->rowCount(), expected);
        if (qEnvironmentVariableIsSet("MEDTUNE_BENCH_ROWS"))
            qInfo("rows %d: import %lld ms, parsed at top %lld, scroll end+middle %lld ms (parsed %lld), split filter "
                  "%lld ms, text filter (incl. 250 ms debounce) %lld ms",
                  rows, importMs, parsedAtTop, scrollMs, before, splitMs, scanMs);
    }
};

QTEST_MAIN(DatasetsPageTest)
#include "tst_datasets_page.moc"
