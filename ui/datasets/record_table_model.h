// The record table of the Datasets page: a lazy QAbstractTableModel over a DatasetFile.
// Only rows the view asks for are parsed (a small LRU keeps the recent ones); split and
// task filters use the memory-mapped index alone, text and label filters scan the records
// on a background thread, so the GUI thread never parses the whole file.
#pragma once

#include "data/example.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QString>
#include <list>
#include <memory>
#include <optional>
#include <vector>

namespace medtune {
class DatasetFile;
}

namespace medtune::ui {

class RecordScanJob;

/// What the table shows; empty members match everything.
struct RecordFilter
{
    QString text; ///< case-insensitive substring of id, question, context, document or answer
    QString split; ///< "train", "validation", "test"
    std::optional<TaskKind> task;
    QString label; ///< the record's label (PubMedQA decision, MedMCQA letter), or "unlabelled"
    QString source; ///< the record's source ("pubmedqa", "custom"...)

    bool needsScan() const { return !text.isEmpty() || !label.isEmpty() || !source.isEmpty(); }
    /// Whether an index entry can still match (split and task).
    bool matchesIndex(quint8 splitCode, quint8 taskCode) const;
    /// Whether a parsed record matches the whole filter.
    bool matches(const Example &example) const;
};

/// The label a record shows in the table and the label filter.
QString recordLabel(const Example &example);

class RecordTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Row, Id, Split, Task, Source, Label, Question, Answer, ColumnCount };
    static constexpr int kCacheSize = 512; ///< parsed records kept (LRU)

    explicit RecordTableModel(QObject *parent = nullptr);
    ~RecordTableModel() override;

    /// Shows a dataset folder (storageDir of a DatasetInfo); empty clears the table.
    void setDataset(const QString &storageDir);
    QString datasetDir() const { return m_dir; }
    /// Applies a filter: at once from the index, or through a background scan (the table
    /// is empty while scanning; filterFinished() tells when it is done).
    void setFilter(const RecordFilter &filter);
    const RecordFilter &filter() const { return m_filter; }
    bool isScanning() const { return m_scan != nullptr; }
    /// Records in the dataset, regardless of the filter.
    qint64 totalRecords() const;
    /// The dataset record index behind a table row.
    qint64 recordIndex(int row) const;
    /// The parsed record behind a table row (through the cache); throws Error when damaged.
    Example record(int row) const;
    /// How many records have been parsed since the dataset was set (for tests of laziness).
    qint64 parsedCount() const { return m_parsed; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A filter was applied; rows is the new row count.
    void filterFinished(int rows);
    void filterProgress(qint64 done, qint64 total);
    void scanFailed(const QString &message);

private:
    const Example *cached(qint64 recordIndex) const;
    void cancelScan();

    QString m_dir;
    std::unique_ptr<DatasetFile> m_file;
    RecordFilter m_filter;
    bool m_identity = true; ///< no filter: row == record index
    std::vector<qint64> m_rows; ///< record indexes shown when filtered
    std::unique_ptr<RecordScanJob> m_scan;
    // LRU: most recent at the front.
    mutable std::list<std::pair<qint64, Example>> m_lru;
    mutable QHash<qint64, std::list<std::pair<qint64, Example>>::iterator> m_lruIndex;
    mutable qint64 m_parsed = 0;
};

} // namespace medtune::ui
