#include "datasets/import_dialog.h"

#include "data/custom_reader.h"
#include "data/format_detector.h"
#include "util/background_job.h"
#include "util/error.h"
#include "util/regular_file.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace medtune::ui {

/// Runs importDataset on its own thread; progress in bytes, cancel at the next progress call.
class ImportJob : public BackgroundJob
{
public:
    ImportJob(Workspace &workspace, QStringList paths, ImportOptions options)
        : BackgroundJob(QObject::tr("Importing dataset"))
        , m_workspace(workspace)
        , m_paths(std::move(paths))
        , m_options(std::move(options))
    {
    }
    ~ImportJob() override { cancelAndWait(); }
    std::optional<ImportResult> result;

protected:
    void work() override
    {
        ImportOptions o = m_options;
        o.progress = [this](qint64 done, qint64 total) {
            reportProgress(done, total);
            return !isCancelRequested();
        };
        try {
            result = importDataset(m_workspace, m_paths, o);
        } catch (const Error &) {
            checkpoint(); // a cancel shows as cancelled, not as a failure
            throw;
        }
    }

private:
    Workspace &m_workspace;
    QStringList m_paths;
    ImportOptions m_options;
};

namespace {

bool isCustom(DataFormat f)
{
    return f == DataFormat::CustomCsv || f == DataFormat::CustomTsv || f == DataFormat::CustomJsonl
        || f == DataFormat::CustomJson;
}

/// Splits one CSV/TSV header line (quotes honoured).
QStringList splitHeader(const QString &line, QChar sep)
{
    QStringList out;
    QString cell;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == QLatin1Char('"')) {
            if (quoted && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                cell += c;
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == sep && !quoted) {
            out << cell.trimmed();
            cell.clear();
        } else {
            cell += c;
        }
    }
    out << cell.trimmed();
    return out;
}

/// The columns (CSV/TSV header) or keys (first JSON object) of a custom file.
QStringList readColumns(const QString &path, DataFormat format)
{
    QFile f(path);
    if (fileKind(path) != QLatin1String("a regular file") || !f.open(QIODevice::ReadOnly)) // a pipe would block
        return {};
    if (format == DataFormat::CustomCsv || format == DataFormat::CustomTsv) {
        QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1);
        return splitHeader(line, format == DataFormat::CustomTsv ? QLatin1Char('\t') : QLatin1Char(csvSeparator(path)));
    }
    QJsonObject first;
    if (format == DataFormat::CustomJsonl) {
        while (!f.atEnd()) {
            const QByteArray line = f.readLine().trimmed();
            if (line.isEmpty())
                continue;
            first = QJsonDocument::fromJson(line).object();
            break;
        }
    } else if (f.size() < (64 << 20)) {
        const QJsonArray array = QJsonDocument::fromJson(f.readAll()).array();
        if (!array.isEmpty())
            first = array.first().toObject();
    }
    return first.keys();
}

struct PreviewFull
{
};

} // namespace

ImportDialog::ImportDialog(Workspace &workspace, QWidget *parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_fileEdit(new QLineEdit(this))
    , m_formatCombo(new QComboBox(this))
    , m_detectedLabel(new QLabel(this))
    , m_nameEdit(new QLineEdit(this))
    , m_taskCombo(new QComboBox(this))
    , m_mappingBox(new QGroupBox(tr("Column mapping"), this))
    , m_mappingGrid(new QGridLayout)
    , m_splitBox(new QGroupBox(tr("Splits"), this))
    , m_splitTable(new QTableWidget(this))
    , m_preview(new QTableWidget(this))
    , m_previewStatus(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_report(new QPlainTextEdit(this))
    , m_importButton(new QPushButton(tr("&Import"), this))
    , m_cancelButton(new QPushButton(tr("Cancel import"), this))
    , m_closeButton(new QPushButton(tr("Close"), this))
{
    setWindowTitle(tr("Import dataset"));
    setObjectName(QStringLiteral("importDialog"));
    resize(900, 680);

    m_fileEdit->setReadOnly(true);
    m_fileEdit->setPlaceholderText(tr("Choose one or more files to import"));
    auto *browseButton = new QPushButton(tr("&Browse..."), this);
    browseButton->setToolTip(tr("Choose PubMedQA, MedMCQA, MEDIQA, PubMed summarization or your own "
                                "JSONL, JSON, CSV or TSV files"));
    connect(browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileEdit, 1);
    fileRow->addWidget(browseButton);

    m_formatCombo->addItem(tr("Detect automatically"), int(DataFormat::Auto));
    for (const QString &name : formatNames())
        if (auto f = parseFormat(name); f && *f != DataFormat::Auto)
            m_formatCombo->addItem(name, int(*f));
    m_formatCombo->setToolTip(tr("The format is detected from the file's first bytes; choose another to override it"));
    m_detectedLabel->setWordWrap(true);
    m_detectedLabel->setObjectName(QStringLiteral("detectedFormat"));
    m_nameEdit->setObjectName(QStringLiteral("datasetName"));
    connect(m_formatCombo, &QComboBox::currentIndexChanged, this, [this] {
        refreshColumns();
        refreshPreview();
    });

    m_nameEdit->setPlaceholderText(tr("Default: the first file's name"));
    m_taskCombo->addItem(tr("As in the file"), QString());
    m_taskCombo->addItem(tr("Medical QA"), taskName(TaskKind::MedicalQa));
    m_taskCombo->addItem(tr("Summarization"), taskName(TaskKind::Summarization));
    m_taskCombo->setToolTip(tr("Force the task of every record (useful for your own files without a task column)"));
    connect(m_taskCombo, &QComboBox::currentIndexChanged, this, &ImportDialog::refreshPreview);

    auto *form = new QFormLayout;
    form->addRow(tr("Files:"), fileRow);
    form->addRow(tr("F&ormat:"), m_formatCombo);
    form->addRow(QString(), m_detectedLabel);
    form->addRow(tr("&Name:"), m_nameEdit);
    form->addRow(tr("&Task:"), m_taskCombo);

    m_mappingBox->setLayout(m_mappingGrid);
    m_mappingGrid->setColumnStretch(1, 1);
    m_mappingGrid->setColumnStretch(3, 1);
    m_mappingBox->setToolTip(tr("Which column of your file holds each field of an example"));
    m_mappingBox->setVisible(false);

    m_splitTable->setObjectName(QStringLiteral("fileSplits"));
    m_splitTable->setColumnCount(3);
    m_splitTable->setHorizontalHeaderLabels({ tr("File"), tr("The file name says"), tr("Split") });
    m_splitTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_splitTable->verticalHeader()->setVisible(false);
    m_splitTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_splitTable->horizontalHeader()->setStretchLastSection(true);
    m_splitTable->setToolTip(tr("Which split each file's records go to: official test and validation files stay "
                                "whole, and training copies of their texts are removed"));
    auto *splitLayout = new QVBoxLayout(m_splitBox);
    splitLayout->addWidget(m_splitTable);
    m_splitBox->setVisible(false);

    m_preview->setObjectName(QStringLiteral("importPreview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_preview->verticalHeader()->setVisible(false);
    m_preview->horizontalHeader()->setStretchLastSection(true);
    m_preview->setWordWrap(false);
    m_previewStatus->setWordWrap(true);
    auto *previewBox = new QGroupBox(tr("Preview of the first records"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_preview, 1);
    previewLayout->addWidget(m_previewStatus);

    m_report->setReadOnly(true);
    m_report->setObjectName(QStringLiteral("importReport"));
    m_report->setPlaceholderText(tr("The import report appears here: records read, imported and skipped, with "
                                    "the file and line of every problem."));
    m_report->setMaximumBlockCount(2000);
    m_progress->setVisible(false);
    m_progress->setTextVisible(true);

    m_importButton->setDefault(true);
    m_importButton->setEnabled(false);
    m_importButton->setToolTip(tr("Import the files into this workspace as one dataset"));
    m_cancelButton->setVisible(false);
    m_cancelButton->setShortcut(Qt::Key_Escape);
    connect(m_importButton, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_cancelButton, &QPushButton::clicked, this, &ImportDialog::cancelImport);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::accept);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch();
    buttons->addWidget(m_importButton);
    buttons->addWidget(m_closeButton);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(form);
    topLayout->addWidget(m_mappingBox);
    topLayout->addWidget(m_splitBox);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(previewBox);
    splitter->addWidget(m_report);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    topLayout->addWidget(splitter, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(top, 1);
    layout->addLayout(buttons);
}

ImportDialog::~ImportDialog()
{
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancelAndWait();
    }
}

void ImportDialog::browse()
{
    const QStringList paths
        = QFileDialog::getOpenFileNames(this, tr("Import dataset files"), QString(),
                                        tr("Dataset files (*.json *.jsonl *.csv *.tsv *.xml);;All files (*)"));
    if (!paths.isEmpty())
        setFiles(paths);
}

void ImportDialog::setFiles(const QStringList &paths)
{
    m_files = paths;
    m_fileEdit->setText(paths.join(QStringLiteral("; ")));
    m_fileEdit->setToolTip(paths.join(QLatin1Char('\n')));
    m_detected = DataFormat::Auto;
    m_why.clear();
    if (!paths.isEmpty()) {
        try {
            m_detected = detectFormat(paths.first(), &m_why);
        } catch (const Error &e) {
            m_why = e.fullMessage();
        }
    }
    if (m_detected == DataFormat::Auto)
        m_detectedLabel->setText(paths.isEmpty() ? QString() : tr("Not recognized: %1").arg(m_why));
    else
        m_detectedLabel->setText(tr("Detected: %1 (%2)").arg(formatName(m_detected), m_why));
    m_report->clear();
    m_result.reset();
    m_error.clear();
    const QSignalBlocker block(m_formatCombo);
    m_formatCombo->setCurrentIndex(0);
    rebuildSplits();
    refreshColumns();
    refreshPreview();
}

DataFormat ImportDialog::format() const
{
    const auto chosen = DataFormat(m_formatCombo->currentData().toInt());
    return chosen == DataFormat::Auto ? m_detected : chosen;
}

void ImportDialog::setFormat(DataFormat f)
{
    m_formatCombo->setCurrentIndex(std::max(0, m_formatCombo->findData(int(f))));
}

QString ImportDialog::detectionText() const
{
    return m_detectedLabel->text();
}

void ImportDialog::refreshColumns()
{
    const DataFormat f = format();
    m_columns = (!m_files.isEmpty() && isCustom(f)) ? readColumns(m_files.first(), f) : QStringList();
    rebuildMapping();
    m_importButton->setEnabled(!m_files.isEmpty() && f != DataFormat::Auto && !m_job);
}

void ImportDialog::rebuildMapping()
{
    const QMap<QString, QString> previous = mapping();
    while (QLayoutItem *item = m_mappingGrid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_mappingCombos.clear();
    const bool custom = isCustom(format()) && !m_files.isEmpty();
    m_mappingBox->setVisible(custom);
    if (!custom)
        return;
    for (const QString &field : customFields()) {
        auto *combo = new QComboBox(m_mappingBox);
        combo->addItem(m_columns.contains(field) ? tr("Automatic (column \"%1\")").arg(field) : tr("Automatic (none)"),
                       QString());
        for (const QString &c : m_columns)
            combo->addItem(c, c);
        if (previous.contains(field))
            combo->setCurrentIndex(std::max(0, combo->findData(previous.value(field))));
        combo->setToolTip(tr("The column that holds the example's %1").arg(field));
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportDialog::refreshPreview);
        // Two fields per row: the preview keeps its room.
        const int i = int(m_mappingCombos.size());
        auto *label = new QLabel(field + QLatin1Char(':'), m_mappingBox);
        label->setBuddy(combo);
        m_mappingGrid->addWidget(label, i / 2, (i % 2) * 2);
        m_mappingGrid->addWidget(combo, i / 2, (i % 2) * 2 + 1);
        m_mappingCombos.insert(field, combo);
    }
}

void ImportDialog::setMapping(const QString &field, const QString &column)
{
    QComboBox *combo = m_mappingCombos.value(field);
    if (!combo)
        throw UsageError(tr("\"%1\" is not a field of the mapping (fields: %2).")
                             .arg(field, m_mappingCombos.keys().join(QStringLiteral(", "))));
    const int i = combo->findData(column);
    if (i < 0)
        throw UsageError(
            tr("The file has no column \"%1\" (columns: %2).").arg(column, m_columns.join(QStringLiteral(", "))));
    combo->setCurrentIndex(i);
}

QMap<QString, QString> ImportDialog::mapping() const
{
    QMap<QString, QString> m;
    for (auto it = m_mappingCombos.begin(); it != m_mappingCombos.end(); ++it)
        if (const QString c = it.value()->currentData().toString(); !c.isEmpty())
            m.insert(it.key(), c);
    return m;
}

ImportOptions ImportDialog::options() const
{
    ImportOptions o;
    o.format = DataFormat(m_formatCombo->currentData().toInt());
    o.reader.mapping = mapping();
    if (const QString t = m_taskCombo->currentData().toString(); !t.isEmpty())
        o.reader.task = parseTask(t);
    o.name = m_nameEdit->text().trimmed();
    for (const QString &path : m_files)
        if (const QString chosen = fileSplit(path); !chosen.isEmpty())
            o.splitOverrides.insert(path, chosen);
    return o;
}

void ImportDialog::rebuildSplits()
{
    m_splitTable->setRowCount(0);
    m_splitTable->setRowCount(int(m_files.size()));
    for (int row = 0; row < m_files.size(); ++row) {
        const QString path = m_files[row];
        m_splitTable->setItem(row, 0, new QTableWidgetItem(QFileInfo(path).fileName()));
        m_splitTable->item(row, 0)->setToolTip(path);
        const FileNameSplit named = fileNameSplit(path);
        m_splitTable->setItem(row, 1,
                              new QTableWidgetItem(named.split.isEmpty()
                                                       ? tr("no split (records split by seed)")
                                                       : tr("%1 (\"%2\")").arg(named.split, named.word)));
        auto *combo = new QComboBox(m_splitTable);
        combo->setObjectName(QStringLiteral("fileSplit%1").arg(row));
        combo->addItem(tr("As the file name says"), QString());
        combo->addItem(tr("Training"), split::train());
        combo->addItem(tr("Validation"), split::validation());
        combo->addItem(tr("Test"), split::test());
        combo->setToolTip(tr("Override the split of every record of %1").arg(QFileInfo(path).fileName()));
        m_splitTable->setCellWidget(row, 2, combo);
    }
    m_splitBox->setVisible(!m_files.isEmpty());
}

void ImportDialog::setFileSplit(const QString &path, const QString &split)
{
    const int row = int(m_files.indexOf(path));
    if (row < 0)
        return;
    if (auto *combo = qobject_cast<QComboBox *>(m_splitTable->cellWidget(row, 2)))
        combo->setCurrentIndex(std::max(0, combo->findData(parseSplitName(split))));
}

QString ImportDialog::fileSplit(const QString &path) const
{
    const int row = int(m_files.indexOf(path));
    if (row < 0)
        return {};
    const auto *combo = qobject_cast<QComboBox *>(m_splitTable->cellWidget(row, 2));
    return combo ? combo->currentData().toString() : QString();
}

QString ImportDialog::fileNameSplitText(const QString &path) const
{
    const int row = int(m_files.indexOf(path));
    return row < 0 || !m_splitTable->item(row, 1) ? QString() : m_splitTable->item(row, 1)->text();
}

QString ImportDialog::previewError() const
{
    return m_previewStatus->text();
}

void ImportDialog::refreshPreview()
{
    m_preview->clear();
    m_preview->setRowCount(0);
    m_previewStatus->clear();
    const DataFormat f = format();
    if (m_files.isEmpty() || f == DataFormat::Auto) {
        m_preview->setColumnCount(0);
        return;
    }
    const QStringList headers
        = { tr("ID"), tr("Split"), tr("Task"), tr("Question / document"), tr("Context"), tr("Answer") };
    m_preview->setColumnCount(headers.size());
    m_preview->setHorizontalHeaderLabels(headers);
    ImportOptions o = options();
    ReadReport report;
    QList<Example> examples;
    try {
        // The sink stops the reader once the preview is full: only the file's head is read
        // for line-oriented formats.
        readDataFile(
            m_files.first(), f, o.reader,
            [&](Example &&e) {
                examples.append(std::move(e));
                if (examples.size() >= kPreviewRecords)
                    throw PreviewFull {};
            },
            report);
    } catch (const PreviewFull &) {
    } catch (const Error &e) {
        m_previewStatus->setText(tr("Cannot read the file: %1").arg(e.fullMessage()));
        return;
    }
    const auto cell = [](const QString &s) {
        auto *item = new QTableWidgetItem(QString(s.left(200)).replace(QLatin1Char('\n'), QLatin1Char(' ')));
        item->setToolTip(s.left(1000));
        return item;
    };
    m_preview->setRowCount(int(examples.size()));
    for (int r = 0; r < examples.size(); ++r) {
        const Example &e = examples[r];
        m_preview->setItem(r, 0, cell(e.id));
        m_preview->setItem(r, 1, cell(e.split));
        m_preview->setItem(r, 2, cell(taskName(e.task)));
        m_preview->setItem(r, 3, cell(e.task == TaskKind::Summarization ? e.document : e.question));
        m_preview->setItem(r, 4, cell(e.context));
        m_preview->setItem(r, 5, cell(e.answer));
    }
    m_preview->resizeColumnsToContents();
    for (int c = 0; c < m_preview->columnCount(); ++c)
        m_preview->setColumnWidth(c, std::min(m_preview->columnWidth(c), 260));
    QString status = examples.isEmpty() ? tr("No record of the first ones imports with this format and mapping.")
                                        : tr("%n record(s) shown as they will import.", nullptr, int(examples.size()));
    if (report.skippedTotal() > 0) {
        status += QLatin1Char(' ')
            + tr("%n record(s) among them would be skipped, e.g. %1", nullptr, int(report.skippedTotal()))
                  .arg(report.issues.isEmpty() ? QString() : report.issues.first().toString());
    }
    m_previewStatus->setText(status);
}

void ImportDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_importButton->setEnabled(!busy && !m_files.isEmpty() && format() != DataFormat::Auto);
    m_closeButton->setEnabled(!busy);
    m_formatCombo->setEnabled(!busy);
    m_mappingBox->setEnabled(!busy);
}

void ImportDialog::startImport()
{
    if (m_job || m_files.isEmpty())
        return;
    m_result.reset();
    m_error.clear();
    m_report->setPlainText(tr("Importing..."));
    m_job = std::make_unique<ImportJob>(m_workspace, m_files, options());
    ImportJob *job = m_job.get();
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    connect(job, &BackgroundJob::progress, this, [this](qint64 done, qint64 total) {
        m_progress->setValue(total > 0 ? int(1000.0 * double(done) / double(total)) : 0);
        m_progress->setFormat(tr("%1 of %2 KiB").arg(done / 1024).arg(total / 1024));
    });
    connect(job, &BackgroundJob::succeeded, this, [this, job] { m_result = std::move(job->result); });
    connect(job, &BackgroundJob::failed, this, [this](const QString &message) { m_error = message; });
    connect(job, &BackgroundJob::cancelled, this,
            [this] { m_error = tr("The import was cancelled; nothing was imported."); });
    connect(job, &BackgroundJob::ended, this, [this, job] {
        if (m_job.get() != job)
            return;
        m_job.release()->deleteLater();
        setBusy(false);
        showReport();
        Q_EMIT importFinished(m_result.has_value());
    });
    setBusy(true);
    job->start();
}

void ImportDialog::cancelImport()
{
    if (m_job)
        m_job->requestCancel();
}

QString ImportDialog::reportText() const
{
    return m_report->toPlainText();
}

void ImportDialog::showReport()
{
    QStringList lines;
    if (!m_result) {
        lines << tr("Import failed: %1").arg(m_error);
    } else if (m_result->alreadyImported) {
        lines << tr("These files were imported before as \"%1\" (%n record(s)); nothing changed.", nullptr,
                    int(m_result->dataset.exampleCount))
                     .arg(m_result->dataset.name);
    } else {
        lines << tr("Imported \"%1\": %n record(s).", nullptr, int(m_result->dataset.exampleCount))
                     .arg(m_result->dataset.name);
        if (m_result->duplicatesDropped > 0)
            lines << tr("%n duplicate(s) dropped.", nullptr, int(m_result->duplicatesDropped));
        if (m_result->duplicatesKept > 0)
            lines << tr("%n duplicate(s) kept: official test and validation files stay whole.", nullptr,
                        int(m_result->duplicatesKept));
        if (m_result->leaksRemoved > 0)
            lines << tr("%n training record(s) removed: the same text is in the test or validation split.", nullptr,
                        int(m_result->leaksRemoved));
        for (const ReadReport &r : m_result->reports) {
            lines << QString();
            lines << tr("%1 (%2): read %3, imported %4, skipped %5")
                         .arg(QFileInfo(r.file).fileName(), r.format)
                         .arg(r.read)
                         .arg(r.imported)
                         .arg(r.skippedTotal());
            for (auto it = r.skipped.begin(); it != r.skipped.end(); ++it)
                lines << tr("  skipped (%1): %2").arg(it.key()).arg(it.value());
            for (const QString &note : r.notes)
                lines << tr("  note: %1").arg(note);
            for (const ReadIssue &issue : r.issues)
                lines << QStringLiteral("  ") + issue.toString();
            if (r.skippedTotal() > r.issues.size())
                lines << tr("  (the first %1 problems are listed)").arg(r.issues.size());
        }
    }
    m_report->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace medtune::ui
