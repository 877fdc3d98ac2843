#include "playground_page.h"

#include "data/dataset_file.h"
#include "data/dataset_store.h"
#include "hub/hub_model_button.h"
#include "model/hub_cache.h"
#include "model/llama_model.h"
#include "playground_job.h"
#include "runs/run_adapter_label.h"
#include "text/instruction_template.h"
#include "train/run_store.h"
#include "util/app_settings.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

namespace medtune::ui {
namespace {

QPlainTextEdit *outputView(QWidget *parent, const QString &name, const QString &accessible)
{
    auto *v = new QPlainTextEdit(parent);
    v->setObjectName(name);
    v->setReadOnly(true);
    v->setAccessibleName(accessible);
    return v;
}

void appendText(QPlainTextEdit *view, const QString &text)
{
    QTextCursor c(view->document());
    c.movePosition(QTextCursor::End);
    c.insertText(text);
    view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());
}

} // namespace

PlaygroundPage::PlaygroundPage(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_modelDir(new QLineEdit(this))
    , m_adapter(new QComboBox(this))
    , m_template(new QComboBox(this))
    , m_usePrompt(new QRadioButton(tr("&Your prompt"), this))
    , m_useRecord(new QRadioButton(tr("A &test record"), this))
    , m_prompt(new QPlainTextEdit(this))
    , m_dataset(new QComboBox(this))
    , m_record(new QSpinBox(this))
    , m_recordInfo(new QLabel(this))
    , m_greedy(new QCheckBox(tr("&Greedy (always the most likely token)"), this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_topK(new QSpinBox(this))
    , m_topP(new QDoubleSpinBox(this))
    , m_repetition(new QDoubleSpinBox(this))
    , m_maxNew(new QSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_generate(new QPushButton(tr("&Generate"), this))
    , m_cancel(new QPushButton(tr("&Cancel"), this))
    , m_status(new QLabel(this))
    , m_promptShown(outputView(this, QStringLiteral("promptShown"), tr("Prompt as the model reads it")))
    , m_base(outputView(this, QStringLiteral("baseOutput"), tr("Base model output")))
    , m_adapted(outputView(this, QStringLiteral("adapterOutput"), tr("Adapter output")))
    , m_reference(outputView(this, QStringLiteral("referenceOutput"), tr("Reference answer")))
    , m_baseTitle(new QLabel(tr("<b>Base model</b>"), this))
    , m_adaptedTitle(new QLabel(tr("<b>With adapter</b>"), this))
    , m_referenceBox(new QWidget(this))
{
    setObjectName(QStringLiteral("PlaygroundPage"));
    m_modelDir->setObjectName(QStringLiteral("modelDir"));
    m_adapter->setObjectName(QStringLiteral("adapter"));
    m_template->setObjectName(QStringLiteral("template"));
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_dataset->setObjectName(QStringLiteral("dataset"));
    m_record->setObjectName(QStringLiteral("record"));
    m_generate->setObjectName(QStringLiteral("generateButton"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_usePrompt->setObjectName(QStringLiteral("usePrompt"));
    m_greedy->setObjectName(QStringLiteral("greedy"));
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_topK->setObjectName(QStringLiteral("topK"));
    m_topP->setObjectName(QStringLiteral("topP"));
    m_repetition->setObjectName(QStringLiteral("repetitionPenalty"));
    m_maxNew->setObjectName(QStringLiteral("maxNew"));
    m_seed->setObjectName(QStringLiteral("seed"));
    m_useRecord->setObjectName(QStringLiteral("useRecord"));

    m_modelDir->setPlaceholderText(tr("Base model folder"));
    m_adapter->setToolTip(tr("A run's final or best adapter, or an adapter folder of your own"));
    m_prompt->setPlaceholderText(
        tr("Ask a medical question, e.g. Does regular aspirin use lower the risk of colorectal cancer?"));
    m_prompt->setMaximumHeight(110);
    m_record->setMinimum(1);
    m_recordInfo->setWordWrap(true);
    m_greedy->setChecked(true);
    m_temperature->setRange(0.01, 5.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(0.7);
    m_topK->setRange(0, 100000);
    m_topK->setValue(50);
    m_topK->setSpecialValueText(tr("off"));
    m_topP->setRange(0.01, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(0.9);
    m_repetition->setRange(1.0, 3.0);
    m_repetition->setSingleStep(0.05);
    m_repetition->setValue(1.1);
    m_repetition->setToolTip(tr("Above 1 discourages repeating tokens already present"));
    m_maxNew->setRange(1, 4096);
    m_maxNew->setValue(64);
    m_seed->setRange(0, INT32_MAX);
    m_status->setWordWrap(true);
    m_generate->setDefault(true);
    m_generate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_generate->setToolTip(tr("Generate with the base model, then with the adapter (Ctrl+Enter)"));
    m_cancel->setToolTip(tr("Stop generating"));

    auto *browseModel = new QToolButton(this);
    browseModel->setText(tr("Browse..."));
    connect(browseModel, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Base model folder"), m_workspace.modelsDir());
        if (!dir.isEmpty())
            m_modelDir->setText(dir);
    });
    auto *browseAdapter = new QToolButton(this);
    browseAdapter->setText(tr("Browse..."));
    browseAdapter->setToolTip(tr("Choose an adapter folder (adapter_config.json, adapter_model.safetensors)"));
    connect(browseAdapter, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Adapter folder"), m_workspace.runsDir());
        if (!dir.isEmpty())
            setAdapterDir(dir);
    });

    // Settings column
    auto *modelBox = new QGroupBox(tr("Model"), this);
    auto *modelForm = new QFormLayout(modelBox);
    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelDir, 1);
    modelRow->addWidget(browseModel);
    modelRow->addWidget(new HubModelButton(m_modelDir, false, this));
    auto *adapterRow = new QHBoxLayout;
    adapterRow->addWidget(m_adapter, 1);
    adapterRow->addWidget(browseAdapter);
    adapterRow->addWidget(new HubModelButton([this](const QString &repoId) { setAdapterDir(repoId); }, true, this));
    modelForm->addRow(tr("Base model:"), modelRow);
    modelForm->addRow(tr("Adapter:"), adapterRow);
    modelForm->addRow(tr("Template:"), m_template);

    auto *inputBox = new QGroupBox(tr("Input"), this);
    auto *inputLayout = new QVBoxLayout(inputBox);
    auto *group = new QButtonGroup(this);
    group->addButton(m_usePrompt);
    group->addButton(m_useRecord);
    m_usePrompt->setChecked(true);
    inputLayout->addWidget(m_usePrompt);
    inputLayout->addWidget(m_prompt);
    inputLayout->addWidget(m_useRecord);
    auto *recordForm = new QFormLayout;
    recordForm->addRow(tr("Dataset:"), m_dataset);
    recordForm->addRow(tr("Test record:"), m_record);
    inputLayout->addLayout(recordForm);
    inputLayout->addWidget(m_recordInfo);

    auto *genBox = new QGroupBox(tr("Generation"), this);
    auto *genForm = new QFormLayout(genBox);
    genForm->addRow(m_greedy);
    genForm->addRow(tr("Temperature:"), m_temperature);
    genForm->addRow(tr("Top-k:"), m_topK);
    genForm->addRow(tr("Top-p:"), m_topP);
    genForm->addRow(tr("Repetition penalty:"), m_repetition);
    genForm->addRow(tr("Max new tokens:"), m_maxNew);
    genForm->addRow(tr("Seed:"), m_seed);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_generate);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(modelBox);
    leftLayout->addWidget(inputBox);
    leftLayout->addWidget(genBox);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_status);
    leftLayout->addStretch(1);
    left->setMinimumWidth(380);
    m_baseTitle->setWordWrap(true);
    m_adaptedTitle->setWordWrap(true);

    // Outputs
    auto *promptBox = new QWidget(this);
    auto *promptLayout = new QVBoxLayout(promptBox);
    promptLayout->setContentsMargins(0, 0, 0, 0);
    promptLayout->addWidget(new QLabel(tr("<b>Prompt as the model reads it</b>"), promptBox));
    promptLayout->addWidget(m_promptShown);

    auto *sides = new QSplitter(Qt::Horizontal, this);
    for (auto [title, view] : { std::pair { m_baseTitle, m_base }, std::pair { m_adaptedTitle, m_adapted } }) {
        auto *w = new QWidget(sides);
        auto *l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(title);
        l->addWidget(view);
        sides->addWidget(w);
    }
    auto *refLayout = new QVBoxLayout(m_referenceBox);
    refLayout->setContentsMargins(0, 0, 0, 0);
    refLayout->addWidget(new QLabel(tr("<b>Reference answer</b>"), m_referenceBox));
    refLayout->addWidget(m_reference);
    m_referenceBox->hide();

    auto *outputs = new QSplitter(Qt::Vertical, this);
    outputs->addWidget(promptBox);
    outputs->addWidget(sides);
    outputs->addWidget(m_referenceBox);
    outputs->setStretchFactor(0, 1);
    outputs->setStretchFactor(1, 3);
    outputs->setStretchFactor(2, 1);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(outputs);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_generate, &QPushButton::clicked, this, &PlaygroundPage::generate);
    connect(m_cancel, &QPushButton::clicked, this, &PlaygroundPage::cancel);
    connect(m_greedy, &QCheckBox::toggled, this, &PlaygroundPage::updateControls);
    connect(m_usePrompt, &QRadioButton::toggled, this, &PlaygroundPage::updateControls);
    connect(m_modelDir, &QLineEdit::textChanged, this, &PlaygroundPage::updateControls);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &PlaygroundPage::updateControls);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &PlaygroundPage::loadTestRecords);
    connect(m_record, &QSpinBox::valueChanged, this, &PlaygroundPage::showRecord);
    connect(m_useRecord, &QRadioButton::toggled, this, &PlaygroundPage::showRecord);
    // A run's adapter brings its base model and template along.
    connect(m_adapter, &QComboBox::currentIndexChanged, this, [this] {
        const QString model = m_adapter->currentData(Qt::UserRole + 1).toString();
        const QString templ = m_adapter->currentData(Qt::UserRole + 2).toString();
        if (!model.isEmpty())
            m_modelDir->setText(model);
        if (!templ.isEmpty())
            m_template->setCurrentText(templ);
        m_adaptedTitle->setText(m_adapter->currentData().toString().isEmpty()
                                    ? tr("<b>With adapter</b> (none chosen)")
                                    : tr("<b>With adapter</b> %1").arg(m_adapter->currentText().toHtmlEscaped()));
    });

    refresh();
}

PlaygroundPage::~PlaygroundPage()
{
    if (m_job)
        m_job->cancel();
}

void PlaygroundPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!isGenerating())
        refresh();
}

void PlaygroundPage::refresh()
{
    const QString demo = QDir(m_workspace.modelsDir()).filePath(QStringLiteral("demo"));
    if (m_modelDir->text().isEmpty() && QFileInfo::exists(QDir(demo).filePath(QStringLiteral("config.json"))))
        m_modelDir->setText(demo);
    // Adapters: the final and best adapters of every run.
    const QString adapter = m_adapter->currentData().toString();
    {
        const QSignalBlocker block(m_adapter);
        m_adapter->clear();
        m_adapter->addItem(tr("None (base model only)"), QString());
        try {
            for (const RunAdapter &a : RunStore(m_workspace).adapters()) {
                m_adapter->addItem(runAdapterLabel(a), a.path);
                const int i = m_adapter->count() - 1;
                m_adapter->setItemData(i, a.modelDir, Qt::UserRole + 1);
                m_adapter->setItemData(i, a.templateName, Qt::UserRole + 2);
            }
        } catch (const Error &e) {
            m_status->setText(e.fullMessage());
        }
        const int keep = m_adapter->findData(adapter);
        if (keep >= 0)
            m_adapter->setCurrentIndex(keep);
        else if (!adapter.isEmpty())
            setAdapterDir(adapter);
    }

    const QString templ = m_template->currentText();
    m_template->clear();
    const QString dataset = m_dataset->currentText();
    {
        const QSignalBlocker block(m_dataset);
        m_dataset->clear();
        try {
            for (const InstructionTemplate &t : TemplateStore(m_workspace).list())
                m_template->addItem(t.name);
            for (const DatasetInfo &d : DatasetStore(m_workspace).list())
                m_dataset->addItem(d.name, d.id);
        } catch (const Error &e) {
            m_status->setText(e.fullMessage());
        }
    }
    if (!templ.isEmpty())
        m_template->setCurrentText(templ);
    if (!dataset.isEmpty())
        m_dataset->setCurrentText(dataset);
    loadTestRecords();
    updateControls();
}

void PlaygroundPage::setAdapterDir(const QString &dir)
{
    int i = m_adapter->findData(dir);
    if (i < 0) {
        m_adapter->addItem(QDir(dir).dirName(), dir);
        i = m_adapter->count() - 1;
    }
    m_adapter->setCurrentIndex(i);
}

void PlaygroundPage::setModelDir(const QString &dir)
{
    m_modelDir->setText(dir);
}

void PlaygroundPage::setPrompt(const QString &prompt)
{
    m_usePrompt->setChecked(true);
    m_prompt->setPlainText(prompt);
}

void PlaygroundPage::loadTestRecords()
{
    m_testRows.clear();
    try {
        DatasetStore store(m_workspace);
        if (const auto info = store.byId(m_dataset->currentData().toLongLong())) {
            const auto file = store.open(*info);
            for (qint64 i = 0; i < file->size(); ++i)
                if (file->entry(i).split == split::code(split::test()))
                    m_testRows << i;
        }
    } catch (const Error &e) {
        m_recordInfo->setText(e.fullMessage());
    }
    const QSignalBlocker block(m_record);
    m_record->setMaximum(std::max<int>(1, int(m_testRows.size())));
    m_record->setSuffix(tr(" of %1").arg(m_testRows.size()));
    showRecord();
}

bool PlaygroundPage::currentExample(Example &example) const
{
    if (m_usePrompt->isChecked()) {
        const QString text = m_prompt->toPlainText().trimmed();
        if (text.isEmpty())
            return false;
        example = Example {};
        example.id = QStringLiteral("prompt");
        example.source = QStringLiteral("playground");
        example.split = split::test();
        example.task = TaskKind::MedicalQa;
        example.question = text;
        return true;
    }
    const int i = m_record->value() - 1;
    if (i < 0 || i >= m_testRows.size())
        return false;
    try {
        DatasetStore store(m_workspace);
        const auto info = store.byId(m_dataset->currentData().toLongLong());
        if (!info)
            return false;
        example = store.open(*info)->at(m_testRows[i]);
        return true;
    } catch (const Error &) {
        return false;
    }
}

void PlaygroundPage::showRecord()
{
    Example e;
    const bool record = m_useRecord->isChecked() && currentExample(e);
    if (m_useRecord->isChecked()) {
        m_recordInfo->setText(
            record
                ? tr("%1 record %2 (%3): %4")
                      .arg(e.source, e.id, taskName(e.task),
                           e.inputText().size() > 300 ? e.inputText().left(300) + QStringLiteral("...") : e.inputText())
                : tr("This dataset has no test records."));
    } else {
        m_recordInfo->clear();
    }
    m_reference->setPlainText(record ? e.answer : QString());
    m_referenceBox->setVisible(record && e.labelled());
    updateControls();
}

void PlaygroundPage::updateControls()
{
    const bool busy = isGenerating();
    const bool sampling = !m_greedy->isChecked();
    for (QWidget *w : std::initializer_list<QWidget *> { m_temperature, m_topK, m_topP, m_seed })
        w->setEnabled(sampling);
    m_prompt->setEnabled(m_usePrompt->isChecked());
    m_dataset->setEnabled(m_useRecord->isChecked());
    m_record->setEnabled(m_useRecord->isChecked() && !m_testRows.isEmpty());
    const bool hasInput
        = m_usePrompt->isChecked() ? !m_prompt->toPlainText().trimmed().isEmpty() : !m_testRows.isEmpty();
    const QString modelFolder = findModelFolder(m_modelDir->text().trimmed()); // a folder or a cached repo id
    const bool hasModel
        = !modelFolder.isEmpty() && QFileInfo::exists(QDir(modelFolder).filePath(QStringLiteral("config.json")));
    m_generate->setEnabled(!busy && hasInput && hasModel);
    m_cancel->setEnabled(busy);
    // A hint about what is missing, cleared (and only that) once nothing is.
    const QString modelHint = tr("Choose a base model folder (the demo model is made on first start in models/demo).");
    const QString inputHint = tr("Write a prompt or choose a test record.");
    if (!busy && !hasModel)
        m_status->setText(modelHint);
    else if (!busy && !hasInput)
        m_status->setText(inputHint);
    else if (!busy && (m_status->text() == modelHint || m_status->text() == inputHint))
        m_status->clear();
}

bool PlaygroundPage::isGenerating() const
{
    return m_job && m_active;
}

QString PlaygroundPage::baseOutput() const
{
    return m_base->toPlainText();
}

QString PlaygroundPage::adapterOutput() const
{
    return m_adapted->toPlainText();
}

QString PlaygroundPage::referenceText() const
{
    return m_referenceBox->isVisible() || !m_reference->toPlainText().isEmpty() ? m_reference->toPlainText()
                                                                                : QString();
}

void PlaygroundPage::generate()
{
    if (isGenerating())
        return;
    PlaygroundRequest request;
    request.modelDir = m_modelDir->text().trimmed();
    const AppSettings settings = AppSettings::load();
    request.device = settings.device;
    request.dtype = settings.dtype;
    request.adapterDir = m_adapter->currentData().toString();
    try {
        request.templ = TemplateStore(m_workspace).resolve(m_template->currentText());
        if (!currentExample(request.example))
            throw UsageError(tr("Write a prompt or choose a test record"));
        SamplingOptions &o = request.sampling;
        o.greedy = m_greedy->isChecked();
        o.temperature = m_temperature->value();
        o.topK = m_topK->value();
        o.topP = m_topP->value();
        o.repetitionPenalty = m_repetition->value();
        o.maxNewTokens = m_maxNew->value();
        o.seed = uint64_t(m_seed->value());
        o.validate();
    } catch (const Error &e) {
        m_status->setText(e.fullMessage());
        return;
    }

    if (m_job)
        m_model = m_job->model();
    m_job = std::make_unique<PlaygroundJob>(request, m_model);
    m_base->clear();
    m_adapted->clear();
    m_promptShown->clear();
    m_baseTitle->setText(tr("<b>Base model</b>"));
    m_adaptedTitle->setText(request.adapterDir.isEmpty()
                                ? tr("<b>With adapter</b> (none chosen)")
                                : tr("<b>With adapter</b> %1").arg(m_adapter->currentText().toHtmlEscaped()));
    PlaygroundJob *job = m_job.get();
    connect(job, &PlaygroundJob::promptReady, this, [this](const QString &text, int tokens) {
        m_promptShown->setPlainText(text);
        m_status->setText(tr("Prompt: %n tokens", nullptr, tokens));
    });
    connect(job, &PlaygroundJob::token, this, [this](int side, const QString &delta) {
        appendText(side == PlaygroundJob::Base ? m_base : m_adapted, delta);
    });
    connect(job, &PlaygroundJob::sideFinished, this, [this](int side, const QString &reason, int tokens) {
        QLabel *title = side == PlaygroundJob::Base ? m_baseTitle : m_adaptedTitle;
        title->setText(title->text() + tr(" <i>(%n tokens, stopped: %1)</i>", nullptr, tokens).arg(reason));
    });
    connect(job, &BackgroundJob::progress, this, [this](qint64, qint64, const QString &message) {
        m_status->setText(message);
        Q_EMIT jobStatusChanged(tr("Playground: %1").arg(message));
    });
    connect(job, &BackgroundJob::failed, this, [this](const QString &message) { m_status->setText(message); });
    connect(job, &BackgroundJob::cancelled, this, [this] { m_status->setText(tr("Cancelled.")); });
    connect(job, &BackgroundJob::succeeded, this, [this] { m_status->setText(tr("Done.")); });
    connect(job, &BackgroundJob::ended, this, [this] {
        m_active = false;
        updateControls();
        Q_EMIT jobStatusChanged(QString());
        Q_EMIT generationFinished();
    });
    m_active = true;
    m_job->start();
    updateControls();
}

void PlaygroundPage::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace medtune::ui
