// The workbench end to end, offscreen, through its real widgets: the first-start setup
// (sample datasets and a tiny demo model), and what the window shows while it runs and
// after it, without navigating; then a fresh workspace with only the demo model,
// a sample file imported through the import dialog, a record's token mask opened from the
// Datasets section in Format (tokens and labels equal the formatter's), a training run
// started from the Training form with live loss and perplexity points, stopped, found in
// Runs with its metrics, a second run overlaid with it, and the Playground streaming the
// base model and the run's adapter side by side. Leaves screenshots of both pages.
#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "datasets/datasets_page.h"
#include "datasets/import_dialog.h"
#include "datasets/record_table_model.h"
#include "demo_workspace_setup.h"
#include "format/format_page.h"
#include "format/token_strip.h"
#include "generate/generator.h"
#include "main_window.h"
#include "model/llama_model.h"
#include "playground/playground_page.h"
#include "runs/run_list_model.h"
#include "runs/runs_page.h"
#include "test_support.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "train/adapter_io.h"
#include "train/run_store.h"
#include "training/metric_chart.h"
#include "training/training_page.h"
#include "util/app_settings.h"
#include "util/compute_devices.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace medtune;

namespace {

template<typename T> T *child(QWidget *parent, const char *name)
{
    T *w = parent->findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qFatal("no widget %s", name);
    return w;
}

// Screenshots go to the test artefacts and, when MEDTUNE_SCREENSHOT_DIR is set, there too.
void saveScreenshot(QWidget *w, const QString &name)
{
    const QImage shot = w->grab().toImage();
    QVERIFY(shot.save(QDir(test::artefactDir()).filePath(name)));
    const QString extra = qEnvironmentVariable("MEDTUNE_SCREENSHOT_DIR");
    if (!extra.isEmpty()) {
        QDir().mkpath(extra);
        QVERIFY(shot.save(QDir(extra).filePath(name)));
    }
}

// The texts a user can see in a widget: every label shown (or shown once the window is).
QStringList visibleTexts(QWidget *w)
{
    QStringList texts;
    for (QLabel *label : w->findChildren<QLabel *>())
        if (label->isVisibleTo(w->window()) && !label->text().isEmpty())
            texts << label->text();
    return texts;
}

// The demo model's code path at a size that trains in seconds.
DemoModelOptions tinyDemo()
{
    DemoModelOptions o;
    o.corpusFiles = { test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")) };
    o.vocabSize = 500;
    o.layers = 2;
    o.hidden = 32;
    o.heads = 4;
    o.kvHeads = 2;
    o.intermediate = 64;
    o.steps = 4;
    o.batchSize = 4;
    o.sequenceLength = 32;
    return o;
}

} // namespace

class WorkbenchE2eTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firstStartSetupFillsTheWorkspace()
    {
        Workspace ws(m_tmp.filePath(QStringLiteral("setup")));
        QVERIFY(ui::DemoWorkspaceSetup::needsSamples(ws));
        QVERIFY(ui::DemoWorkspaceSetup::needsModel(ws));
        ui::DemoWorkspaceSetup setup(ws, tinyDemo());
        QSignalSpy progress(&setup, &BackgroundJob::progress);
        QSignalSpy failed(&setup, &BackgroundJob::failed);
        QSignalSpy ended(&setup, &BackgroundJob::ended);
        setup.start();
        // The event loop keeps running meanwhile (the window stays usable).
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 120000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(progress.count() >= 4); // the import, then every model step
        QCOMPARE(progress.last().at(0).toLongLong(), 4);
        QVERIFY(!ui::DemoWorkspaceSetup::needed(ws));
        QVERIFY(DatasetStore(ws).list().size() >= 5);
        const auto model = LlamaModel::load(ui::DemoWorkspaceSetup::demoModelDir(ws));
        QCOMPARE(model->config().numLayers, 2);
        QVERIFY(!QFileInfo::exists(ui::DemoWorkspaceSetup::demoModelDir(ws) + QStringLiteral(".partial")));
    }

    void firstStartWithoutNavigating()
    {
        // README's `medtune --demo` on a fresh home folder: the window opens on the demo
        // workspace, which the background set-up fills while the user looks at it.
        QTemporaryDir home;
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.path().toLocal8Bit());
        const auto restoreHome = qScopeGuard([&oldHome] { qputenv("HOME", oldHome); });
        QVERIFY(Workspace::demoLocation().startsWith(home.path()));
        auto ws = std::make_shared<Workspace>(Workspace::demoLocation());
        ui::MainWindow w(ws, nullptr, tinyDemo());
        auto *setup = w.findChild<ui::DemoWorkspaceSetup *>();
        QVERIFY(setup);
        QSignalSpy ended(setup, &BackgroundJob::ended);
        auto *jobs = child<QLabel>(&w, "jobsLabel");
        auto *datasetsPage = qobject_cast<ui::DatasetsPage *>(w.page(ui::MainWindow::Datasets));
        QVERIFY(datasetsPage);

        // While it runs, the Datasets section says what is being prepared, not "No datasets yet".
        QCOMPARE(w.currentSection(), ui::MainWindow::Datasets);
        QStringList seen = visibleTexts(datasetsPage);
        QVERIFY2(!seen.join(u'|').contains(QStringLiteral("No datasets yet")), qPrintable(seen.join(u'|')));
        QVERIFY2(seen.join(u'|').contains(QStringLiteral("Preparing the sample datasets")),
                 qPrintable(seen.join(u'|')));
        QVERIFY(child<QProgressBar>(datasetsPage, "preparingProgress")->isVisibleTo(&w));
        w.resize(1440, 900);
        saveScreenshot(&w, QStringLiteral("first-start-preparing.png"));
        QVERIFY(jobs->text().contains(QStringLiteral("demo workspace"))
                || jobs->text().contains(QStringLiteral("sample")));

        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 120000);
        QTest::qWait(50); // the window handles what the job's end queued

        // Done, and the user has not navigated: every section shows the filled workspace.
        QCOMPARE(w.currentSection(), ui::MainWindow::Datasets);
        QCOMPARE(jobs->text(), QStringLiteral("No jobs running"));
        const QList<DatasetInfo> stored = DatasetStore(*ws).list();
        QVERIFY(stored.size() >= 5);
        seen = visibleTexts(datasetsPage);
        QVERIFY2(!seen.join(u'|').contains(QStringLiteral("No datasets yet")), qPrintable(seen.join(u'|')));
        QVERIFY(!seen.join(u'|').contains(QStringLiteral("Preparing")));
        QCOMPARE(datasetsPage->datasets().size(), stored.size());
        auto *list = datasetsPage->findChild<QListWidget *>();
        QVERIFY(list && list->isVisible());
        QCOMPARE(list->count(), int(stored.size()));
        QVERIFY(list->item(0)->text().startsWith(stored.first().name));
        QVERIFY(datasetsPage->recordTable()->isVisible());
        QCOMPARE(qint64(datasetsPage->recordModel()->rowCount()), stored.first().exampleCount);
        QCOMPARE(datasetsPage->tokenizerPath(),
                 QDir(ui::DemoWorkspaceSetup::demoModelDir(*ws)).filePath(QStringLiteral("tokenizer.model")));
        // The other sections too, before the user ever opens them.
        auto *training = qobject_cast<ui::TrainingPage *>(w.page(ui::MainWindow::Training));
        QCOMPARE(child<QTableWidget>(training, "datasetTable")->rowCount(), int(stored.size()));
        QCOMPARE(child<QLineEdit>(training, "modelDir")->text(), ui::DemoWorkspaceSetup::demoModelDir(*ws));
        auto *play = qobject_cast<ui::PlaygroundPage *>(w.page(ui::MainWindow::Playground));
        QCOMPARE(child<QLineEdit>(play, "modelDir")->text(), ui::DemoWorkspaceSetup::demoModelDir(*ws));
        QCOMPARE(child<QComboBox>(play, "dataset")->count(), int(stored.size()));
        auto *format = qobject_cast<ui::FormatPage *>(w.page(ui::MainWindow::Format));
        QCOMPARE(format->findChild<QComboBox *>(QStringLiteral("formatDataset"))->count(), int(stored.size()));
        saveScreenshot(&w, QStringLiteral("first-start.png"));
    }

    void trainStopCompareAndPlay()
    {
        // A fresh workspace with the (tiny) demo model and no datasets yet.
        auto ws = std::make_shared<Workspace>(m_tmp.filePath(QStringLiteral("ws")));
        {
            DemoModelOptions o = tinyDemo();
            o.outDir = ui::DemoWorkspaceSetup::demoModelDir(*ws);
            makeDemoModel(o);
        }
        ui::MainWindow w(ws);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // Datasets: import the PubMedQA sample files through the import dialog.
        QCOMPARE(w.currentSection(), ui::MainWindow::Datasets);
        auto *datasetsPage = qobject_cast<ui::DatasetsPage *>(w.page(ui::MainWindow::Datasets));
        QVERIFY(datasetsPage);
        QVERIFY(datasetsPage->datasets().isEmpty());
        const QString pubmedqa = QStringLiteral("Sample PubMedQA (official files)");
        QStringList files;
        for (const SampleSet &set : bundledSamples()) {
            if (set.name != pubmedqa)
                continue;
            for (const QString &file : set.files) { // copied out as a user's downloaded files
                const QString copy = m_tmp.filePath(QFileInfo(file).fileName());
                QVERIFY(QFile::copy(file, copy));
                files << copy;
            }
        }
        QCOMPARE(files.size(), 2); // ori_pqal and test_ground_truth
        ui::ImportDialog *dialog = datasetsPage->createImportDialog();
        dialog->setFiles(files);
        QCOMPARE(dialog->format(), DataFormat::PubMedQaOfficial);
        QVERIFY(dialog->preview()->rowCount() > 0);
        child<QLineEdit>(dialog, "datasetName")->setText(pubmedqa);
        {
            QSignalSpy imported(dialog, &ui::ImportDialog::importFinished);
            dialog->startImport();
            QTRY_VERIFY_WITH_TIMEOUT(imported.count() == 1, 30000);
            QVERIFY2(imported.first().first().toBool(), qPrintable(dialog->errorMessage()));
        }
        QVERIFY(!dialog->result()->alreadyImported);
        const qint64 importedCount = dialog->result()->dataset.exampleCount;
        QVERIFY(importedCount > 0);
        QVERIFY(dialog->reportText().contains(QString::number(importedCount)));
        delete dialog;
        QCOMPARE(datasetsPage->datasets().size(), 1);
        QCOMPARE(datasetsPage->datasets().first().name, pubmedqa);
        QCOMPARE(datasetsPage->datasets().first().exampleCount, importedCount);
        QCOMPARE(datasetsPage->recordModel()->rowCount(), int(importedCount));

        // A record's token mask: the record's "Show in Format" opens the Format section
        // with every token of the formatted example, trained and masked as the labels say.
        datasetsPage->recordTable()->setFocus();
        datasetsPage->recordTable()->selectRow(2);
        datasetsPage->showRecord(2);
        QTest::mouseClick(child<QPushButton>(datasetsPage, "showInFormat"), Qt::LeftButton);
        QCOMPARE(w.currentSection(), ui::MainWindow::Format);
        auto *format = qobject_cast<ui::FormatPage *>(w.page(ui::MainWindow::Format));
        QVERIFY(format);
        QCOMPARE(format->currentRecordIndex(), 2);
        QVERIFY2(format->formatted().has_value(), qPrintable(format->problemText()));
        const FormattedExample &formatted = *format->formatted();
        const auto &tokens = format->tokenStrip()->tokens();
        QCOMPARE(tokens.size(), formatted.ids.size());
        int trained = 0;
        for (size_t i = 0; i < tokens.size(); ++i) {
            QCOMPARE(tokens[i].id, int(formatted.ids[i]));
            QCOMPARE(tokens[i].label, int(formatted.labels[i]));
            trained += formatted.labels[i] != -100;
        }
        QCOMPARE(format->tokenStrip()->trainedCount(), trained);
        QVERIFY(trained > 0 && format->tokenStrip()->maskedCount() > 0);
        // Its trained tokens decode to the record's answer and the end of sequence.
        QVERIFY(format->targetText().contains(format->example()->answer.left(20)));

        // The Training page, driven through its widgets.
        w.showSection(ui::MainWindow::Training);
        auto *page = qobject_cast<ui::TrainingPage *>(w.page(ui::MainWindow::Training));
        QVERIFY(page);
        QCOMPARE(child<QLineEdit>(page, "modelDir")->text(), ui::DemoWorkspaceSetup::demoModelDir(*ws));
        auto *start = child<QPushButton>(page, "startButton");
        QVERIFY(!start->isEnabled()); // no dataset ticked yet
        QVERIFY(page->validationMessage().contains(QStringLiteral("dataset")));
        auto *datasets = child<QTableWidget>(page, "datasetTable");
        int pubmedqaRow = -1;
        for (int row = 0; row < datasets->rowCount(); ++row)
            if (datasets->item(row, 0)->text().startsWith(QStringLiteral("Sample PubMedQA (official files)")))
                pubmedqaRow = row;
        QVERIFY(pubmedqaRow >= 0);
        datasets->item(pubmedqaRow, 0)->setCheckState(Qt::Checked);
        child<QLineEdit>(page, "runName")->setText(QStringLiteral("first"));
        child<QComboBox>(page, "dtype")->setCurrentText(QStringLiteral("float32"));
        child<QSpinBox>(page, "threads")->setValue(1);
        child<QSpinBox>(page, "maxTokens")->setValue(256);
        child<QSpinBox>(page, "maxSteps")->setValue(300);
        child<QSpinBox>(page, "evalEvery")->setValue(2);
        child<QSpinBox>(page, "checkpointEvery")->setValue(2);
        child<QSpinBox>(page, "microBatch")->setValue(4);
        child<QDoubleSpinBox>(page, "learningRate")->setValue(0.005);
        // Inline validation: an impossible setting disables Start with the reason shown.
        child<QCheckBox>(page, "target_q_proj")->setChecked(false);
        child<QCheckBox>(page, "target_v_proj")->setChecked(false);
        QVERIFY(!start->isEnabled());
        QVERIFY(child<QLabel>(page, "validationMessage")->text().contains(QStringLiteral("target module")));
        child<QCheckBox>(page, "target_q_proj")->setChecked(true);
        child<QCheckBox>(page, "target_v_proj")->setChecked(true);
        QVERIFY2(page->validationMessage().isEmpty(), qPrintable(page->validationMessage()));
        QVERIFY(start->isEnabled());

        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(page->isRunning());
        QVERIFY(!start->isEnabled());
        QVERIFY(
            child<QPlainTextEdit>(page, "runningConfig")->toPlainText().contains(QStringLiteral("\"max_steps\": 300")));

        // Points appear in the loss and perplexity charts while it runs.
        ui::MetricChart *loss = page->lossChart();
        ui::MetricChart *ppl = page->perplexityChart();
        // Validation runs before the first step and every 2 steps: 3 points mean step 4 is done.
        QTRY_VERIFY_WITH_TIMEOUT(ppl->drawnPointCount(QStringLiteral("perplexity")) >= 3, 60000);
        QVERIFY(loss->drawnPointCount(QStringLiteral("train")) >= 4);
        QVERIFY(page->isRunning());
        // A few more evaluations for a chart worth looking at.
        QTRY_VERIFY_WITH_TIMEOUT(ppl->drawnPointCount(QStringLiteral("perplexity")) >= 12 || !page->isRunning(), 60000);

        // Pause and resume from the buttons.
        QTest::mouseClick(child<QPushButton>(page, "pauseButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(page, "resumeButton")->isEnabled(), 5000);
        QTest::mouseClick(child<QPushButton>(page, "resumeButton"), Qt::LeftButton);
        QVERIFY(child<QPushButton>(page, "pauseButton")->isEnabled());

        QTest::mouseClick(child<QPushButton>(page, "stopButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 60000);
        QVERIFY2(start->isEnabled(), qPrintable(page->validationMessage()));
        const qint64 first = page->currentRunId();
        QVERIFY(first > 0);
        // Taken between runs: grabbing the window is the test's own work on the GUI
        // thread and must not count as a stall of the page.
        saveScreenshot(&w, QStringLiteral("training.png"));

        // The charts hold exactly what the run store recorded: the same losses, and
        // perplexity = exp(validation loss).
        RunStore store(*ws);
        QCOMPARE(store.get(first).status, QStringLiteral("stopped"));
        const auto storedLoss = store.metrics(first, QStringLiteral("train"), QStringLiteral("loss"));
        const auto trainPoints = loss->points(QStringLiteral("train"));
        QCOMPARE(trainPoints.size(), storedLoss.size());
        for (int i = 0; i < trainPoints.size(); ++i) {
            QCOMPARE(int(trainPoints[i].x()), storedLoss[i].step);
            QVERIFY(std::abs(trainPoints[i].y() - storedLoss[i].value) < 1e-9);
        }
        const auto valLoss = loss->points(QStringLiteral("validation"));
        const auto pplPoints = ppl->points(QStringLiteral("perplexity"));
        QCOMPARE(valLoss.size(), pplPoints.size());
        for (int i = 0; i < pplPoints.size(); ++i)
            QVERIFY(std::abs(pplPoints[i].y() - std::exp(valLoss[i].y())) < 1e-6 * pplPoints[i].y());
        // The smoothed series is the EMA (0.9) of the raw one.
        const auto smooth = loss->points(QStringLiteral("smoothed"));
        QCOMPARE(smooth.size(), trainPoints.size());
        double ema = trainPoints[0].y();
        for (int i = 1; i < trainPoints.size(); ++i)
            ema = 0.9 * ema + 0.1 * trainPoints[i].y();
        QVERIFY(std::abs(smooth.last().y() - ema) < 1e-9);
        QVERIFY(page->rateChart()->points(QStringLiteral("tps")).last().y() > 0);

        // A second, shorter run that completes.
        child<QLineEdit>(page, "runName")->setText(QStringLiteral("second"));
        child<QSpinBox>(page, "maxSteps")->setValue(4);
        child<QSpinBox>(page, "loraR")->setValue(4);
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(page->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 60000);
        const qint64 second = page->currentRunId();
        QCOMPARE(store.get(second).status, QStringLiteral("completed"));
        QCOMPARE(loss->points(QStringLiteral("train")).size(), 4);
        qInfo("longest GUI-thread stall during training: %.1f ms", page->longestStallMs());
        QVERIFY(page->longestStallMs() > 0); // the probe ran

        // Runs: both runs with their metrics, overlaid.
        w.showSection(ui::MainWindow::Runs);
        auto *runs = qobject_cast<ui::RunsPage *>(w.page(ui::MainWindow::Runs));
        QVERIFY(runs);
        QCOMPARE(runs->model()->rowCount(), 2);
        QCOMPARE(
            runs->model()->data(runs->model()->index(runs->model()->rowOf(first), ui::RunListModel::Status)).toString(),
            QStringLiteral("Stopped"));
        runs->selectRuns({ first, second });
        QCOMPARE(runs->trainingChart()->drawnPointCount(QStringLiteral("run-%1").arg(first)), int(storedLoss.size()));
        QCOMPARE(runs->trainingChart()->drawnPointCount(QStringLiteral("run-%1").arg(second)), 4);
        QVERIFY(runs->validationChart()->drawnPointCount(QStringLiteral("run-%1").arg(first)) >= 2);

        // Playground: the base model and the second run's adapter, streamed side by side.
        w.showSection(ui::MainWindow::Playground);
        auto *play = qobject_cast<ui::PlaygroundPage *>(w.page(ui::MainWindow::Playground));
        QVERIFY(play);
        const QString adapter = store.get(second).results.value(QStringLiteral("final_checkpoint")).toString();
        auto *adapterBox = child<QComboBox>(play, "adapter");
        QVERIFY(adapterBox->findData(adapter) > 0); // listed from the run store
        adapterBox->setCurrentIndex(adapterBox->findData(adapter));
        QCOMPARE(child<QLineEdit>(play, "modelDir")->text(), ui::DemoWorkspaceSetup::demoModelDir(*ws));
        child<QSpinBox>(play, "maxNew")->setValue(12);
        play->setPrompt(QStringLiteral("Does aspirin reduce the risk of stroke?"));
        QSignalSpy finished(play, &ui::PlaygroundPage::generationFinished);
        QTest::mouseClick(child<QPushButton>(play, "generateButton"), Qt::LeftButton);
        QVERIFY(play->isGenerating());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);

        // The streamed texts equal an independent, non-streamed generation.
        const QString promptText = child<QPlainTextEdit>(play, "promptShown")->toPlainText();
        QVERIFY(promptText.contains(QStringLiteral("aspirin")));
        ModelOptions mo;
        mo.weights
            = parseWeightType(resolveDtype(AppSettings::load().dtype, QStringLiteral("cpu"))); // as the page loads it
        auto model = LlamaModel::load(ui::DemoWorkspaceSetup::demoModelDir(*ws), mo);
        const PromptFormatter formatter(TemplateStore(*ws).resolve(child<QComboBox>(play, "template")->currentText()),
                                        model->tokenizer());
        SamplingOptions o;
        o.greedy = true;
        o.maxNewTokens = 12;
        o.repetitionPenalty = 1.1;
        const auto base = Generator(model).generate({ formatter.promptIds(promptText) }, o);
        attachAdapter(*model, adapter);
        const auto adapted = Generator(model).generate({ formatter.promptIds(promptText) }, o);
        QCOMPARE(play->baseOutput(), base.front().text);
        QCOMPARE(play->adapterOutput(), adapted.front().text);
        QVERIFY(!base.front().tokens.empty());

        // A test record brings its reference answer and is answered the same way.
        child<QRadioButton>(play, "useRecord")->setChecked(true);
        auto *datasetBox = child<QComboBox>(play, "dataset");
        datasetBox->setCurrentText(QStringLiteral("Sample PubMedQA (official files)"));
        QVERIFY(child<QSpinBox>(play, "record")->maximum() >= 1);
        {
            DatasetStore datasetStore(*ws);
            const auto file
                = datasetStore.open(datasetStore.resolve(QStringLiteral("Sample PubMedQA (official files)")));
            qint64 firstTest = -1;
            for (qint64 i = 0; i < file->size() && firstTest < 0; ++i)
                if (file->splitAt(i) == QStringLiteral("test"))
                    firstTest = i;
            QVERIFY(firstTest >= 0);
            QCOMPARE(play->referenceText(), file->at(firstTest).answer);
        }
        QTest::mouseClick(child<QPushButton>(play, "generateButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 60000);
        QVERIFY(child<QPlainTextEdit>(play, "promptShown")->toPlainText().contains(QStringLiteral("Context:")));
        QVERIFY(!play->baseOutput().isEmpty());
        saveScreenshot(&w, QStringLiteral("playground.png"));
    }
};

QTEST_MAIN(WorkbenchE2eTest)
#include "tst_workbench_e2e.moc"
