#include "screenshot_tour.h"

#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "datasets/datasets_page.h"
#include "datasets/import_dialog.h"
#include "demo_workspace_setup.h"
#include "format/format_page.h"
#include "main_window.h"
#include "playground/playground_page.h"
#include "review/generation_dialog.h"
#include "review/reports_page.h"
#include "review/review_page.h"
#include "runs/runs_page.h"
#include "train/run_store.h"
#include "training/training_page.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <functional>
#include <memory>

namespace medtune::ui {
namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Runs the event loop until done() holds or the time is up (the jobs report through
// queued signals, so the loop must turn while they work).
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || deadline.hasExpired())
            loop.quit();
    });
    poll.start(25);
    if (!done())
        loop.exec();
    return done();
}

template<typename T> T *child(QObject *parent, const char *name)
{
    T *w = parent->findChild<T *>(QString::fromLatin1(name));
    if (!w)
        throw Error(QStringLiteral("The screenshot tour found no widget named %1").arg(QLatin1String(name)),
                    QStringLiteral("the page changed; update ui/screenshot_tour.cpp"));
    return w;
}

class Tour
{
public:
    explicit Tour(const ScreenshotTourOptions &o)
        : m_options(o)
    {
    }

    void run();
    QStringList saved() const { return m_saved; }

private:
    void step(const QString &what)
    {
        out() << QStringLiteral("[%1 s] %2").arg(m_clock.elapsed() / 1000.0, 0, 'f', 1).arg(what) << Qt::endl;
    }
    void settle()
    {
        // Layouts, lazy models and coalesced chart updates catch up.
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 300)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    void shoot(QWidget *w, const QString &name)
    {
        settle();
        const QString file
            = QDir(m_options.outDir)
                  .filePath(m_options.dark ? name + QStringLiteral("-dark.png") : name + QStringLiteral(".png"));
        if (!w->grab().save(file))
            throw Error(QStringLiteral("Cannot write %1").arg(QDir::toNativeSeparators(file)),
                        QStringLiteral("check that the folder is writable"));
        m_saved << file;
        step(QStringLiteral("saved %1").arg(QDir::toNativeSeparators(file)));
    }
    void prepareWorkspace();
    qint64 train(MainWindow &w, const QString &name, int steps, bool allTargets, int r, double learningRate);

    ScreenshotTourOptions m_options;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::shared_ptr<Workspace> m_workspace;
    QElapsedTimer m_clock;
    QStringList m_saved;
};

void Tour::prepareWorkspace()
{
    QString dir = m_options.workspaceDir;
    if (dir.isEmpty()) {
        m_tmp = std::make_unique<QTemporaryDir>();
        if (!m_tmp->isValid())
            throw Error(QStringLiteral("Cannot create a temporary workspace"), m_tmp->errorString());
        dir = m_tmp->filePath(QStringLiteral("workspace"));
    }
    m_workspace = std::make_shared<Workspace>(dir);
    step(QStringLiteral("workspace %1").arg(QDir::toNativeSeparators(dir)));
    if (!DemoWorkspaceSetup::needed(*m_workspace))
        return;
    step(QStringLiteral("first-start setup: sample datasets and the demo model (about a minute)"));
    DemoWorkspaceSetup setup(*m_workspace);
    QString failure;
    bool ended = false;
    QObject::connect(&setup, &BackgroundJob::failed, [&](const QString &m) { failure = m; });
    QObject::connect(&setup, &BackgroundJob::ended, [&] { ended = true; });
    qint64 lastReported = -1;
    QObject::connect(&setup, &BackgroundJob::progress, [&](qint64 done, qint64 total, const QString &message) {
        if (total > 0 && done * 10 / total != lastReported) {
            lastReported = done * 10 / total;
            step(QStringLiteral("  %1 (%2/%3)").arg(message).arg(done).arg(total));
        }
    });
    setup.start();
    waitUntil([&] { return ended; }, 30 * 60 * 1000);
    if (!failure.isEmpty() || !ended)
        throw Error(QStringLiteral("The demo workspace setup failed: %1").arg(failure));
}

qint64 Tour::train(MainWindow &w, const QString &name, int steps, bool allTargets, int r, double learningRate)
{
    w.showSection(MainWindow::Training);
    auto *page = static_cast<TrainingPage *>(w.page(MainWindow::Training));
    auto *datasets = child<QTableWidget>(page, "datasetTable");
    for (int row = 0; row < datasets->rowCount(); ++row) {
        const QString dataset = datasets->item(row, 0)->text();
        const bool use = dataset.startsWith(QStringLiteral("Sample PubMedQA (official"))
            || dataset.startsWith(QStringLiteral("Sample MedMCQA"));
        datasets->item(row, 0)->setCheckState(use ? Qt::Checked : Qt::Unchecked);
    }
    child<QLineEdit>(page, "runName")->setText(name);
    child<QSpinBox>(page, "maxTokens")->setValue(384);
    child<QSpinBox>(page, "maxSteps")->setValue(steps);
    child<QSpinBox>(page, "evalEvery")->setValue(std::max(2, steps / 8));
    child<QSpinBox>(page, "checkpointEvery")->setValue(std::max(2, steps / 2));
    child<QSpinBox>(page, "microBatch")->setValue(4);
    child<QSpinBox>(page, "loraR")->setValue(r);
    child<QDoubleSpinBox>(page, "loraAlpha")->setValue(2 * r);
    child<QDoubleSpinBox>(page, "learningRate")->setValue(learningRate);
    for (const char *target : { "target_q_proj", "target_k_proj", "target_v_proj", "target_o_proj", "target_gate_proj",
                                "target_up_proj", "target_down_proj" }) {
        auto *box = page->findChild<QCheckBox *>(QString::fromLatin1(target));
        if (box)
            box->setChecked(allTargets || !qstrcmp(target, "target_q_proj") || !qstrcmp(target, "target_v_proj"));
    }
    if (!page->validationMessage().isEmpty())
        throw Error(QStringLiteral("The training form refused the tour's settings: %1").arg(page->validationMessage()));
    step(QStringLiteral("training run '%1': %2 steps").arg(name).arg(steps));
    child<QPushButton>(page, "startButton")->click();
    if (!waitUntil([&] { return !page->isRunning(); }, 30 * 60 * 1000))
        throw Error(QStringLiteral("Training run '%1' did not finish").arg(name));
    const RunRecord run = RunStore(*m_workspace).get(page->currentRunId());
    if (run.status != QLatin1String("completed"))
        throw Error(QStringLiteral("Training run '%1' ended %2").arg(name, run.status));
    step(QStringLiteral("  done; longest GUI-thread stall %1 ms").arg(page->longestStallMs(), 0, 'f', 1));
    return run.id;
}

void Tour::run()
{
    m_clock.start();
    if (!QDir().mkpath(m_options.outDir))
        throw Error(QStringLiteral("Cannot create %1").arg(QDir::toNativeSeparators(m_options.outDir)));
    prepareWorkspace();

    MainWindow w(m_workspace);
    w.resize(1440, 900);
    w.show();
    settle();

    // Datasets: a record of the PubMedQA sample, then its statistics.
    w.showSection(MainWindow::Datasets);
    auto *datasets = static_cast<DatasetsPage *>(w.page(MainWindow::Datasets));
    qint64 pubmedqa = 0;
    for (const DatasetInfo &d : datasets->datasets())
        if (d.name.startsWith(QStringLiteral("Sample PubMedQA (official")))
            pubmedqa = d.id;
    if (pubmedqa == 0)
        throw Error(QStringLiteral("The workspace has no PubMedQA sample"),
                    QStringLiteral("run 'medtune-cli --workspace DIR import --samples'"));
    datasets->selectDataset(pubmedqa);
    datasets->recordTable()->selectRow(1);
    datasets->showRecord(1);
    shoot(&w, QStringLiteral("datasets"));
    bool statsReady = false;
    QObject::connect(datasets, &DatasetsPage::statisticsReady, [&] { statsReady = true; });
    datasets->tabs()->setCurrentIndex(datasets->tabs()->count() - 1);
    datasets->computeTokenStatistics();
    waitUntil([&] { return statsReady || !datasets->isComputingStatistics(); }, 120000);
    shoot(&w, QStringLiteral("datasets-statistics"));
    datasets->tabs()->setCurrentIndex(0);

    // The import dialog on the user's own CSV (the bundled discharge-notes sample).
    {
        QString csv;
        for (const SampleSet &set : bundledSamples())
            for (const QString &file : set.files)
                if (file.endsWith(QStringLiteral(".csv")))
                    csv = file;
        QTemporaryDir copyDir;
        const QString copy = copyDir.filePath(QFileInfo(csv).fileName());
        QFile::copy(csv, copy);
        ImportDialog *dialog = datasets->createImportDialog();
        dialog->setFiles({ copy });
        dialog->show();
        shoot(dialog, QStringLiteral("import-dialog"));
        dialog->close();
        delete dialog;
    }

    // Format: the record's prompt, target and token mask.
    w.showSection(MainWindow::Format);
    static_cast<FormatPage *>(w.page(MainWindow::Format))->showRecord(pubmedqa, 1);
    shoot(&w, QStringLiteral("format"));

    // Training: two runs started from the form; the first photographed when done.
    const int steps = std::max(4, m_options.trainingSteps);
    const qint64 first = train(w, QStringLiteral("all projections r8"), steps, true, 8, 1e-2);
    shoot(&w, QStringLiteral("training"));
    const qint64 second = train(w, QStringLiteral("q,v r4"), std::max(4, steps / 2), false, 4, 5e-3);

    // Runs: both overlaid.
    w.showSection(MainWindow::Runs);
    auto *runs = static_cast<RunsPage *>(w.page(MainWindow::Runs));
    runs->refresh();
    runs->selectRuns({ first, second });
    shoot(&w, QStringLiteral("runs"));

    // Playground: a test record answered by the base model and the first run's adapter.
    RunStore store(*m_workspace);
    const QString adapter = store.get(first).results.value(QStringLiteral("final_checkpoint")).toString();
    w.showSection(MainWindow::Playground);
    auto *play = static_cast<PlaygroundPage *>(w.page(MainWindow::Playground));
    play->refresh();
    play->setAdapterDir(adapter);
    child<QRadioButton>(play, "useRecord")->setChecked(true);
    child<QComboBox>(play, "dataset")->setCurrentText(QStringLiteral("Sample PubMedQA (official files)"));
    child<QSpinBox>(play, "maxNew")->setValue(40);
    bool played = false;
    QObject::connect(play, &PlaygroundPage::generationFinished, [&] { played = true; });
    step(QStringLiteral("playground generation"));
    play->generate();
    waitUntil([&] { return played; }, 300000);
    shoot(&w, QStringLiteral("playground"));

    // Review: outputs generated from the Review section, then the side-by-side panel.
    w.showSection(MainWindow::Review);
    auto *review = static_cast<ReviewPage *>(w.page(MainWindow::Review));
    GenerationDialog *generation = review->createGenerationDialog();
    generation->setDatasetChecked(QStringLiteral("Sample PubMedQA (official files)"), true);
    generation->setDatasetChecked(QStringLiteral("Sample MedMCQA"), true);
    generation->addAdapter(adapter, store.get(first).name);
    generation->setLimit(8);
    generation->setMaxNewTokens(48);
    generation->setSessionName(QStringLiteral("demo review"));
    generation->show();
    shoot(generation, QStringLiteral("review-generate"));
    bool generated = false;
    qint64 session = 0;
    QObject::connect(generation, &GenerationDialog::generationFinished, [&](bool ok, qint64 id) {
        generated = true;
        session = ok ? id : 0;
    });
    step(QStringLiteral("review generation: 8 records, base and adapter"));
    if (!generation->startGeneration())
        throw Error(QStringLiteral("The generation dialog refused the tour's settings: %1")
                        .arg(generation->validationMessage()));
    waitUntil([&] { return generated; }, 30 * 60 * 1000);
    if (session == 0)
        throw Error(QStringLiteral("Review generation failed: %1").arg(generation->statusText()));
    generation->close();
    review->startReview(session, QStringLiteral("reviewer 1"));
    shoot(&w, QStringLiteral("review_panel"));

    // Reports: the session's report (automatic metrics; judgments appear as they are made).
    w.showSection(MainWindow::Reports);
    auto *reports = static_cast<ReportsPage *>(w.page(MainWindow::Reports));
    reports->refresh();
    reports->showSession(session);
    shoot(&w, QStringLiteral("reports"));
}

} // namespace

void applyDarkPalette()
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Light, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6f, 0x72, 0x77));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6f, 0x72, 0x77));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6f, 0x72, 0x77));
    QApplication::setPalette(p);
}

int runScreenshotTour(const ScreenshotTourOptions &options)
{
    if (options.dark)
        applyDarkPalette();
    Tour tour(options);
    try {
        tour.run();
    } catch (const Error &e) {
        QTextStream(stderr) << e.fullMessage() << Qt::endl;
        return 1;
    }
    out()
        << QStringLiteral("%1 screenshots in %2").arg(tour.saved().size()).arg(QDir::toNativeSeparators(options.outDir))
        << Qt::endl;
    return 0;
}

} // namespace medtune::ui
