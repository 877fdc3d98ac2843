#include "datasets/record_table_model.h"

#include "data/dataset_file.h"
#include "util/background_job.h"
#include "util/error.h"

#include <QColor>
#include <QFont>

namespace medtune::ui {

bool RecordFilter::matchesIndex(quint8 splitCode, quint8 taskCode) const
{
    if (!split.isEmpty() && split::code(split) != splitCode)
        return false;
    if (task && quint8(*task) != taskCode)
        return false;
    return true;
}

QString recordLabel(const Example &e)
{
    const QString decision = e.meta.value(QStringLiteral("decision")).toString();
    if (!decision.isEmpty())
        return decision;
    const QString letter = e.meta.value(QStringLiteral("correct")).toString();
    if (!letter.isEmpty())
        return letter;
    return e.labelled() ? QString() : QStringLiteral("unlabelled");
}

bool RecordFilter::matches(const Example &e) const
{
    if (!split.isEmpty() && e.split != split)
        return false;
    if (task && e.task != *task)
        return false;
    if (!source.isEmpty() && e.source != source)
        return false;
    if (!label.isEmpty() && recordLabel(e) != label)
        return false;
    if (!text.isEmpty()) {
        const auto has = [this](const QString &s) { return s.contains(text, Qt::CaseInsensitive); };
        if (!(has(e.id) || has(e.question) || has(e.context) || has(e.document) || has(e.answer)))
            return false;
    }
    return true;
}

/// Scans a dataset on its own thread (its own DatasetFile: they are one per thread) and
/// collects the indexes of the records that match.
class RecordScanJob : public BackgroundJob
{
public:
    RecordScanJob(QString dir, RecordFilter filter)
        : BackgroundJob(QObject::tr("Filtering records"))
        , m_dir(std::move(dir))
        , m_filter(std::move(filter))
    {
    }
    ~RecordScanJob() override { cancelAndWait(); }
    std::vector<qint64> rows;

protected:
    void work() override
    {
        auto file = DatasetFile::open(m_dir);
        const qint64 n = file->size();
        for (qint64 i = 0; i < n; ++i) {
            if ((i & 255) == 0) {
                checkpoint();
                if ((i & 4095) == 0)
                    reportProgress(i, n);
            }
            const IndexEntry &entry = file->entry(i);
            if (!m_filter.matchesIndex(entry.split, entry.task))
                continue;
            if (m_filter.matches(file->at(i)))
                rows.push_back(i);
        }
        reportProgress(n, n);
    }

private:
    QString m_dir;
    RecordFilter m_filter;
};

RecordTableModel::RecordTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

RecordTableModel::~RecordTableModel()
{
    cancelScan();
}

void RecordTableModel::cancelScan()
{
    if (!m_scan)
        return;
    m_scan->disconnect(this);
    m_scan->cancelAndWait();
    m_scan.reset();
}

void RecordTableModel::setDataset(const QString &storageDir)
{
    cancelScan();
    beginResetModel();
    m_dir = storageDir;
    m_file.reset();
    m_lru.clear();
    m_lruIndex.clear();
    m_parsed = 0;
    m_filter = {};
    m_identity = true;
    m_rows.clear();
    if (!storageDir.isEmpty())
        m_file = DatasetFile::open(storageDir);
    endResetModel();
}

qint64 RecordTableModel::totalRecords() const
{
    return m_file ? m_file->size() : 0;
}

void RecordTableModel::setFilter(const RecordFilter &filter)
{
    cancelScan();
    beginResetModel();
    m_filter = filter;
    m_rows.clear();
    const bool any = filter.needsScan() || !filter.split.isEmpty() || filter.task;
    m_identity = !any;
    if (m_file && any && !filter.needsScan()) {
        // Split and task live in the memory-mapped index: no record is parsed.
        const qint64 n = m_file->size();
        for (qint64 i = 0; i < n; ++i) {
            const IndexEntry &entry = m_file->entry(i);
            if (filter.matchesIndex(entry.split, entry.task))
                m_rows.push_back(i);
        }
    }
    endResetModel();
    if (!m_file || !filter.needsScan()) {
        Q_EMIT filterFinished(rowCount());
        return;
    }
    m_scan = std::make_unique<RecordScanJob>(m_dir, filter);
    RecordScanJob *job = m_scan.get();
    connect(job, &BackgroundJob::progress, this,
            [this](qint64 done, qint64 total) { Q_EMIT filterProgress(done, total); });
    connect(job, &BackgroundJob::failed, this, [this](const QString &message) { Q_EMIT scanFailed(message); });
    connect(job, &BackgroundJob::succeeded, this, [this, job] {
        beginResetModel();
        m_rows = std::move(job->rows);
        endResetModel();
    });
    connect(job, &BackgroundJob::ended, this, [this, job] {
        if (m_scan.get() != job)
            return;
        m_scan.release()->deleteLater();
        Q_EMIT filterFinished(rowCount());
    });
    job->start();
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_file)
        return 0;
    return m_identity ? int(m_file->size()) : int(m_rows.size());
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 RecordTableModel::recordIndex(int row) const
{
    if (row < 0 || row >= rowCount())
        throw Error(QStringLiteral("Row %1 is out of range (%2 rows).").arg(row).arg(rowCount()));
    return m_identity ? row : m_rows[size_t(row)];
}

const Example *RecordTableModel::cached(qint64 index) const
{
    if (auto it = m_lruIndex.find(index); it != m_lruIndex.end()) {
        m_lru.splice(m_lru.begin(), m_lru, it.value());
        return &m_lru.front().second;
    }
    m_lru.emplace_front(index, m_file->at(index));
    ++m_parsed;
    m_lruIndex.insert(index, m_lru.begin());
    if (m_lru.size() > size_t(kCacheSize)) {
        m_lruIndex.remove(m_lru.back().first);
        m_lru.pop_back();
    }
    return &m_lru.front().second;
}

Example RecordTableModel::record(int row) const
{
    return *cached(recordIndex(row));
}

static QString oneLine(const QString &text, int max = 160)
{
    QString s = text.left(max + 1);
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s.size() > max ? s.left(max) + QChar(0x2026) : s;
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_file || index.row() >= rowCount())
        return {};
    const qint64 rec = recordIndex(index.row());
    const IndexEntry &entry = m_file->entry(rec);
    // Columns the index answers never parse the record.
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Row:
            return rec + 1;
        case Split:
            return split::name(entry.split);
        case Task:
            return taskName(TaskKind(entry.task));
        default:
            break;
        }
        const Example *e = nullptr;
        try {
            e = cached(rec);
        } catch (const Error &error) {
            return index.column() == Id ? tr("damaged: %1").arg(error.message()) : QVariant();
        }
        const bool tip = role == Qt::ToolTipRole;
        switch (index.column()) {
        case Id:
            return e->id;
        case Source:
            return e->source;
        case Label:
            return recordLabel(*e);
        case Question: {
            const QString q = e->task == TaskKind::Summarization && e->question.isEmpty() ? e->document : e->question;
            return tip ? oneLine(q, 600) : oneLine(q);
        }
        case Answer:
            return tip ? oneLine(e->answer, 600) : oneLine(e->answer);
        default:
            break;
        }
    } else if (role == Qt::TextAlignmentRole && index.column() == Row) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::ForegroundRole && index.column() == Row) {
        return QColor(Qt::gray);
    }
    return {};
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Row:
        return tr("#");
    case Id:
        return tr("ID");
    case Split:
        return tr("Split");
    case Task:
        return tr("Task");
    case Source:
        return tr("Source");
    case Label:
        return tr("Label");
    case Question:
        return tr("Question / document");
    case Answer:
        return tr("Answer");
    default:
        return {};
    }
}

} // namespace medtune::ui
