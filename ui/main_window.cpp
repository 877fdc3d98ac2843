#include "main_window.h"

#include "about_dialog.h"
#include "datasets/datasets_page.h"
#include "demo_workspace_setup.h"
#include "empty_state.h"
#include "format/format_page.h"
#include "hub/get_model_dialog.h"
#include "playground/playground_page.h"
#include "preferences_dialog.h"
#include "review/reports_page.h"
#include "review/review_page.h"
#include "runs/runs_page.h"
#include "training/training_page.h"
#include "util/app_settings.h"
#include "util/compute_threads.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMap>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace medtune::ui {
namespace {

struct SectionInfo
{
    const char *icon;
    const char *emptyText;
};

const SectionInfo kSections[MainWindow::SectionCount] = {
    { ":/icons/datasets.svg",
      QT_TRANSLATE_NOOP("medtune::ui::MainWindow",
                        "No datasets yet. Import PubMedQA, MedMCQA, MEDIQA, PubMed summarization or your own "
                        "JSONL/CSV files to browse, search and inspect them here.") },
    { ":/icons/format.svg",
      QT_TRANSLATE_NOOP("medtune::ui::MainWindow",
                        "Every example becomes one instruction prompt. Once a dataset is imported, choose a record "
                        "here to see its prompt and exactly which tokens are trained.") },
    { ":/icons/training.svg",
      QT_TRANSLATE_NOOP("medtune::ui::MainWindow",
                        "Train LoRA adapters on a frozen base model, with live loss and perplexity plots. Import a "
                        "dataset and choose a model folder to begin.") },
    { ":/icons/runs.svg",
      QT_TRANSLATE_NOOP("medtune::ui::MainWindow",
                        "No training runs in this workspace yet. Runs you start appear here with their status and "
                        "metrics, ready to compare and resume.") },
    { ":/icons/playground.svg",
      QT_TRANSLATE_NOOP("medtune::ui::MainWindow",
                        "Generate answers and summaries with the base model and an adapter side by side, once a "
                        "model is available.") },
    { ":/icons/review.svg",
      QT_TRANSLATE_NOOP("medtune::ui::MainWindow",
                        "No review sessions yet. Generate outputs or import them, then judge correctness, "
                        "hallucination and more side by side.") },
    { ":/icons/reports.svg",
      QT_TRANSLATE_NOOP("medtune::ui::MainWindow",
                        "Review reports with metrics, agreement and examples appear here once a review session "
                        "has judgments.") },
};

} // namespace

QString MainWindow::sectionName(Section section)
{
    switch (section) {
    case Datasets:
        return tr("Datasets");
    case Format:
        return tr("Format");
    case Training:
        return tr("Training");
    case Runs:
        return tr("Runs");
    case Playground:
        return tr("Playground");
    case Review:
        return tr("Review");
    case Reports:
        return tr("Reports");
    case SectionCount:
        break;
    }
    return {};
}

MainWindow::MainWindow(std::shared_ptr<Workspace> workspace, QWidget *parent)
    : QMainWindow(parent)
    , m_workspace(std::move(workspace))
    , m_navigation(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_workspaceLabel(new QLabel(this))
    , m_jobsLabel(new QLabel(this))
{
    setWindowTitle(tr("MedTune Workbench"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/medtune.svg")));
    setObjectName(QStringLiteral("MainWindow"));

    m_navigation->setObjectName(QStringLiteral("sectionList"));
    m_navigation->setIconSize(QSize(24, 24));
    m_navigation->setAccessibleName(tr("Sections"));
    m_navigation->setMaximumWidth(200);
    m_pages->setObjectName(QStringLiteral("sectionPages"));

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    // The section list as wide as its names, the rest for the page.
    m_navigation->setMinimumWidth(140);
    splitter->setSizes({ 170, 1200 });
    setCentralWidget(splitter);

    createPages();
    createMenus();

    m_workspaceLabel->setText(tr("Workspace: %1").arg(m_workspace->root()));
    m_workspaceLabel->setToolTip(m_workspace->databasePath());
    m_jobsLabel->setText(tr("No jobs running"));
    statusBar()->addWidget(m_workspaceLabel, 1);
    statusBar()->addPermanentWidget(m_jobsLabel);

    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    // The review pages show the workspace as it is now (another instance may have written).
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row == Reports)
            static_cast<ReportsPage *>(page(Reports))->refresh();
        else if (row == Review)
            static_cast<ReviewPage *>(page(Review))->refreshSessions();
    });
    m_navigation->setCurrentRow(0);
    restoreWindowState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createPages()
{
    for (int i = 0; i < SectionCount; ++i) {
        const auto section = Section(i);
        const QString icon = QString::fromLatin1(kSections[i].icon);
        auto *item = new QListWidgetItem(QIcon(icon), sectionName(section), m_navigation);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(sectionName(section)).arg(i + 1));
        QWidget *pageWidget = nullptr;
        if (section == Datasets)
            pageWidget = new DatasetsPage(*m_workspace, m_pages);
        else if (section == Format)
            pageWidget = new FormatPage(*m_workspace, m_pages);
        else if (section == Training)
            pageWidget = new TrainingPage(*m_workspace, m_pages);
        else if (section == Playground)
            pageWidget = new PlaygroundPage(*m_workspace, m_pages);
        else if (section == Runs)
            pageWidget = new RunsPage(*m_workspace, m_pages);
        else if (section == Review)
            pageWidget = new ReviewPage(*m_workspace, m_pages);
        else if (section == Reports)
            pageWidget = new ReportsPage(*m_workspace, m_pages);
        else
            pageWidget = new EmptyState(icon, sectionName(section), tr(kSections[i].emptyText), m_pages);
        pageWidget->setObjectName(QStringLiteral("page%1").arg(i));
        m_pages->addWidget(pageWidget);
    }
    auto *datasets = static_cast<DatasetsPage *>(page(Datasets));
    auto *format = static_cast<FormatPage *>(page(Format));
    connect(datasets, &DatasetsPage::datasetsChanged, format, &FormatPage::refreshDatasets);
    connect(datasets, &DatasetsPage::formatRequested, this, [this, format](qint64 datasetId, qint64 record) {
        format->showRecord(datasetId, record);
        showSection(Format);
    });

    // Training, Runs and Playground follow each other; running jobs show in the status bar.
    auto *training = static_cast<TrainingPage *>(page(Training));
    auto *runs = static_cast<RunsPage *>(page(Runs));
    auto *playground = static_cast<PlaygroundPage *>(page(Playground));
    connect(runs, &RunsPage::resumeRequested, this, [this, training](qint64 id) {
        showSection(Training);
        training->resumeRun(id);
    });
    connect(training, &TrainingPage::runsChanged, runs, &RunsPage::refresh);
    auto jobs = std::make_shared<QMap<QString, QString>>();
    const auto showJob = [this, jobs](const QString &key, const QString &status) {
        if (status.isEmpty())
            jobs->remove(key);
        else
            jobs->insert(key, status);
        m_jobsLabel->setText(jobs->isEmpty() ? tr("No jobs running")
                                             : QStringList(jobs->values()).join(QStringLiteral("  |  ")));
    };
    connect(training, &TrainingPage::jobStatusChanged, this,
            [showJob](const QString &s) { showJob(QStringLiteral("1training"), s); });
    connect(playground, &PlaygroundPage::jobStatusChanged, this,
            [showJob](const QString &s) { showJob(QStringLiteral("2playground"), s); });

    // First start of the demo workspace: samples and the demo model, made in the background.
    if (QDir(m_workspace->root()) == QDir(Workspace::demoLocation()) && DemoWorkspaceSetup::needed(*m_workspace)) {
        auto *setup = new DemoWorkspaceSetup(*m_workspace, {}, this);
        connect(setup, &BackgroundJob::progress, this, [showJob](qint64 done, qint64 total, const QString &message) {
            showJob(QStringLiteral("0demo"), total > 0 ? tr("%1 (%2%)").arg(message).arg(100 * done / total) : message);
        });
        connect(setup, &BackgroundJob::failed, this, [this](const QString &message) {
            statusBar()->showMessage(tr("The demo workspace could not be prepared: %1").arg(message));
        });
        connect(setup, &BackgroundJob::ended, this, [this, showJob, setup, training, playground] {
            showJob(QStringLiteral("0demo"), QString());
            training->refreshDatasets();
            playground->refresh();
            setup->deleteLater();
        });
        setup->start();
    }
}

void MainWindow::getModel()
{
    auto *dialog = new GetModelDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &GetModelDialog::modelReady, this, [this](const QString &repoId) {
        statusBar()->showMessage(tr("%1 is downloaded: enter its repo id as the model, or pick it with the Hugging "
                                    "Face button beside a model field.")
                                     .arg(repoId));
    });
    dialog->open();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newWs = file->addAction(tr("&New Workspace..."), this, [this] { chooseWorkspace(true); });
    newWs->setShortcut(QKeySequence::New);
    QAction *openWs = file->addAction(tr("&Open Workspace..."), this, [this] { chooseWorkspace(false); });
    openWs->setShortcut(QKeySequence::Open);
    file->addSeparator();
    file->addAction(tr("&Get Model..."), this, &MainWindow::getModel)->setObjectName(QStringLiteral("getModelAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *prefs = edit->addAction(tr("&Preferences..."), this, &MainWindow::showPreferences);
    prefs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    prefs->setMenuRole(QAction::PreferencesRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < SectionCount; ++i) {
        QAction *a = view->addAction(QIcon(QString::fromLatin1(kSections[i].icon)), sectionName(Section(i)), this,
                                     [this, i] { showSection(Section(i)); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MedTune Workbench"), this, &MainWindow::showAbout);
}

MainWindow::Section MainWindow::currentSection() const
{
    return Section(m_pages->currentIndex());
}

void MainWindow::showSection(Section section)
{
    m_navigation->setCurrentRow(int(section));
}

QWidget *MainWindow::page(Section section) const
{
    return m_pages->widget(int(section));
}

void MainWindow::chooseWorkspace(bool create)
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, create ? tr("New Workspace: choose an empty folder") : tr("Open Workspace"), m_workspace->root());
    if (!dir.isEmpty())
        Q_EMIT openWorkspaceRequested(dir);
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(AppSettings::load(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AppSettings s = dialog.settings();
    s.save();
    setComputeThreads(s.computeThreads);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(m_workspace.get(), this);
    dialog.exec();
}

void MainWindow::restoreWindowState()
{
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1200, 800);
    restoreState(s.value(QStringLiteral("mainWindow/state")).toByteArray());
    const int section = s.value(QStringLiteral("mainWindow/section"), 0).toInt();
    if (section >= 0 && section < SectionCount)
        showSection(Section(section));
}

void MainWindow::saveWindowState() const
{
    QSettings s;
    s.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    s.setValue(QStringLiteral("mainWindow/state"), saveState());
    s.setValue(QStringLiteral("mainWindow/section"), int(currentSection()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    event->accept();
}

} // namespace medtune::ui
