#include "training_page.h"

#include "data/dataset_store.h"
#include "hub/hub_model_button.h"
#include "model/hub_cache.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "train/lora_config.h"
#include "train/run_store.h"
#include "train/training_job.h"
#include "train/training_spec.h"
#include "training/cluster_launch_dialog.h"
#include "training/metric_chart.h"
#include "util/app_settings.h"
#include "util/compute_devices.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTime>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>
#include <cstdint>
#include <tuple>

namespace medtune::ui {
namespace {

enum DatasetColumn { DatasetName, DatasetWeight, DatasetCap, DatasetColumnCount };

QString formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("-");
    const qint64 s = qint64(std::llround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QSpinBox *spin(int lo, int hi, int value, QWidget *parent, const QString &name)
{
    auto *s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setObjectName(name);
    return s;
}

QDoubleSpinBox *dspin(double lo, double hi, double value, int decimals, double step, QWidget *parent,
                      const QString &name)
{
    auto *s = new QDoubleSpinBox(parent);
    s->setDecimals(decimals);
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setValue(value);
    s->setObjectName(name);
    return s;
}

} // namespace

TrainingPage::TrainingPage(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_validation(new QLabel(this))
    , m_start(new QPushButton(tr("&Start"), this))
    , m_pause(new QPushButton(tr("&Pause"), this))
    , m_resume(new QPushButton(tr("Res&ume"), this))
    , m_stop(new QPushButton(tr("S&top"), this))
    , m_export(new QPushButton(tr("E&xport cluster launch..."), this))
    , m_progress(new QProgressBar(this))
    , m_eta(new QLabel(this))
    , m_lossChart(new MetricChart(tr("Loss"), tr("loss"), this))
    , m_perplexityChart(new MetricChart(tr("Validation perplexity"), tr("perplexity"), this))
    , m_rateChart(new MetricChart(tr("Learning rate and throughput"), tr("learning rate"), this))
    , m_log(new QPlainTextEdit(this))
    , m_config(new QPlainTextEdit(this))
    , m_probe(new QTimer(this))
{
    setObjectName(QStringLiteral("TrainingPage"));
    m_start->setObjectName(QStringLiteral("startButton"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_export->setObjectName(QStringLiteral("exportClusterButton"));
    m_validation->setObjectName(QStringLiteral("validationMessage"));
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_log->setObjectName(QStringLiteral("trainingLog"));
    m_config->setObjectName(QStringLiteral("runningConfig"));
    m_lossChart->setObjectName(QStringLiteral("lossChart"));
    m_perplexityChart->setObjectName(QStringLiteral("perplexityChart"));
    m_rateChart->setObjectName(QStringLiteral("rateChart"));

    m_start->setToolTip(tr("Start a new run with these settings"));
    m_pause->setToolTip(tr("Pause after the current micro-batch"));
    m_resume->setToolTip(tr("Continue the paused run"));
    m_stop->setToolTip(tr("Stop the run; it can be resumed from its last checkpoint in Runs"));
    m_export->setToolTip(tr("Run these settings as one data-parallel job on several processes or machines "
                            "(torchrun, Slurm)"));
    m_validation->setWordWrap(true);
    m_validation->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Step %v of %m"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setAccessibleName(tr("Training log"));
    m_config->setReadOnly(true);
    m_config->setAccessibleName(tr("Configuration of the running job"));
    m_config->setPlaceholderText(tr("The configuration of the run appears here once it starts."));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_log->setFont(mono);
    m_config->setFont(mono);

    resetCharts();

    // Controls
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_export);
    buttons->addWidget(m_validation, 1);

    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_eta);

    // Charts with export buttons
    auto *chartsWidget = new QWidget(this);
    auto *chartGrid = new QGridLayout(chartsWidget);
    chartGrid->setContentsMargins(0, 0, 0, 0);
    const QList<MetricChart *> charts = { m_lossChart, m_perplexityChart, m_rateChart };
    for (int i = 0; i < charts.size(); ++i) {
        auto *box = new QWidget(chartsWidget);
        auto *v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        v->addWidget(charts[i], 1);
        auto *exportButton = new QToolButton(box);
        exportButton->setText(tr("Export..."));
        exportButton->setToolTip(tr("Save this chart as PNG or PDF"));
        MetricChart *chart = charts[i];
        connect(exportButton, &QToolButton::clicked, this, [this, chart] { exportChart(chart); });
        auto *row = new QHBoxLayout;
        row->addStretch(1);
        row->addWidget(exportButton);
        v->addLayout(row);
        chartGrid->addWidget(box, i / 2, i % 2);
    }

    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_log, tr("Log"));
    tabs->addTab(m_config, tr("Running configuration"));

    auto *rightSplit = new QSplitter(Qt::Vertical, this);
    rightSplit->addWidget(chartsWidget);
    rightSplit->addWidget(tabs);
    rightSplit->setStretchFactor(0, 3);
    rightSplit->setStretchFactor(1, 1);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(buttons);
    rightLayout->addLayout(progressRow);
    rightLayout->addWidget(rightSplit, 1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(createForm());
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(360);

    auto *split = new QSplitter(this);
    split->addWidget(scroll);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_start, &QPushButton::clicked, this, &TrainingPage::start);
    connect(m_pause, &QPushButton::clicked, this, &TrainingPage::pause);
    connect(m_resume, &QPushButton::clicked, this, &TrainingPage::resume);
    connect(m_stop, &QPushButton::clicked, this, &TrainingPage::stop);
    connect(m_export, &QPushButton::clicked, this, &TrainingPage::exportClusterLaunch);

    // The stall probe: a 10 ms timer whose late ticks measure how long the event loop was busy.
    m_probe->setInterval(10);
    m_probe->setTimerType(Qt::PreciseTimer);
    connect(m_probe, &QTimer::timeout, this, [this] {
        const qint64 now = m_probeClock.nsecsElapsed();
        if (m_lastTick >= 0)
            m_longestStallMs = std::max(m_longestStallMs, double(now - m_lastTick) / 1e6 - 10.0);
        m_lastTick = now;
    });
    m_probeClock.start();

    refreshDatasets();
    validateForm();
    updateButtons();
}

TrainingPage::~TrainingPage()
{
    if (m_job)
        m_job->cancelAndWait();
}

QWidget *TrainingPage::createForm()
{
    auto *form = new QWidget(this);
    auto *outer = new QVBoxLayout(form);
    const AppSettings settings = AppSettings::load();

    // Model and run
    auto *modelBox = new QGroupBox(tr("Model"), form);
    auto *modelForm = new QFormLayout(modelBox);
    m_name = new QLineEdit(tr("run"), modelBox);
    m_name->setObjectName(QStringLiteral("runName"));
    m_modelDir = new QLineEdit(modelBox);
    m_modelDir->setObjectName(QStringLiteral("modelDir"));
    m_modelDir->setPlaceholderText(tr("Hugging Face model folder or repo id (ORG/NAME)"));
    auto *browse = new QToolButton(modelBox);
    browse->setText(tr("Browse..."));
    browse->setToolTip(tr("Choose the base model folder (config.json, model.safetensors, tokenizer.model)"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Base model folder"), m_modelDir->text().isEmpty() ? m_workspace.modelsDir() : m_modelDir->text());
        if (!dir.isEmpty())
            m_modelDir->setText(dir);
    });
    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelDir, 1);
    modelRow->addWidget(browse);
    modelRow->addWidget(new HubModelButton(m_modelDir, false, modelBox));
    m_device = new QComboBox(modelBox);
    m_device->setObjectName(QStringLiteral("device"));
    m_device->addItems(availableDevices());
    m_device->setCurrentText(settings.device);
    m_dtype = new QComboBox(modelBox);
    m_dtype->setObjectName(QStringLiteral("dtype"));
    m_dtype->addItems({ QStringLiteral("auto"), QStringLiteral("bfloat16"), QStringLiteral("float32") });
    m_dtype->setCurrentText(settings.dtype);
    m_dtype->setToolTip(tr("Number format of the frozen base weights; auto picks bfloat16 where it is fast"));
    m_checkpointing = new QComboBox(modelBox);
    m_checkpointing->setObjectName(QStringLiteral("activationCheckpointing"));
    m_checkpointing->addItem(tr("Automatic (when memory is short)"), QStringLiteral("auto"));
    m_checkpointing->addItem(tr("On"), QStringLiteral("on"));
    m_checkpointing->addItem(tr("Off"), QStringLiteral("off"));
    m_checkpointing->setToolTip(tr("Activation checkpointing recomputes parts of each layer in the backward pass "
                                   "instead of keeping their activations: the same results in far less memory, each "
                                   "step slower. Automatic turns it on when a step would not fit in memory."));
    m_threads = spin(0, 1024, settings.computeThreads, modelBox, QStringLiteral("threads"));
    m_threads->setSpecialValueText(tr("all cores"));
    modelForm->addRow(tr("Run name:"), m_name);
    modelForm->addRow(tr("Base model:"), modelRow);
    modelForm->addRow(tr("Device:"), m_device);
    modelForm->addRow(tr("Weights:"), m_dtype);
    modelForm->addRow(tr("&Activation checkpointing:"), m_checkpointing);
    modelForm->addRow(tr("Threads:"), m_threads);
    outer->addWidget(modelBox);

    // Data
    auto *dataBox = new QGroupBox(tr("Data"), form);
    auto *dataForm = new QFormLayout(dataBox);
    m_datasets = new QTableWidget(0, DatasetColumnCount, dataBox);
    m_datasets->setObjectName(QStringLiteral("datasetTable"));
    m_datasets->setHorizontalHeaderLabels({ tr("Dataset"), tr("Weight"), tr("Cap") });
    m_datasets->horizontalHeader()->setSectionResizeMode(DatasetName, QHeaderView::Stretch);
    m_datasets->verticalHeader()->hide();
    m_datasets->setMinimumHeight(110);
    m_datasets->setToolTip(tr("Tick the datasets to train on; the weight sets each one's share of the mixture, the cap "
                              "limits its training examples"));
    m_datasets->setAccessibleName(tr("Datasets and mixture"));
    m_template = new QComboBox(dataBox);
    m_template->setObjectName(QStringLiteral("template"));
    m_maxTokens = spin(16, 32768, 512, dataBox, QStringLiteral("maxTokens"));
    m_maxTokens->setToolTip(tr("Longest sequence (prompt and answer) in tokens; longer documents are cut"));
    m_cut = new QComboBox(dataBox);
    m_cut->setObjectName(QStringLiteral("cut"));
    m_cut->addItem(tr("Keep the beginning"), QStringLiteral("tail"));
    m_cut->addItem(tr("Keep the end"), QStringLiteral("head"));
    m_cut->addItem(tr("Keep both ends"), QStringLiteral("middle"));
    dataForm->addRow(m_datasets);
    dataForm->addRow(tr("Template:"), m_template);
    dataForm->addRow(tr("Maximum length:"), m_maxTokens);
    dataForm->addRow(tr("Cut long documents:"), m_cut);
    outer->addWidget(dataBox);

    // LoRA
    auto *loraBox = new QGroupBox(tr("LoRA"), form);
    auto *loraForm = new QFormLayout(loraBox);
    const LoraConfig lora;
    m_loraR = spin(1, 1024, lora.r, loraBox, QStringLiteral("loraR"));
    m_loraR->setToolTip(tr("Rank of the low-rank update"));
    m_loraAlpha = dspin(0, 4096, lora.alpha, 1, 1, loraBox, QStringLiteral("loraAlpha"));
    m_loraAlpha->setToolTip(tr("Scale: the update is multiplied by alpha / r"));
    m_loraDropout = dspin(0, 0.99, lora.dropout, 2, 0.05, loraBox, QStringLiteral("loraDropout"));
    auto *targets = new QWidget(loraBox);
    auto *targetGrid = new QGridLayout(targets);
    targetGrid->setContentsMargins(0, 0, 0, 0);
    const QStringList candidates = loraTargetCandidates();
    for (int i = 0; i < candidates.size(); ++i) {
        auto *box = new QCheckBox(candidates[i], targets);
        box->setObjectName(QStringLiteral("target_") + candidates[i]);
        box->setChecked(lora.targetModules.contains(candidates[i]));
        m_targets << box;
        targetGrid->addWidget(box, i / 4, i % 4);
    }
    loraForm->addRow(tr("Rank r:"), m_loraR);
    loraForm->addRow(tr("Alpha:"), m_loraAlpha);
    loraForm->addRow(tr("Dropout:"), m_loraDropout);
    loraForm->addRow(tr("Target modules:"), targets);
    outer->addWidget(loraBox);

    // Optimizer and schedule
    const TrainerConfig trainer;
    auto *optBox = new QGroupBox(tr("Optimizer and schedule"), form);
    auto *optForm = new QFormLayout(optBox);
    m_learningRate = dspin(1e-7, 1.0, trainer.learningRate, 6, 1e-5, optBox, QStringLiteral("learningRate"));
    m_learningRate->setToolTip(tr("Peak learning rate of AdamW"));
    m_weightDecay = dspin(0, 1, trainer.weightDecay, 4, 0.01, optBox, QStringLiteral("weightDecay"));
    m_schedule = new QComboBox(optBox);
    m_schedule->setObjectName(QStringLiteral("schedule"));
    m_schedule->addItem(tr("Cosine"), QStringLiteral("cosine"));
    m_schedule->addItem(tr("Linear"), QStringLiteral("linear"));
    m_schedule->addItem(tr("Constant"), QStringLiteral("constant"));
    m_warmupRatio = dspin(0, 1, trainer.warmupRatio, 3, 0.01, optBox, QStringLiteral("warmupRatio"));
    m_warmupRatio->setToolTip(tr("Share of the optimizer steps spent warming up"));
    optForm->addRow(tr("Learning rate:"), m_learningRate);
    optForm->addRow(tr("Weight decay:"), m_weightDecay);
    optForm->addRow(tr("Schedule:"), m_schedule);
    optForm->addRow(tr("Warm-up ratio:"), m_warmupRatio);
    outer->addWidget(optBox);

    // Batches, length, evaluation
    auto *batchBox = new QGroupBox(tr("Batches and length"), form);
    auto *batchForm = new QFormLayout(batchBox);
    m_microBatch = spin(1, 4096, trainer.microBatchSize, batchBox, QStringLiteral("microBatch"));
    m_microBatch->setToolTip(tr("Sequences per forward pass"));
    m_accumulation = spin(1, 4096, trainer.gradientAccumulation, batchBox, QStringLiteral("accumulation"));
    m_accumulation->setToolTip(tr("Micro-batches per optimizer step"));
    m_epochs = dspin(0.01, 1000, trainer.epochs, 2, 0.5, batchBox, QStringLiteral("epochs"));
    m_maxSteps = spin(0, 10000000, trainer.maxSteps, batchBox, QStringLiteral("maxSteps"));
    m_maxSteps->setSpecialValueText(tr("use epochs"));
    m_maxSteps->setToolTip(tr("Optimizer steps; when set, it overrides the epochs"));
    m_evalEvery = spin(0, 1000000, trainer.evalEvery, batchBox, QStringLiteral("evalEvery"));
    m_evalEvery->setSpecialValueText(tr("only at the end"));
    m_checkpointEvery = spin(0, 1000000, trainer.checkpointEvery, batchBox, QStringLiteral("checkpointEvery"));
    m_checkpointEvery->setSpecialValueText(tr("only at the end"));
    m_seed = spin(0, INT32_MAX, int(trainer.seed), batchBox, QStringLiteral("seed"));
    batchForm->addRow(tr("Micro-batch:"), m_microBatch);
    batchForm->addRow(tr("Accumulation:"), m_accumulation);
    batchForm->addRow(tr("Epochs:"), m_epochs);
    batchForm->addRow(tr("Steps:"), m_maxSteps);
    batchForm->addRow(tr("Evaluate every:"), m_evalEvery);
    batchForm->addRow(tr("Checkpoint every:"), m_checkpointEvery);
    batchForm->addRow(tr("Seed:"), m_seed);
    outer->addWidget(batchBox);
    outer->addStretch(1);

    // Every change re-validates.
    const auto changed = [this] { validateForm(); };
    connect(m_name, &QLineEdit::textChanged, this, changed);
    connect(m_modelDir, &QLineEdit::textChanged, this, changed);
    connect(m_datasets, &QTableWidget::itemChanged, this, changed);
    for (QComboBox *c : { m_template, m_cut, m_schedule, m_dtype, m_device, m_checkpointing })
        connect(c, &QComboBox::currentIndexChanged, this, changed);
    for (QSpinBox *s : { m_maxTokens, m_loraR, m_microBatch, m_accumulation, m_maxSteps, m_evalEvery, m_checkpointEvery,
                         m_seed, m_threads })
        connect(s, &QSpinBox::valueChanged, this, changed);
    for (QDoubleSpinBox *s : { m_loraAlpha, m_loraDropout, m_learningRate, m_weightDecay, m_warmupRatio, m_epochs })
        connect(s, &QDoubleSpinBox::valueChanged, this, changed);
    for (QCheckBox *c : m_targets)
        connect(c, &QCheckBox::toggled, this, changed);
    return form;
}

void TrainingPage::refreshDatasets()
{
    const QString demo = QDir(m_workspace.modelsDir()).filePath(QStringLiteral("demo"));
    if (m_modelDir->text().isEmpty() && QFileInfo::exists(QDir(demo).filePath(QStringLiteral("config.json"))))
        m_modelDir->setText(demo);
    // Keep the ticks and weights the user set.
    QHash<qint64, std::tuple<bool, double, int>> previous;
    for (int row = 0; row < m_datasets->rowCount(); ++row) {
        const qint64 id = m_datasets->item(row, DatasetName)->data(Qt::UserRole).toLongLong();
        previous.insert(id,
                        { m_datasets->item(row, DatasetName)->checkState() == Qt::Checked,
                          static_cast<QDoubleSpinBox *>(m_datasets->cellWidget(row, DatasetWeight))->value(),
                          static_cast<QSpinBox *>(m_datasets->cellWidget(row, DatasetCap))->value() });
    }
    QList<DatasetInfo> datasets;
    QList<InstructionTemplate> templates;
    try {
        datasets = DatasetStore(m_workspace).list();
        templates = TemplateStore(m_workspace).list();
    } catch (const Error &e) {
        appendLog(e.fullMessage());
    }
    const QSignalBlocker block(m_datasets);
    m_datasets->setRowCount(int(datasets.size()));
    for (int row = 0; row < datasets.size(); ++row) {
        const DatasetInfo &d = datasets[row];
        const auto old = previous.value(d.id, { false, 1.0, -1 });
        auto *item = new QTableWidgetItem(tr("%1 (%n examples)", nullptr, int(d.exampleCount)).arg(d.name));
        item->setData(Qt::UserRole, d.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(std::get<0>(old) ? Qt::Checked : Qt::Unchecked);
        m_datasets->setItem(row, DatasetName, item);
        auto *weight = dspin(0.01, 1000, std::get<1>(old), 2, 0.1, m_datasets, QStringLiteral("weight_%1").arg(d.id));
        auto *cap = spin(-1, INT32_MAX, std::get<2>(old), m_datasets, QStringLiteral("cap_%1").arg(d.id));
        cap->setSpecialValueText(tr("all"));
        connect(weight, &QDoubleSpinBox::valueChanged, this, [this] { validateForm(); });
        connect(cap, &QSpinBox::valueChanged, this, [this] { validateForm(); });
        m_datasets->setCellWidget(row, DatasetWeight, weight);
        m_datasets->setCellWidget(row, DatasetCap, cap);
    }
    m_datasets->resizeColumnToContents(DatasetWeight);
    m_datasets->resizeColumnToContents(DatasetCap);

    const QString currentTemplate = m_template->currentText();
    {
        const QSignalBlocker blockTemplates(m_template);
        m_template->clear();
        for (const InstructionTemplate &t : templates)
            m_template->addItem(t.name);
        if (!currentTemplate.isEmpty())
            m_template->setCurrentText(currentTemplate);
    }
    validateForm();
}

void TrainingPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!isRunning())
        refreshDatasets();
}

TrainingSpec TrainingPage::spec() const
{
    TrainingSpec s;
    s.name = m_name->text().trimmed();
    s.modelDir = m_modelDir->text().trimmed();
    s.device = m_device->currentText();
    s.dtype = m_dtype->currentText();
    s.threads = m_threads->value();
    s.activationCheckpointing = m_checkpointing->currentData().toString();
    QJsonArray datasets;
    for (int row = 0; row < m_datasets->rowCount(); ++row) {
        const QTableWidgetItem *item = m_datasets->item(row, DatasetName);
        if (item->checkState() != Qt::Checked)
            continue;
        datasets.append(QJsonObject {
            { QStringLiteral("id"), item->data(Qt::UserRole).toLongLong() },
            { QStringLiteral("weight"),
              static_cast<QDoubleSpinBox *>(m_datasets->cellWidget(row, DatasetWeight))->value() },
            { QStringLiteral("cap"), static_cast<QSpinBox *>(m_datasets->cellWidget(row, DatasetCap))->value() } });
    }
    s.data = QJsonObject { { QStringLiteral("datasets"), datasets },
                           { QStringLiteral("template"), m_template->currentText() },
                           { QStringLiteral("max_tokens"), m_maxTokens->value() },
                           { QStringLiteral("cut"), m_cut->currentData().toString() } };
    s.lora.r = m_loraR->value();
    s.lora.alpha = m_loraAlpha->value();
    s.lora.dropout = m_loraDropout->value();
    s.lora.targetModules.clear();
    for (const QCheckBox *c : m_targets)
        if (c->isChecked())
            s.lora.targetModules << c->text().remove(QLatin1Char('&'));
    s.trainer.learningRate = m_learningRate->value();
    s.trainer.weightDecay = m_weightDecay->value();
    s.trainer.schedule = LrSchedule::kindFromName(m_schedule->currentData().toString());
    s.trainer.warmupRatio = m_warmupRatio->value();
    s.trainer.microBatchSize = m_microBatch->value();
    s.trainer.gradientAccumulation = m_accumulation->value();
    s.trainer.epochs = m_epochs->value();
    s.trainer.maxSteps = m_maxSteps->value();
    s.trainer.evalEvery = m_evalEvery->value();
    s.trainer.checkpointEvery = m_checkpointEvery->value();
    s.trainer.seed = quint64(m_seed->value());
    return s;
}

void TrainingPage::validateForm()
{
    QString message;
    try {
        const TrainingSpec s = spec();
        if (s.lora.targetModules.isEmpty())
            throw UsageError(tr("Tick at least one target module for LoRA"));
        s.validate();
        if (s.data.value(QStringLiteral("datasets")).toArray().isEmpty())
            throw UsageError(m_datasets->rowCount() == 0 ? tr("Import a dataset first (Datasets section)")
                                                         : tr("Tick at least one dataset to train on"));
        if (m_template->currentText().isEmpty())
            throw UsageError(tr("Choose an instruction template"));
    } catch (const Error &e) {
        message = e.fullMessage();
    }
    m_validationText = message;
    m_validation->setText(message);
    m_epochs->setEnabled(m_maxSteps->value() == 0);
    updateButtons();
}

bool TrainingPage::isRunning() const
{
    return m_job && m_active;
}

void TrainingPage::updateButtons()
{
    const bool running = isRunning();
    const bool paused = running && m_job->isPaused();
    m_start->setEnabled(!running && m_validationText.isEmpty());
    m_pause->setEnabled(running && !paused);
    m_resume->setEnabled(paused);
    m_stop->setEnabled(running && !m_job->isCancelRequested());
    m_export->setEnabled(m_validationText.isEmpty());
    m_validation->setVisible(!running);
}

void TrainingPage::exportClusterLaunch()
{
    ClusterLaunchDialog dialog(spec(), m_workspace.root(), this);
    dialog.exec();
}

void TrainingPage::resetCharts()
{
    for (MetricChart *c : { m_lossChart, m_perplexityChart, m_rateChart })
        for (const QString &id : { QStringLiteral("train"), QStringLiteral("smoothed"), QStringLiteral("validation"),
                                   QStringLiteral("perplexity"), QStringLiteral("lr"), QStringLiteral("tps") })
            c->removeSeries(id);
    const QColor blue(31, 119, 180), orange(255, 127, 14), green(44, 160, 44), purple(148, 103, 189);
    m_lossChart->addSeries(QStringLiteral("train"), tr("training (raw)"), blue.lighter(150));
    m_lossChart->addSeries(QStringLiteral("smoothed"), tr("training (smoothed)"), blue, MetricChart::Axis::Left,
                           MetricChart::Style::Line, QStringLiteral("train"), 0.9);
    m_lossChart->addSeries(QStringLiteral("validation"), tr("validation"), orange, MetricChart::Axis::Left,
                           MetricChart::Style::LineWithPoints);
    m_perplexityChart->addSeries(QStringLiteral("perplexity"), tr("validation perplexity"), green,
                                 MetricChart::Axis::Left, MetricChart::Style::LineWithPoints);
    m_rateChart->setRightAxisLabel(tr("tokens/s"));
    m_rateChart->addSeries(QStringLiteral("lr"), tr("learning rate"), purple);
    m_rateChart->addSeries(QStringLiteral("tps"), tr("tokens/s"), orange, MetricChart::Axis::Right);
}

void TrainingPage::start()
{
    validateForm();
    if (!m_validationText.isEmpty() || isRunning())
        return;
    try {
        startJob(std::make_unique<TrainingJob>(m_workspace, spec(), nullptr));
    } catch (const Error &e) {
        QMessageBox::warning(this, tr("Cannot start training"), e.fullMessage());
    }
}

void TrainingPage::resumeRun(qint64 runId)
{
    if (isRunning()) {
        QMessageBox::information(this, tr("Resume run"), tr("A run is already going; stop it first."));
        return;
    }
    try {
        startJob(TrainingJob::resume(m_workspace, runId, nullptr));
    } catch (const Error &e) {
        QMessageBox::warning(this, tr("Cannot resume run %1").arg(runId), e.fullMessage());
    }
}

void TrainingPage::startJob(std::unique_ptr<TrainingJob> job)
{
    m_job = std::move(job);
    m_runId = 0;
    resetCharts();
    m_log->clear();
    m_progress->setRange(0, 0);
    m_eta->clear();
    m_config->setPlainText(QString::fromUtf8(QJsonDocument(m_job->spec().toJson()).toJson(QJsonDocument::Indented)));

    TrainingJob *job_ = m_job.get();
    connect(job_, &TrainingJob::runCreated, this, [this](qint64 id) {
        m_runId = id;
        appendLog(tr("Run %1 started").arg(id));
        Q_EMIT runsChanged();
        Q_EMIT jobStatusChanged(tr("Training run %1").arg(id));
    });
    connect(job_, &TrainingJob::dataReady, this, [this](const QJsonObject &summary) {
        appendLog(tr("Data: %1 training, %2 validation and %3 test sequences, %4 truncated")
                      .arg(summary.value(QStringLiteral("train")).toInteger())
                      .arg(summary.value(QStringLiteral("validation")).toInteger())
                      .arg(summary.value(QStringLiteral("test")).toInteger())
                      .arg(summary.value(QStringLiteral("truncated")).toInteger()));
    });
    connect(job_, &TrainingJob::stepCompleted, this, &TrainingPage::onStep);
    connect(job_, &TrainingJob::evaluated, this, &TrainingPage::onEvaluated);
    connect(job_, &TrainingJob::checkpointSaved, this,
            [this](const QString &path, int step) { appendLog(tr("Checkpoint at step %1: %2").arg(step).arg(path)); });
    connect(job_, &TrainingJob::logLine, this, &TrainingPage::appendLog);
    connect(job_, &BackgroundJob::progress, this, [this](qint64 done, qint64 total, const QString &message) {
        if (m_progress->maximum() == 0 && total > 0 && !message.startsWith(QLatin1String("Step")))
            m_eta->setText(message);
        Q_UNUSED(done);
    });
    connect(job_, &BackgroundJob::pausedChanged, this, [this](bool paused) {
        appendLog(paused ? tr("Paused") : tr("Resumed"));
        Q_EMIT jobStatusChanged(paused ? tr("Training run %1 (paused)").arg(m_runId)
                                       : tr("Training run %1").arg(m_runId));
        updateButtons();
    });
    connect(job_, &BackgroundJob::failed, this, [this](const QString &message) {
        appendLog(tr("Failed: %1").arg(message));
        m_eta->setText(tr("Failed"));
    });
    connect(job_, &BackgroundJob::cancelled, this, [this] {
        appendLog(tr("Stopped; resume it from the Runs section."));
        m_eta->setText(tr("Stopped"));
    });
    connect(job_, &BackgroundJob::succeeded, this, [this] {
        const QJsonObject r = m_job->results();
        appendLog(tr("Completed: %1 steps, final training loss %2, test perplexity %3")
                      .arg(r.value(QStringLiteral("steps")).toInt())
                      .arg(r.value(QStringLiteral("final_train_loss")).toDouble(), 0, 'f', 4)
                      .arg(r.value(QStringLiteral("test_perplexity")).toDouble(), 0, 'f', 2));
        m_eta->setText(tr("Completed"));
    });
    connect(job_, &BackgroundJob::ended, this, &TrainingPage::onEnded);

    m_lastTick = -1;
    m_probe->start();
    m_active = true;
    m_job->start();
    Q_EMIT jobStatusChanged(tr("Training: starting"));
    updateButtons();
}

void TrainingPage::onStep(const TrainingProgress &p)
{
    if (m_progress->maximum() != p.totalSteps)
        m_progress->setRange(0, p.totalSteps);
    m_progress->setValue(p.step);
    m_eta->setText(tr("epoch %1, %2 tokens/s, %3 left")
                       .arg(p.epoch + 1)
                       .arg(p.tokensPerSecond, 0, 'f', 0)
                       .arg(formatDuration(p.etaSeconds)));
    if (p.skipped)
        return;
    m_lossChart->appendPoint(QStringLiteral("train"), p.step, p.loss);
    m_rateChart->appendPoint(QStringLiteral("lr"), p.step, p.learningRate);
    m_rateChart->appendPoint(QStringLiteral("tps"), p.step, p.tokensPerSecond);
}

void TrainingPage::onEvaluated(const EvaluationPoint &p)
{
    if (p.split != QLatin1String("validation"))
        return;
    m_lossChart->appendPoint(QStringLiteral("validation"), p.step, p.loss);
    m_perplexityChart->appendPoint(QStringLiteral("perplexity"), p.step, p.perplexity);
}

void TrainingPage::onEnded()
{
    m_active = false;
    m_probe->stop();
    if (m_progress->maximum() == 0)
        m_progress->setRange(0, 1);
    appendLog(tr("Longest GUI-thread stall during the run: %1 ms").arg(m_longestStallMs, 0, 'f', 1));
    for (MetricChart *c : { m_lossChart, m_perplexityChart, m_rateChart })
        c->flush();
    updateButtons();
    Q_EMIT runsChanged();
    Q_EMIT jobStatusChanged(QString());
}

void TrainingPage::pause()
{
    if (isRunning()) {
        m_job->pause();
        updateButtons();
    }
}

void TrainingPage::resume()
{
    if (isRunning()) {
        m_job->BackgroundJob::resume();
        updateButtons();
    }
}

void TrainingPage::stop()
{
    if (isRunning()) {
        m_job->requestCancel(); // also wakes a paused job
        appendLog(tr("Stopping..."));
        updateButtons();
    }
}

void TrainingPage::appendLog(const QString &line)
{
    m_log->appendPlainText(
        QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void TrainingPage::exportChart(MetricChart *chart)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"),
                                                      QDir(m_workspace.root()).filePath(QStringLiteral("chart.png")),
                                                      tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (!chart->exportTo(path))
        QMessageBox::warning(this, tr("Export chart"), tr("Could not write %1").arg(path));
}

} // namespace medtune::ui
