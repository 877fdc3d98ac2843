#include "review/generation_dialog.h"

#include "data/dataset_store.h"
#include "demo_workspace_setup.h"
#include "hub/hub_model_button.h"
#include "model/hub_cache.h"
#include "runs/run_adapter_label.h"
#include "text/instruction_template.h"
#include "train/run_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace medtune::ui {
namespace {

constexpr int kAdapterRole = Qt::UserRole;
constexpr int kSystemRole = Qt::UserRole + 1;

} // namespace

GenerationDialog::GenerationDialog(Workspace &workspace, QWidget *parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_modelDir(new QLineEdit(this))
    , m_base(new QCheckBox(tr("&Base model (no adapter)"), this))
    , m_adapters(new QListWidget(this))
    , m_datasets(new QListWidget(this))
    , m_split(new QComboBox(this))
    , m_limit(new QSpinBox(this))
    , m_session(new QLineEdit(this))
    , m_blind(new QCheckBox(tr("B&lind review (systems hidden until each item is submitted)"), this))
    , m_template(new QComboBox(this))
    , m_maxNew(new QSpinBox(this))
    , m_batch(new QSpinBox(this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_validation(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_generate(new QPushButton(tr("&Generate"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setWindowTitle(tr("Generate outputs for review"));
    setObjectName(QStringLiteral("generationDialog"));
    m_modelDir->setObjectName(QStringLiteral("modelDir"));
    m_base->setObjectName(QStringLiteral("baseSystem"));
    m_adapters->setObjectName(QStringLiteral("adapterList"));
    m_datasets->setObjectName(QStringLiteral("datasetList"));
    m_split->setObjectName(QStringLiteral("split"));
    m_limit->setObjectName(QStringLiteral("limit"));
    m_session->setObjectName(QStringLiteral("sessionName"));
    m_maxNew->setObjectName(QStringLiteral("maxNew"));
    m_validation->setObjectName(QStringLiteral("validationMessage"));
    m_generate->setObjectName(QStringLiteral("generateButton"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));

    auto *browseModel = new QPushButton(tr("Browse..."), this);
    browseModel->setToolTip(tr("Choose a Hugging Face model folder (config.json, model.safetensors, tokenizer.model)"));
    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelDir, 1);
    modelRow->addWidget(browseModel);
    modelRow->addWidget(new HubModelButton(m_modelDir, false, this));
    m_modelDir->setToolTip(tr("The base model every system uses"));

    m_base->setChecked(true);
    m_base->setToolTip(tr("Include the base model's own answers as a system named \"base\""));
    m_adapters->setToolTip(tr("Tick the runs' adapters to compare; each becomes a system named after its run"));
    m_adapters->setMaximumHeight(110);
    auto *addAdapter = new QPushButton(tr("Add adapter &folder..."), this);
    addAdapter->setToolTip(tr("An adapter folder of your own (adapter_config.json, adapter_model.safetensors)"));

    m_datasets->setToolTip(tr("The datasets whose records are answered"));
    m_datasets->setMaximumHeight(130);
    m_split->addItem(tr("test"), QStringLiteral("test"));
    m_split->addItem(tr("validation"), QStringLiteral("validation"));
    m_split->addItem(tr("train"), QStringLiteral("train"));
    m_split->setToolTip(tr("Which split's records are answered; test is the held-out one"));
    m_limit->setRange(0, 100000);
    m_limit->setValue(20);
    m_limit->setSpecialValueText(tr("all records"));
    m_limit->setToolTip(tr("A seeded sample of this many records, spread over the sources in proportion; "
                           "0 answers every record of the split"));
    m_session->setText(tr("review %1").arg(QDate::currentDate().toString(Qt::ISODate)));
    m_session->setToolTip(tr("A new session is created; an existing session of this name is extended"));
    m_blind->setChecked(true);
    for (const InstructionTemplate &t : TemplateStore(m_workspace).list())
        m_template->addItem(t.name);
    m_template->setToolTip(tr("The instruction template the prompts are written in (use the one the "
                              "adapters were trained with)"));
    m_maxNew->setRange(1, 4096);
    m_maxNew->setValue(128);
    m_maxNew->setToolTip(tr("The longest answer generated, in tokens"));
    m_batch->setObjectName(QStringLiteral("batchSize"));
    m_batch->setRange(0, 256);
    m_batch->setValue(0);
    m_batch->setSpecialValueText(tr("Auto"));
    m_batch->setToolTip(tr("Prompts decoded together. Auto takes the smallest size within 90% of the best "
                           "throughput 'medtune-cli bench generate' measured on this machine (4 when nothing "
                           "was measured)"));
    m_temperature->setRange(0.0, 5.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setValue(0.0);
    m_temperature->setSpecialValueText(tr("greedy"));
    m_temperature->setToolTip(tr("0 = greedy (deterministic); higher values sample more freely (seeded)"));

    m_form = new QWidget(this);
    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    auto *modelLabel = new QLabel(tr("&Model folder:"), m_form);
    modelLabel->setBuddy(m_modelDir);
    form->addRow(modelLabel, modelRow);
    auto *systems = new QVBoxLayout;
    systems->addWidget(m_base);
    systems->addWidget(m_adapters);
    auto *adapterButtons = new QHBoxLayout;
    adapterButtons->addWidget(addAdapter);
    adapterButtons->addWidget(
        new HubModelButton([this](const QString &repoId) { this->addAdapter(repoId); }, true, this));
    adapterButtons->addStretch(1);
    systems->addLayout(adapterButtons);
    form->addRow(tr("Systems:"), systems);
    form->addRow(tr("&Datasets:"), m_datasets);
    form->addRow(tr("&Split:"), m_split);
    form->addRow(tr("Sample si&ze:"), m_limit);
    form->addRow(tr("Templa&te:"), m_template);
    form->addRow(tr("Ma&x new tokens:"), m_maxNew);
    form->addRow(tr("T&emperature:"), m_temperature);
    form->addRow(tr("Batc&h size:"), m_batch);
    form->addRow(tr("Sessio&n:"), m_session);
    form->addRow(QString(), m_blind);

    m_validation->setWordWrap(true);
    m_validation->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_progress->setVisible(false);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel->setEnabled(false);
    m_generate->setDefault(true);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_generate, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addWidget(m_validation);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(browseModel, &QPushButton::clicked, this, &GenerationDialog::browseModel);
    connect(addAdapter, &QPushButton::clicked, this, &GenerationDialog::browseAdapter);
    connect(m_modelDir, &QLineEdit::textChanged, this, &GenerationDialog::validate);
    connect(m_base, &QCheckBox::toggled, this, &GenerationDialog::validate);
    connect(m_adapters, &QListWidget::itemChanged, this, &GenerationDialog::validate);
    connect(m_datasets, &QListWidget::itemChanged, this, &GenerationDialog::validate);
    connect(m_session, &QLineEdit::textChanged, this, &GenerationDialog::validate);
    connect(m_generate, &QPushButton::clicked, this, &GenerationDialog::startGeneration);
    connect(m_cancel, &QPushButton::clicked, this, &GenerationDialog::cancelGeneration);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);

    fillLists();
    validate();
    resize(620, 640);
}

GenerationDialog::~GenerationDialog()
{
    if (m_job)
        m_job->cancelAndWait();
}

void GenerationDialog::fillLists()
{
    const QString demo = DemoWorkspaceSetup::demoModelDir(m_workspace);
    if (QFileInfo::exists(QDir(demo).filePath(QStringLiteral("config.json"))))
        m_modelDir->setText(demo);
    try {
        for (const DatasetInfo &d : DatasetStore(m_workspace).list()) {
            auto *item
                = new QListWidgetItem(tr("%1 (%n record(s))", nullptr, int(d.exampleCount)).arg(d.name), m_datasets);
            item->setData(Qt::UserRole, d.name);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
        for (const RunAdapter &a : RunStore(m_workspace).adapters()) {
            auto *item = new QListWidgetItem(runAdapterLabel(a), m_adapters);
            item->setData(kAdapterRole, a.path);
            item->setData(kSystemRole,
                          a.kind == QLatin1String("final") ? a.runName : QStringLiteral("%1 (best)").arg(a.runName));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
    } catch (const Error &e) {
        m_status->setText(e.fullMessage());
    }
    if (m_adapters->count() == 0)
        m_adapters->setToolTip(tr("No runs with adapters yet: train one in the Training section, or add a folder"));
}

GenerationJobSpec GenerationDialog::spec() const
{
    GenerationJobSpec s;
    s.modelDir = m_modelDir->text().trimmed();
    if (m_base->isChecked())
        s.systems.push_back({ QStringLiteral("base"), QString() });
    for (int i = 0; i < m_adapters->count(); ++i) {
        const QListWidgetItem *item = m_adapters->item(i);
        if (item->checkState() == Qt::Checked)
            s.systems.push_back({ item->data(kSystemRole).toString(), item->data(kAdapterRole).toString() });
    }
    for (int i = 0; i < m_datasets->count(); ++i)
        if (m_datasets->item(i)->checkState() == Qt::Checked)
            s.datasets << m_datasets->item(i)->data(Qt::UserRole).toString();
    s.split = m_split->currentData().toString();
    s.limit = m_limit->value();
    s.session = m_session->text().trimmed();
    s.blind = m_blind->isChecked();
    s.templateName = m_template->currentText();
    s.sampling.maxNewTokens = m_maxNew->value();
    s.batchSize = m_batch->value(); // 0 = auto
    s.sampling.greedy = m_temperature->value() == 0.0;
    if (!s.sampling.greedy)
        s.sampling.temperature = m_temperature->value();
    s.sampling.seed = s.seed;
    return s;
}

QString GenerationDialog::validationMessage() const
{
    const GenerationJobSpec s = spec();
    if (!s.modelDir.isEmpty()
        && !QFileInfo::exists(QDir(findModelFolder(s.modelDir)).filePath(QStringLiteral("config.json"))))
        return HubCache::looksLikeRepoId(s.modelDir) && !QFileInfo::exists(s.modelDir)
            ? tr("%1 is not in the Hugging Face cache: get it with the Hugging Face button.").arg(s.modelDir)
            : tr("The model folder has no config.json.");
    if (s.session.isEmpty())
        return tr("Name the review session.");
    if (s.systems.empty())
        return tr("Tick the base model or at least one adapter.");
    if (s.datasets.isEmpty())
        return tr("Tick at least one dataset.");
    try {
        s.validate();
    } catch (const Error &e) {
        return e.message();
    }
    return {};
}

void GenerationDialog::validate()
{
    const QString problem = validationMessage();
    m_validation->setText(problem);
    m_validation->setVisible(!problem.isEmpty());
    m_generate->setEnabled(problem.isEmpty() && !m_job);
}

void GenerationDialog::setModelDir(const QString &dir)
{
    m_modelDir->setText(dir);
}

void GenerationDialog::setDatasetChecked(const QString &name, bool checked)
{
    for (int i = 0; i < m_datasets->count(); ++i)
        if (m_datasets->item(i)->data(Qt::UserRole).toString() == name)
            m_datasets->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void GenerationDialog::addAdapter(const QString &adapterDir, const QString &systemName)
{
    const QString path = QDir::cleanPath(adapterDir);
    for (int i = 0; i < m_adapters->count(); ++i) {
        QListWidgetItem *item = m_adapters->item(i);
        if (QDir::cleanPath(item->data(kAdapterRole).toString()) == path) {
            if (!systemName.isEmpty())
                item->setData(kSystemRole, systemName);
            item->setCheckState(Qt::Checked);
            return;
        }
    }
    auto *item = new QListWidgetItem(QDir::toNativeSeparators(path), m_adapters);
    item->setData(kAdapterRole, path);
    item->setData(kSystemRole, systemName.isEmpty() ? QFileInfo(path).fileName() : systemName);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
}

void GenerationDialog::setBaseChecked(bool checked)
{
    m_base->setChecked(checked);
}
void GenerationDialog::setLimit(int limit)
{
    m_limit->setValue(limit);
}
void GenerationDialog::setMaxNewTokens(int tokens)
{
    m_maxNew->setValue(tokens);
}
void GenerationDialog::setSessionName(const QString &name)
{
    m_session->setText(name);
}
QString GenerationDialog::statusText() const
{
    return m_status->text();
}

void GenerationDialog::browseModel()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"), m_modelDir->text());
    if (!dir.isEmpty())
        m_modelDir->setText(dir);
}

void GenerationDialog::browseAdapter()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Adapter folder"), m_workspace.runsDir());
    if (dir.isEmpty())
        return;
    if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("adapter_config.json")))) {
        m_status->setText(
            tr("%1 has no adapter_config.json: choose a PEFT adapter folder.").arg(QDir::toNativeSeparators(dir)));
        return;
    }
    addAdapter(dir);
}

void GenerationDialog::setBusy(bool busy)
{
    m_form->setEnabled(!busy);
    m_generate->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_progress->setVisible(busy);
    if (!busy)
        validate();
}

bool GenerationDialog::startGeneration()
{
    if (m_job)
        return false;
    const QString problem = validationMessage();
    if (!problem.isEmpty()) {
        m_validation->setText(problem);
        return false;
    }
    m_result = {};
    m_succeeded = false;
    m_job = std::make_unique<GenerationJob>(m_workspace, spec());
    m_progress->setRange(0, 0);
    m_status->setText(tr("Loading the model..."));
    connect(m_job.get(), &BackgroundJob::progress, this, [this](qint64 done, qint64 total, const QString &message) {
        m_progress->setRange(0, int(std::max<qint64>(total, 1)));
        m_progress->setValue(int(done));
        m_status->setText(message.isEmpty() ? tr("%1 of %2 outputs").arg(done).arg(total) : message);
    });
    connect(m_job.get(), &BackgroundJob::ended, this, [this] {
        std::unique_ptr<GenerationJob> job = std::move(m_job);
        m_result = job->result();
        setBusy(false);
        const bool success = m_succeeded;
        if (success) {
            QStringList perSystem;
            for (auto it = m_result.outputsPerSystem.begin(); it != m_result.outputsPerSystem.end(); ++it)
                perSystem << tr("%1: %2").arg(it.key()).arg(it.value().toInt());
            QString text = tr("%n item(s) stored in session \"%1\" (%2).", nullptr, m_result.items)
                               .arg(m_result.sessionName, perSystem.join(QStringLiteral(", ")));
            int tooLong = 0;
            for (const QJsonValue &v : m_result.skipped)
                tooLong += v.toInt();
            if (tooLong > 0)
                text += u' ' + tr("%n record(s) left out because they do not fit the context.", nullptr, tooLong);
            text += u' ' + tr("Batch size %1 (%2).").arg(m_result.batchSize).arg(m_result.batchReason);
            m_status->setText(text);
        }
        Q_EMIT generationFinished(success, success ? m_result.sessionId : 0);
    });
    connect(m_job.get(), &BackgroundJob::succeeded, this, [this] { m_succeeded = true; });
    connect(m_job.get(), &BackgroundJob::failed, this,
            [this](const QString &message) { m_status->setText(tr("Generation failed: %1").arg(message)); });
    connect(m_job.get(), &BackgroundJob::cancelled, this,
            [this] { m_status->setText(tr("Cancelled. The outputs stored so far stay in the session.")); });
    setBusy(true);
    m_job->start();
    return true;
}

void GenerationDialog::cancelGeneration()
{
    if (m_job)
        m_job->requestCancel();
}

} // namespace medtune::ui
