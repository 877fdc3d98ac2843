// A dataset's examples on disk: examples.jsonl (one normalized Example per line) plus
// examples.idx, a fixed-width index (offset, length, input hash, split, task) that is
// memory-mapped, so that a table can show record 93,000 of 100,000 without reading the
// others and re-opening costs nothing but an mmap.
#pragma once

#include "data/example.h"

#include <QFile>
#include <QString>
#include <memory>
#include <optional>

namespace medtune {

#pragma pack(push, 1)
struct IndexEntry
{
    quint64 offset; ///< byte offset of the record in examples.jsonl
    quint64 inputHash; ///< Example::inputHash()
    quint32 length; ///< bytes of the record without the line break
    quint8 split; ///< split::code()
    quint8 task; ///< TaskKind
    quint8 labelled; ///< 1 when the example has a reference answer
    quint8 reserved;
};
#pragma pack(pop)
static_assert(sizeof(IndexEntry) == 24);

/// Writes a dataset folder; nothing is visible until commit() renames the files in place.
class DatasetWriter
{
public:
    /// Throws Error when the folder cannot be written.
    explicit DatasetWriter(const QString &dir);
    ~DatasetWriter();
    /// inputHash: example.inputHash(), when the caller has it already.
    void append(const Example &example, std::optional<quint64> inputHash = std::nullopt);
    qint64 count() const { return m_count; }
    /// Flushes and atomically renames the data and index files into place.
    void commit();

private:
    QString m_dir;
    QFile m_data;
    QFile m_index;
    qint64 m_count = 0;
    qint64 m_offset = 0;
    bool m_committed = false;
};

/// Read access to a committed dataset folder. Not thread-safe: one per thread.
class DatasetFile
{
public:
    /// Throws Error when the folder holds no valid dataset files.
    static std::unique_ptr<DatasetFile> open(const QString &dir);
    ~DatasetFile();

    qint64 size() const { return m_count; }
    const IndexEntry &entry(qint64 index) const;
    /// Reads and parses record index (0-based); throws Error when out of range or damaged.
    Example at(qint64 index);
    QString splitAt(qint64 index) const { return split::name(entry(index).split); }

    static QString dataFileName() { return QStringLiteral("examples.jsonl"); }
    static QString indexFileName() { return QStringLiteral("examples.idx"); }

private:
    DatasetFile() = default;
    QFile m_data;
    QFile m_index;
    const IndexEntry *m_entries = nullptr;
    qint64 m_count = 0;
};

} // namespace medtune
