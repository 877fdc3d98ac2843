#include "data/dataset_file.h"

#include "util/error.h"

#include <QDir>
#include <QJsonDocument>
#include <cstring>

namespace medtune {
namespace {
constexpr char kMagic[8] = { 'M', 'T', 'D', 'S', 'I', 'D', 'X', '1' };
constexpr qint64 kHeader = 16; // magic + count
} // namespace

DatasetWriter::DatasetWriter(const QString &dir)
    : m_dir(dir)
    , m_data(QDir(dir).filePath(DatasetFile::dataFileName() + QStringLiteral(".part")))
    , m_index(QDir(dir).filePath(DatasetFile::indexFileName() + QStringLiteral(".part")))
{
    if (!QDir().mkpath(dir) || !m_data.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || !m_index.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw Error(QStringLiteral("Cannot write the dataset folder %1").arg(dir),
                    QStringLiteral("check free disk space and permissions of the workspace"));
    const quint64 zero = 0;
    m_index.write(kMagic, 8);
    m_index.write(reinterpret_cast<const char *>(&zero), 8);
}

DatasetWriter::~DatasetWriter()
{
    if (!m_committed) {
        m_data.close();
        m_index.close();
        m_data.remove();
        m_index.remove();
    }
}

void DatasetWriter::append(const Example &example, std::optional<quint64> inputHash)
{
    const QByteArray line = QJsonDocument(example.toJson()).toJson(QJsonDocument::Compact);
    IndexEntry e {};
    e.offset = quint64(m_offset);
    e.inputHash = inputHash ? *inputHash : example.inputHash();
    e.length = quint32(line.size());
    e.split = split::code(example.split);
    e.task = quint8(example.task);
    e.labelled = example.labelled() ? 1 : 0;
    if (m_data.write(line) != line.size() || m_data.write("\n", 1) != 1
        || m_index.write(reinterpret_cast<const char *>(&e), sizeof e) != qint64(sizeof e))
        throw Error(QStringLiteral("Cannot write the dataset folder %1: %2").arg(m_dir, m_data.errorString()),
                    QStringLiteral("check free disk space"));
    m_offset += line.size() + 1;
    ++m_count;
}

void DatasetWriter::commit()
{
    const quint64 count = quint64(m_count);
    m_index.seek(8);
    m_index.write(reinterpret_cast<const char *>(&count), 8);
    if (!m_data.flush() || !m_index.flush())
        throw Error(QStringLiteral("Cannot write the dataset folder %1").arg(m_dir),
                    QStringLiteral("check free disk space"));
    m_data.close();
    m_index.close();
    const QDir d(m_dir);
    for (const QString &name : { DatasetFile::dataFileName(), DatasetFile::indexFileName() }) {
        QFile::remove(d.filePath(name));
        if (!QFile::rename(d.filePath(name + QStringLiteral(".part")), d.filePath(name)))
            throw Error(QStringLiteral("Cannot finish writing %1").arg(d.filePath(name)));
    }
    m_committed = true;
}

std::unique_ptr<DatasetFile> DatasetFile::open(const QString &dir)
{
    std::unique_ptr<DatasetFile> f(new DatasetFile);
    const QDir d(dir);
    f->m_data.setFileName(d.filePath(dataFileName()));
    f->m_index.setFileName(d.filePath(indexFileName()));
    if (!f->m_data.open(QIODevice::ReadOnly) || !f->m_index.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("The dataset files in %1 are missing").arg(dir),
                    QStringLiteral("remove the dataset and import its source again"));
    const qint64 size = f->m_index.size();
    char header[kHeader];
    if (size < kHeader || f->m_index.read(header, kHeader) != kHeader || std::memcmp(header, kMagic, 8) != 0)
        throw Error(QStringLiteral("The dataset index %1 is damaged").arg(f->m_index.fileName()),
                    QStringLiteral("remove the dataset and import its source again"));
    quint64 count = 0;
    std::memcpy(&count, header + 8, 8);
    if (qint64(kHeader + count * sizeof(IndexEntry)) != size)
        throw Error(QStringLiteral("The dataset index %1 is truncated").arg(f->m_index.fileName()),
                    QStringLiteral("remove the dataset and import its source again"));
    f->m_count = qint64(count);
    if (count > 0) {
        uchar *map = f->m_index.map(0, size);
        if (!map)
            throw Error(QStringLiteral("Cannot map %1").arg(f->m_index.fileName()));
        f->m_entries = reinterpret_cast<const IndexEntry *>(map + kHeader);
    }
    return f;
}

DatasetFile::~DatasetFile() = default;

const IndexEntry &DatasetFile::entry(qint64 index) const
{
    if (index < 0 || index >= m_count)
        throw Error(QStringLiteral("Record %1 is out of range (the dataset has %2)").arg(index).arg(m_count));
    return m_entries[index];
}

Example DatasetFile::at(qint64 index)
{
    const IndexEntry &e = entry(index);
    QByteArray bytes;
    if (!m_data.seek(qint64(e.offset)) || (bytes = m_data.read(e.length)).size() != qint64(e.length))
        throw Error(QStringLiteral("Cannot read record %1 of %2").arg(index).arg(m_data.fileName()),
                    QStringLiteral("remove the dataset and import its source again"));
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject())
        throw Error(QStringLiteral("Record %1 of %2 is damaged").arg(index).arg(m_data.fileName()),
                    QStringLiteral("remove the dataset and import its source again"));
    return Example::fromJson(doc.object());
}

} // namespace medtune
