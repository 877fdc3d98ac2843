#include "datasets/datasets_page.h"

#include "data/dataset_file.h"
#include "datasets/import_dialog.h"
#include "datasets/record_table_model.h"
#include "empty_state.h"
#include "qcustomplot_include.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "text/tokenized_cache.h"
#include "text/tokenizer.h"
#include "util/background_job.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace medtune::ui {

/// Tokenizes a dataset under a template and length policy through the tokenized cache (so a
/// second look is instant and training reuses it) and collects the per-record lengths.
class TokenStatsJob : public BackgroundJob
{
public:
    TokenStatsJob(DatasetInfo info, QString cacheDir, QString tokenizerPath, InstructionTemplate templ, int maxTokens)
        : BackgroundJob(QObject::tr("Token statistics"))
        , m_info(std::move(info))
        , m_cacheDir(std::move(cacheDir))
        , m_tokenizerPath(std::move(tokenizerPath))
        , m_template(std::move(templ))
        , m_maxTokens(maxTokens)
    {
    }
    ~TokenStatsJob() override { cancelAndWait(); }

    std::vector<double> promptLengths, answerLengths;
    TokenStatistics stats;

protected:
    void work() override
    {
        auto tokenizer = Tokenizer::load(m_tokenizerPath);
        LengthPolicy policy;
        policy.maxTokens = m_maxTokens;
        PromptFormatter formatter(m_template, tokenizer, policy);
        auto file = DatasetFile::open(m_info.storageDir);
        auto cache = TokenizedCache::openOrBuild(m_cacheDir, *file, m_info.contentHash, formatter, nullptr,
                                                 [this](qint64 done, qint64 total) {
                                                     reportProgress(done, total);
                                                     return !isCancelRequested();
                                                 });
        checkpoint();
        for (qint64 i = 0; i < cache->size(); ++i) {
            const auto r = cache->record(i);
            if (r.skip != FormatSkip::None)
                continue;
            promptLengths.push_back(r.promptLength);
            answerLengths.push_back(double(r.ids.size()) - r.promptLength);
        }
        stats = cache->statistics(m_maxTokens);
    }

private:
    DatasetInfo m_info;
    QString m_cacheDir, m_tokenizerPath;
    InstructionTemplate m_template;
    int m_maxTokens;
};

namespace {

const QColor kAccent(0x2b, 0x7b, 0xb9);
const QColor kAccent2(0xe0, 0x7b, 0x39);

void stylePlot(QCustomPlot *plot, const QString &title, const QString &xLabel, const QString &yLabel)
{
    plot->clearItems();
    plot->clearPlottables();
    plot->plotLayout()->clear();
    plot->plotLayout()->addElement(0, 0,
                                   new QCPTextElement(plot, title, QFont(plot->font().family(), 10, QFont::Bold)));
    auto *rect = new QCPAxisRect(plot);
    plot->plotLayout()->addElement(1, 0, rect);
    plot->xAxis = rect->axis(QCPAxis::atBottom);
    plot->yAxis = rect->axis(QCPAxis::atLeft);
    plot->xAxis2 = rect->axis(QCPAxis::atTop);
    plot->yAxis2 = rect->axis(QCPAxis::atRight);
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(yLabel);
    const QPalette pal = plot->palette();
    plot->setBackground(pal.color(QPalette::Base));
    for (QCPAxis *axis : { plot->xAxis, plot->yAxis }) {
        axis->setBasePen(QPen(pal.color(QPalette::Text)));
        axis->setTickPen(QPen(pal.color(QPalette::Text)));
        axis->setSubTickPen(QPen(pal.color(QPalette::Text)));
        axis->setTickLabelColor(pal.color(QPalette::Text));
        axis->setLabelColor(pal.color(QPalette::Text));
        axis->grid()->setPen(QPen(pal.color(QPalette::Mid), 0, Qt::DotLine));
    }
    if (auto *t = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0)))
        t->setTextColor(pal.color(QPalette::Text));
    plot->setMinimumHeight(200);
}

void showMessage(QCustomPlot *plot, const QString &title, const QString &message)
{
    stylePlot(plot, title, QString(), QString());
    plot->xAxis->setVisible(false);
    plot->yAxis->setVisible(false);
    auto *text = new QCPItemText(plot);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.5, 0.5);
    text->setText(message);
    text->setColor(plot->palette().color(QPalette::PlaceholderText));
    plot->replot();
}

/// Whole-number ticks for counts.
void countTicks(QCPAxis *axis)
{
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    axis->setTicker(ticker);
}

/// Bars with category labels.
void plotBars(QCustomPlot *plot, const QString &title, const QString &yLabel, const QStringList &names,
              const QList<double> &values, const QColor &colour)
{
    stylePlot(plot, title, QString(), yLabel);
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    QVector<double> keys;
    for (int i = 0; i < names.size(); ++i)
        keys << i + 1;
    bars->setData(keys, QVector<double>(values.begin(), values.end()));
    bars->setBrush(colour);
    bars->setPen(QPen(colour.darker(130)));
    bars->setWidth(0.6);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    ticker->addTicks(keys, QVector<QString>(names.begin(), names.end()));
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(0.4, names.size() + 0.6);
    plot->xAxis->grid()->setVisible(false);
    const double top = values.isEmpty() ? 1 : *std::max_element(values.begin(), values.end());
    plot->yAxis->setRange(0, top * 1.15 + 1);
    if (top < 20)
        countTicks(plot->yAxis);
    for (int i = 0; i < names.size(); ++i) {
        auto *label = new QCPItemText(plot);
        label->position->setCoords(keys[i], values[i]);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setText(QString::number(values[i]));
        label->setColor(plot->palette().color(QPalette::Text));
    }
    plot->replot();
}

/// A histogram of integer lengths in about 30 equal bins from the minimum to the maximum;
/// a dashed line marks the length limit when it is in view.
void plotHistogram(QCustomPlot *plot, const QString &title, const QString &xLabel, const std::vector<double> &values,
                   int limit, const QColor &colour)
{
    stylePlot(plot, title, xLabel, QObject::tr("records"));
    if (values.empty()) {
        showMessage(plot, title, QObject::tr("No record fits the length policy."));
        return;
    }
    const auto [minIt, maxIt] = std::minmax_element(values.begin(), values.end());
    const double lo = std::floor(*minIt), hi = *maxIt;
    const double width = std::max(1.0, std::ceil((hi - lo + 1) / 30.0));
    const int bins = int(std::ceil((hi - lo + 1) / width));
    QVector<double> keys(bins), counts(bins, 0);
    for (int b = 0; b < bins; ++b)
        keys[b] = lo + b * width + width / 2;
    for (double v : values)
        counts[std::min(bins - 1, int((v - lo) / width))] += 1;
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setData(keys, counts, true);
    bars->setWidth(width * 0.92);
    bars->setBrush(colour);
    bars->setPen(Qt::NoPen);
    const double margin = std::max(width, (hi - lo) * 0.05);
    plot->xAxis->setRange(lo - margin, lo + bins * width + margin);
    plot->yAxis->setRange(0, *std::max_element(counts.begin(), counts.end()) * 1.1 + 1);
    countTicks(plot->yAxis);
    if (limit > 0 && limit <= lo + bins * width + margin) {
        auto *line = new QCPItemStraightLine(plot);
        line->point1->setCoords(limit, 0);
        line->point2->setCoords(limit, 1);
        line->setPen(QPen(QColor(0xc0, 0x39, 0x2b), 1.5, Qt::DashLine));
    }
    plot->replot();
}

QString html(const QString &s)
{
    return s.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

} // namespace

DatasetsPage::DatasetsPage(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_store(workspace)
    , m_stack(new QStackedWidget(this))
    , m_list(new QListWidget(this))
    , m_importButton(new QPushButton(QIcon(QStringLiteral(":/icons/datasets.svg")), tr("&Import..."), this))
    , m_deleteButton(new QPushButton(tr("Delete"), this))
    , m_tabs(new QTabWidget(this))
    , m_search(new QLineEdit(this))
    , m_splitFilter(new QComboBox(this))
    , m_taskFilter(new QComboBox(this))
    , m_labelFilter(new QComboBox(this))
    , m_sourceFilter(new QComboBox(this))
    , m_countLabel(new QLabel(this))
    , m_searchTimer(new QTimer(this))
    , m_model(new RecordTableModel(this))
    , m_table(new QTableView(this))
    , m_detail(new QTextBrowser(this))
    , m_formatButton(new QPushButton(QIcon(QStringLiteral(":/icons/format.svg")), tr("Show in &Format"), this))
    , m_tokenizerEdit(new QLineEdit(this))
    , m_templateCombo(new QComboBox(this))
    , m_maxLength(new QSpinBox(this))
    , m_computeButton(new QPushButton(tr("&Compute token lengths"), this))
    , m_statsProgress(new QProgressBar(this))
    , m_statsSummary(new QLabel(this))
    , m_truncationLabel(new QLabel(this))
    , m_promptPlot(new QCustomPlot(this))
    , m_answerPlot(new QCustomPlot(this))
    , m_labelPlot(new QCustomPlot(this))
    , m_splitPlot(new QCustomPlot(this))
{
    // Left: the datasets.
    m_list->setObjectName(QStringLiteral("datasetList"));
    m_list->setSpacing(3);
    m_list->setAccessibleName(tr("Datasets"));
    m_list->setToolTip(tr("The datasets of this workspace with their record counts"));
    m_importButton->setToolTip(tr("Import files as a new dataset (Ctrl+I)"));
    m_importButton->setShortcut(QKeySequence(tr("Ctrl+I")));
    m_deleteButton->setToolTip(tr("Delete the selected dataset from the workspace (the source files stay)"));
    connect(m_importButton, &QPushButton::clicked, this, &DatasetsPage::runImportDialog);
    connect(m_deleteButton, &QPushButton::clicked, this, &DatasetsPage::deleteCurrent);
    connect(m_list, &QListWidget::currentRowChanged, this, &DatasetsPage::datasetChanged);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *listTitle = new QLabel(tr("<b>Datasets</b>"), left);
    leftLayout->addWidget(listTitle);
    leftLayout->addWidget(m_list, 1);
    auto *leftButtons = new QHBoxLayout;
    leftButtons->addWidget(m_importButton);
    leftButtons->addWidget(m_deleteButton);
    leftLayout->addLayout(leftButtons);

    // Records tab: filters, table, detail.
    m_search->setObjectName(QStringLiteral("recordSearch"));
    m_search->setPlaceholderText(tr("Search id, question, context, document, answer (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(250);
    connect(m_searchTimer, &QTimer::timeout, this, &DatasetsPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));

    m_splitFilter->setObjectName(QStringLiteral("splitFilter"));
    m_splitFilter->addItem(tr("All splits"), QString());
    for (const QString &s : { split::train(), split::validation(), split::test() })
        m_splitFilter->addItem(s, s);
    m_taskFilter->setObjectName(QStringLiteral("taskFilter"));
    m_taskFilter->addItem(tr("All tasks"), QString());
    m_taskFilter->addItem(tr("Medical QA"), taskName(TaskKind::MedicalQa));
    m_taskFilter->addItem(tr("Summarization"), taskName(TaskKind::Summarization));
    m_labelFilter->setObjectName(QStringLiteral("labelFilter"));
    m_sourceFilter->setObjectName(QStringLiteral("sourceFilter"));
    m_splitFilter->setToolTip(tr("Show one split only"));
    m_taskFilter->setToolTip(tr("Show one task only"));
    m_labelFilter->setToolTip(tr("Show records with one label (PubMedQA decision, MedMCQA answer) or unlabelled ones"));
    m_sourceFilter->setToolTip(tr("Show records of one source only"));
    for (QComboBox *c : { m_splitFilter, m_taskFilter, m_labelFilter, m_sourceFilter })
        connect(c, &QComboBox::currentIndexChanged, this, &DatasetsPage::applyFilter);
    m_countLabel->setObjectName(QStringLiteral("recordCount"));
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_search, 2);
    filterRow->addWidget(m_splitFilter);
    filterRow->addWidget(m_taskFilter);
    filterRow->addWidget(m_labelFilter);
    filterRow->addWidget(m_sourceFilter);
    filterRow->addWidget(m_countLabel);

    m_table->setObjectName(QStringLiteral("recordTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    // Fixed row heights and column widths: the view never measures rows it does not show.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(RecordTableModel::Row, 48);
    m_table->setColumnWidth(RecordTableModel::Id, 90);
    m_table->setColumnWidth(RecordTableModel::Split, 76);
    m_table->setColumnWidth(RecordTableModel::Task, 100);
    m_table->setColumnWidth(RecordTableModel::Source, 96);
    m_table->setColumnWidth(RecordTableModel::Label, 56);
    m_table->setColumnWidth(RecordTableModel::Question, 360);
    connect(m_model, &RecordTableModel::filterFinished, this, [this] {
        updateCountLabel();
        if (m_model->rowCount() > 0)
            m_table->selectRow(0);
        else
            m_detail->setHtml(QString());
    });
    connect(m_model, &RecordTableModel::filterProgress, this, [this](qint64 done, qint64 total) {
        m_countLabel->setText(tr("Filtering... %1%").arg(total > 0 ? 100 * done / total : 0));
    });
    connect(m_model, &RecordTableModel::scanFailed, this, [this](const QString &message) {
        m_countLabel->setText(tr("Filter failed"));
        m_countLabel->setToolTip(message);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showRecord(current.row()); });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (auto info = currentDataset())
            Q_EMIT formatRequested(info->id, m_model->recordIndex(index.row()));
    });

    m_detail->setObjectName(QStringLiteral("recordDetail"));
    m_detail->setOpenLinks(false);
    m_detail->setPlaceholderText(tr("Select a record to see all its fields."));
    m_formatButton->setObjectName(QStringLiteral("showInFormat"));
    m_formatButton->setToolTip(tr("See this record's prompt and which tokens are trained (Enter in the table)"));
    connect(m_formatButton, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentIndex().row();
        if (auto info = currentDataset(); info && row >= 0)
            Q_EMIT formatRequested(info->id, m_model->recordIndex(row));
    });
    auto *detailPane = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detail, 1);
    detailLayout->addWidget(m_formatButton, 0, Qt::AlignRight);
    auto *recordSplitter = new QSplitter(Qt::Horizontal, this);
    recordSplitter->addWidget(m_table);
    recordSplitter->addWidget(detailPane);
    recordSplitter->setStretchFactor(0, 3);
    recordSplitter->setStretchFactor(1, 2);
    auto *recordsTab = new QWidget(this);
    auto *recordsLayout = new QVBoxLayout(recordsTab);
    recordsLayout->addLayout(filterRow);
    recordsLayout->addWidget(recordSplitter, 1);

    // Statistics tab.
    m_tokenizerEdit->setObjectName(QStringLiteral("statsTokenizer"));
    m_tokenizerEdit->setPlaceholderText(tr("tokenizer.model of a model folder"));
    m_tokenizerEdit->setToolTip(tr("The SentencePiece model that counts tokens (a model folder's tokenizer.model)"));
    const QString demoTokenizer = QDir(m_workspace.modelsDir()).filePath(QStringLiteral("demo/tokenizer.model"));
    if (QFileInfo::exists(demoTokenizer))
        m_tokenizerEdit->setText(demoTokenizer);
    auto *browse = new QPushButton(tr("Browse..."), this);
    connect(browse, &QPushButton::clicked, this, &DatasetsPage::browseTokenizer);
    try {
        for (const InstructionTemplate &t : TemplateStore(m_workspace).list())
            m_templateCombo->addItem(t.name);
    } catch (const Error &) {
    }
    m_templateCombo->setToolTip(tr("The instruction template that turns records into prompts"));
    m_maxLength->setRange(32, 32768);
    m_maxLength->setValue(1024);
    m_maxLength->setSuffix(tr(" tokens"));
    m_maxLength->setToolTip(tr("Maximum sequence length; longer documents or contexts are cut"));
    m_computeButton->setToolTip(tr("Tokenize every record (cached for training) and plot the lengths"));
    connect(m_computeButton, &QPushButton::clicked, this, &DatasetsPage::computeTokenStatistics);
    m_statsProgress->setVisible(false);
    m_statsSummary->setWordWrap(true);
    m_statsSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_truncationLabel->setObjectName(QStringLiteral("truncation"));
    m_truncationLabel->setWordWrap(true);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(new QLabel(tr("Tokenizer:"), this));
    tokenRow->addWidget(m_tokenizerEdit, 1);
    tokenRow->addWidget(browse);
    tokenRow->addWidget(new QLabel(tr("Template:"), this));
    tokenRow->addWidget(m_templateCombo);
    tokenRow->addWidget(new QLabel(tr("Max length:"), this));
    tokenRow->addWidget(m_maxLength);
    tokenRow->addWidget(m_computeButton);
    auto *plots = new QGridLayout;
    plots->addWidget(m_labelPlot, 0, 0);
    plots->addWidget(m_splitPlot, 0, 1);
    plots->addWidget(m_promptPlot, 1, 0);
    plots->addWidget(m_answerPlot, 1, 1);
    auto *statsTab = new QWidget(this);
    auto *statsLayout = new QVBoxLayout(statsTab);
    statsLayout->addWidget(m_statsSummary);
    statsLayout->addLayout(tokenRow);
    statsLayout->addWidget(m_statsProgress);
    statsLayout->addWidget(m_truncationLabel);
    statsLayout->addLayout(plots, 1);

    m_tabs->addTab(recordsTab, tr("&Records"));
    m_tabs->addTab(statsTab, tr("&Statistics"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 240, 900 });
    splitter->setChildrenCollapsible(false);

    // Empty state: what the section is for and the one thing to do next.
    // While the demo's first start imports the samples, it says so instead.
    m_empty = new EmptyState(QStringLiteral(":/icons/datasets.svg"), QString(), QString(), this);
    m_empty->setObjectName(QStringLiteral("datasetsEmptyState"));
    m_preparingBar = new QProgressBar(m_empty);
    m_preparingBar->setObjectName(QStringLiteral("preparingProgress"));
    m_preparingBar->setRange(0, 0); // busy: the import reports no fraction
    m_preparingBar->setFixedWidth(320);
    m_preparingBar->setAccessibleName(tr("Preparing the demo workspace"));
    m_empty->addWidget(m_preparingBar);
    m_preparingStatus = new QLabel(m_empty);
    m_preparingStatus->setObjectName(QStringLiteral("preparingStatus"));
    m_empty->addWidget(m_preparingStatus);
    auto *emptyImport = new QPushButton(tr("Import a dataset..."), m_empty);
    emptyImport->setObjectName(QStringLiteral("emptyImport"));
    connect(emptyImport, &QPushButton::clicked, this, &DatasetsPage::runImportDialog);
    m_empty->addWidget(emptyImport);
    updateEmptyState();

    m_stack->addWidget(m_empty);
    m_stack->addWidget(splitter);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_stack);
    setFocusProxy(m_list);
    refresh();
}

DatasetsPage::~DatasetsPage()
{
    if (m_statsJob) {
        m_statsJob->disconnect(this);
        m_statsJob->cancelAndWait();
    }
}

void DatasetsPage::setPreparing(const QString &status)
{
    m_preparing = status;
    updateEmptyState();
}

void DatasetsPage::updateEmptyState()
{
    const bool preparing = isPreparing();
    if (preparing) {
        m_empty->setTitle(tr("Preparing the sample datasets"));
        m_empty->setText(tr("The demo workspace is being filled with the bundled samples (PubMedQA, MedMCQA, "
                            "MEDIQA, PubMed summarization and more) and a small demo model. They appear here by "
                            "themselves when ready; you can import your own files meanwhile."));
    } else {
        m_empty->setTitle(tr("No datasets yet"));
        m_empty->setText(tr("Import PubMedQA, MedMCQA, MEDIQA, PubMed summarization or your own JSONL, JSON, CSV "
                            "or TSV files to browse, search and inspect them here."));
    }
    m_preparingBar->setVisible(preparing);
    m_preparingStatus->setVisible(preparing);
    m_preparingStatus->setText(m_preparing);
}

void DatasetsPage::refresh()
{
    // The demo model's tokenizer for the statistics, once the first start has made it.
    const QString demoTokenizer = QDir(m_workspace.modelsDir()).filePath(QStringLiteral("demo/tokenizer.model"));
    if (m_tokenizerEdit->text().isEmpty() && QFileInfo::exists(demoTokenizer))
        m_tokenizerEdit->setText(demoTokenizer);

    const std::optional<DatasetInfo> current = currentDataset();
    try {
        m_datasets = m_store.list();
    } catch (const Error &e) {
        m_datasets.clear();
        QMessageBox::warning(this, tr("Datasets"), e.fullMessage());
    }
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (const DatasetInfo &d : m_datasets) {
            auto *item = new QListWidgetItem(tr("%1\n%n record(s)", nullptr, int(d.exampleCount)).arg(d.name), m_list);
            item->setData(Qt::UserRole, d.id);
            item->setToolTip(tr("%1: %2 records; formats %3; imported %4")
                                 .arg(d.name)
                                 .arg(d.exampleCount)
                                 .arg(d.formats.join(QStringLiteral(", ")), d.createdAt));
        }
    }
    m_stack->setCurrentIndex(m_datasets.isEmpty() ? 0 : 1);
    int row = m_datasets.isEmpty() ? -1 : 0;
    for (int i = 0; current && i < m_datasets.size(); ++i)
        if (m_datasets[i].id == current->id)
            row = i;
    {
        const QSignalBlocker block(m_list);
        m_list->setCurrentRow(row);
    }
    // The same dataset, unchanged, keeps its filters and record (another section changed
    // the workspace); anything else starts afresh.
    const std::optional<DatasetInfo> now = currentDataset();
    if (!current || !now || now->id != current->id || now->exampleCount != current->exampleCount
        || now->storageDir != current->storageDir)
        datasetChanged();
}

void DatasetsPage::selectDataset(qint64 id)
{
    for (int i = 0; i < m_datasets.size(); ++i)
        if (m_datasets[i].id == id)
            m_list->setCurrentRow(i);
}

std::optional<DatasetInfo> DatasetsPage::currentDataset() const
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_datasets.size())
        return std::nullopt;
    return m_datasets[row];
}

void DatasetsPage::datasetChanged()
{
    if (m_statsJob) {
        m_statsJob->disconnect(this);
        m_statsJob->cancelAndWait();
        m_statsJob.reset();
        m_statsProgress->setVisible(false);
        m_computeButton->setEnabled(true);
    }
    const std::optional<DatasetInfo> info = currentDataset();
    m_deleteButton->setEnabled(info.has_value());
    try {
        m_model->setDataset(info ? info->storageDir : QString());
    } catch (const Error &e) {
        m_model->setDataset(QString());
        m_detail->setPlainText(tr("This dataset cannot be read: %1").arg(e.fullMessage()));
    }
    // Label and source filters offer what the dataset has (from its import statistics).
    const QSignalBlocker b1(m_labelFilter), b2(m_sourceFilter), b3(m_splitFilter), b4(m_taskFilter);
    const QSignalBlocker b5(m_search);
    m_search->clear();
    m_splitFilter->setCurrentIndex(0);
    m_taskFilter->setCurrentIndex(0);
    m_labelFilter->clear();
    m_labelFilter->addItem(tr("All labels"), QString());
    m_sourceFilter->clear();
    m_sourceFilter->addItem(tr("All sources"), QString());
    if (info) {
        const QJsonObject labels = info->stats.value(QStringLiteral("labels")).toObject();
        QStringList values;
        for (const QString &kind : labels.keys())
            for (const QString &v : labels.value(kind).toObject().keys())
                if (!values.contains(v))
                    values << v;
        for (const QString &v : values)
            m_labelFilter->addItem(v, v);
        if (info->stats.value(QStringLiteral("labelled")).toInteger() < info->exampleCount)
            m_labelFilter->addItem(tr("unlabelled"), QStringLiteral("unlabelled"));
        for (const QString &s : info->stats.value(QStringLiteral("by_source")).toObject().keys())
            m_sourceFilter->addItem(s, s);
        plotDatasetStatistics(*info);
    }
    m_labelFilter->setEnabled(m_labelFilter->count() > 1);
    m_sourceFilter->setEnabled(m_sourceFilter->count() > 2);
    showMessage(m_promptPlot, tr("Prompt tokens"), tr("Choose a tokenizer and press \"Compute token lengths\"."));
    showMessage(m_answerPlot, tr("Answer tokens"), tr("Choose a tokenizer and press \"Compute token lengths\"."));
    m_truncationLabel->clear();
    updateCountLabel();
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    else
        m_detail->setHtml(QString());
}

void DatasetsPage::applyFilter()
{
    m_searchTimer->stop();
    RecordFilter f;
    f.text = m_search->text().trimmed();
    f.split = m_splitFilter->currentData().toString();
    if (const QString t = m_taskFilter->currentData().toString(); !t.isEmpty())
        f.task = parseTask(t);
    f.label = m_labelFilter->currentData().toString();
    f.source = m_sourceFilter->currentData().toString();
    m_detail->setHtml(QString());
    m_model->setFilter(f);
    if (m_model->isScanning())
        m_countLabel->setText(tr("Filtering..."));
}

void DatasetsPage::updateCountLabel()
{
    if (m_model->isScanning())
        return;
    const qint64 total = m_model->totalRecords();
    const int shown = m_model->rowCount();
    m_countLabel->setText(shown == total ? tr("%n record(s)", nullptr, int(total))
                                         : tr("%1 of %2 records").arg(shown).arg(total));
    m_countLabel->setToolTip(QString());
}

void DatasetsPage::showRecord(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_detail->setHtml(QString());
        m_formatButton->setEnabled(false);
        return;
    }
    m_formatButton->setEnabled(true);
    Example e;
    try {
        e = m_model->record(row);
    } catch (const Error &error) {
        m_detail->setPlainText(tr("Record %1 cannot be read: %2").arg(row + 1).arg(error.fullMessage()));
        return;
    }
    QString h;
    h += QStringLiteral("<h3>%1</h3>").arg(html(e.id));
    h += QStringLiteral("<table cellspacing='2'>");
    const auto row2 = [&h](const QString &k, const QString &v) {
        h += QStringLiteral("<tr><td style='color:gray;padding-right:12px'>%1</td><td>%2</td></tr>").arg(k, html(v));
    };
    row2(tr("Record"), tr("%1 of %2").arg(m_model->recordIndex(row) + 1).arg(m_model->totalRecords()));
    row2(tr("Source"), e.source);
    row2(tr("Split"), e.split);
    row2(tr("Task"), taskName(e.task));
    if (const QString label = recordLabel(e); !label.isEmpty())
        row2(tr("Label"), label);
    h += QStringLiteral("</table>");
    const auto block = [&h](const QString &title, const QString &text) {
        if (!text.isEmpty())
            h += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(title, html(text));
    };
    block(tr("Question"), e.question);
    block(tr("Context"), e.context);
    block(tr("Document"), e.document);
    block(tr("Answer"), e.answer.isEmpty() ? tr("(none: this record is unlabelled)") : e.answer);
    if (!e.meta.isEmpty())
        h += QStringLiteral("<p><b>%1</b></p><pre>%2</pre>")
                 .arg(tr("Metadata"),
                      QString::fromUtf8(QJsonDocument(e.meta).toJson(QJsonDocument::Indented)).toHtmlEscaped());
    m_detail->setHtml(h);
}

QString DatasetsPage::detailText() const
{
    return m_detail->toPlainText();
}

ImportDialog *DatasetsPage::createImportDialog()
{
    auto *dialog = new ImportDialog(m_workspace, this);
    connect(dialog, &ImportDialog::importFinished, this, [this, dialog](bool ok) {
        if (!ok)
            return;
        refresh();
        selectDataset(dialog->result()->dataset.id);
        Q_EMIT datasetsChanged();
    });
    return dialog;
}

void DatasetsPage::runImportDialog()
{
    ImportDialog *dialog = createImportDialog();
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void DatasetsPage::deleteCurrent()
{
    const std::optional<DatasetInfo> info = currentDataset();
    if (!info)
        return;
    if (QMessageBox::question(this, tr("Delete dataset"),
                              tr("Delete \"%1\" (%2 records) from this workspace? The source files are not touched.")
                                  .arg(info->name)
                                  .arg(info->exampleCount))
        != QMessageBox::Yes)
        return;
    try {
        m_model->setDataset(QString());
        m_store.remove(info->id);
    } catch (const Error &e) {
        QMessageBox::warning(this, tr("Delete dataset"), e.fullMessage());
    }
    refresh();
    Q_EMIT datasetsChanged();
}

void DatasetsPage::browseTokenizer()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a tokenizer"), m_workspace.modelsDir(),
                                                      tr("SentencePiece models (*.model);;All files (*)"));
    if (!path.isEmpty())
        setTokenizerPath(path);
}

void DatasetsPage::setTokenizerPath(const QString &path)
{
    m_tokenizerEdit->setText(path);
}

QString DatasetsPage::tokenizerPath() const
{
    return m_tokenizerEdit->text().trimmed();
}

void DatasetsPage::plotDatasetStatistics(const DatasetInfo &info)
{
    const QJsonObject s = info.stats;
    m_statsSummary->setText(tr("<b>%1</b>: %2 records, %3 labelled; mean input %4 characters (longest %5), mean "
                               "answer %6 characters. Formats: %7.")
                                .arg(info.name.toHtmlEscaped())
                                .arg(info.exampleCount)
                                .arg(s.value(QStringLiteral("labelled")).toInteger())
                                .arg(s.value(QStringLiteral("mean_input_chars")).toDouble(), 0, 'f', 0)
                                .arg(s.value(QStringLiteral("max_input_chars")).toInteger())
                                .arg(s.value(QStringLiteral("mean_answer_chars")).toDouble(), 0, 'f', 0)
                                .arg(info.formats.join(QStringLiteral(", "))));
    QStringList names;
    QList<double> values;
    const QJsonObject labels = s.value(QStringLiteral("labels")).toObject();
    for (const QString &kind : labels.keys()) {
        const QJsonObject counts = labels.value(kind).toObject();
        for (const QString &v : counts.keys()) {
            names << v;
            values << counts.value(v).toDouble();
        }
    }
    if (names.isEmpty())
        showMessage(m_labelPlot, tr("Label distribution"),
                    tr("No class labels (PubMedQA decisions or MedMCQA answers) in this dataset."));
    else
        plotBars(m_labelPlot, tr("Label distribution"), tr("records"), names, values, kAccent);
    names.clear();
    values.clear();
    const QJsonObject bySplit = s.value(QStringLiteral("by_split")).toObject();
    for (const QString &sp : { split::train(), split::validation(), split::test() }) {
        names << sp;
        values << bySplit.value(sp).toDouble();
    }
    plotBars(m_splitPlot, tr("Records per split"), tr("records"), names, values, kAccent2);
}

void DatasetsPage::computeTokenStatistics()
{
    const std::optional<DatasetInfo> info = currentDataset();
    if (!info || m_statsJob)
        return;
    if (!QFileInfo(tokenizerPath()).isFile()) {
        m_truncationLabel->setText(tr("Choose a tokenizer.model first (the demo model's, or any model folder's)."));
        return;
    }
    InstructionTemplate templ = InstructionTemplate::plain();
    try {
        templ = TemplateStore(m_workspace).resolve(m_templateCombo->currentText());
    } catch (const Error &) {
    }
    m_statsJob
        = std::make_unique<TokenStatsJob>(*info, m_workspace.cacheDir(), tokenizerPath(), templ, m_maxLength->value());
    TokenStatsJob *job = m_statsJob.get();
    m_statsProgress->setRange(0, 1000);
    m_statsProgress->setValue(0);
    m_statsProgress->setVisible(true);
    m_computeButton->setEnabled(false);
    m_truncationLabel->setText(tr("Tokenizing..."));
    connect(job, &BackgroundJob::progress, this,
            [this](qint64 done, qint64 total) { m_statsProgress->setValue(total > 0 ? int(1000 * done / total) : 0); });
    connect(job, &BackgroundJob::failed, this, [this](const QString &message) {
        m_truncationLabel->setText(tr("Token statistics failed: %1").arg(message));
    });
    connect(job, &BackgroundJob::succeeded, this, &DatasetsPage::plotTokenStatistics);
    connect(job, &BackgroundJob::ended, this, [this, job] {
        if (m_statsJob.get() != job)
            return;
        m_statsProgress->setVisible(false);
        m_computeButton->setEnabled(true);
        m_statsJob.release()->deleteLater();
        Q_EMIT statisticsReady();
    });
    job->start();
}

void DatasetsPage::plotTokenStatistics()
{
    const TokenStatsJob &job = *m_statsJob;
    const int limit = m_maxLength->value();
    plotHistogram(m_promptPlot, tr("Prompt tokens (BOS and prompt)"), tr("tokens"), job.promptLengths, limit, kAccent);
    plotHistogram(m_answerPlot, tr("Answer tokens (answer and EOS)"), tr("tokens"), job.answerLengths, 0, kAccent2);
    const TokenStatistics &s = job.stats;
    QStringList skipped;
    for (auto it = s.skipped.begin(); it != s.skipped.end(); ++it)
        skipped << tr("%1: %2").arg(it.key()).arg(it.value());
    m_truncationLabel->setText(
        tr("%1 of %2 records formatted; %3 truncated (%4 tokens cut from documents or contexts); prompt median %5, "
           "p99 %6; answer median %7, p99 %8.%9")
            .arg(s.formatted)
            .arg(s.examples)
            .arg(s.truncated)
            .arg(s.cutTokens)
            .arg(s.prompt.p50)
            .arg(s.prompt.p99)
            .arg(s.answer.p50)
            .arg(s.answer.p99)
            .arg(skipped.isEmpty() ? QString()
                                   : QLatin1Char(' ') + tr("Skipped: %1.").arg(skipped.join(QStringLiteral("; ")))));
}

QString DatasetsPage::truncationText() const
{
    return m_truncationLabel->text();
}

} // namespace medtune::ui
