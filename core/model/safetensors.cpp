// safetensors: strict header validation over a private memory mapping, and atomic writing.
#include "model/safetensors.h"

#include "util/error.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace medtune {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024; // the format's own bound

[[noreturn]] void fail(const QString &path, const QString &what, const QString &hint = {})
{
    throw Error(QStringLiteral("%1: %2").arg(path, what),
                hint.isEmpty() ? QStringLiteral("the file is corrupt or incomplete; download or export it again")
                               : hint);
}

bool parseDType(const QString &s, TensorDType &out)
{
    static const QMap<QString, TensorDType> known = { { QStringLiteral("F32"), TensorDType::F32 },
                                                      { QStringLiteral("F16"), TensorDType::F16 },
                                                      { QStringLiteral("BF16"), TensorDType::BF16 },
                                                      { QStringLiteral("I32"), TensorDType::I32 },
                                                      { QStringLiteral("I64"), TensorDType::I64 } };
    auto it = known.find(s);
    if (it == known.end())
        return false;
    out = *it;
    return true;
}

// A JSON number that is a non-negative integer exactly representable as double.
bool toUInt(const QJsonValue &v, uint64_t &out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (d < 0 || d > 9007199254740992.0 || std::floor(d) != d)
        return false;
    out = uint64_t(d);
    return true;
}

} // namespace

int dtypeSize(TensorDType dtype)
{
    switch (dtype) {
    case TensorDType::F32:
        return 4;
    case TensorDType::F16:
        return 2;
    case TensorDType::BF16:
        return 2;
    case TensorDType::I32:
        return 4;
    case TensorDType::I64:
        return 8;
    }
    return 0;
}

QString dtypeName(TensorDType dtype)
{
    switch (dtype) {
    case TensorDType::F32:
        return QStringLiteral("F32");
    case TensorDType::F16:
        return QStringLiteral("F16");
    case TensorDType::BF16:
        return QStringLiteral("BF16");
    case TensorDType::I32:
        return QStringLiteral("I32");
    case TensorDType::I64:
        return QStringLiteral("I64");
    }
    return {};
}

int64_t SafetensorsEntry::numel() const
{
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const QString &path)
{
    std::shared_ptr<SafetensorsFile> f(new SafetensorsFile);
    f->m_path = path;
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail(path, QStringLiteral("cannot open: %1").arg(QString::fromLocal8Bit(std::strerror(errno))),
             QStringLiteral("check that the model folder is complete and readable"));
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        fail(path, QStringLiteral("cannot read its size"));
    }
    f->m_fileSize = uint64_t(st.st_size);
    if (f->m_fileSize < 8) {
        ::close(fd);
        fail(path, QStringLiteral("truncated: %1 bytes, less than the 8-byte header length").arg(f->m_fileSize));
    }
    // Private and writable: pages are shared with the page cache until written, and a
    // write (never done by the project) would not reach the file.
    void *map = ::mmap(nullptr, f->m_fileSize, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED)
        fail(path, QStringLiteral("cannot map the file: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    f->m_map = static_cast<char *>(map);

    uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i)
        headerLen = (headerLen << 8) | uint8_t(f->m_map[i]);
    if (headerLen > kMaxHeaderBytes)
        fail(path, QStringLiteral("header length %1 exceeds the format's limit of 100 MB").arg(headerLen));
    if (headerLen > f->m_fileSize - 8)
        fail(path,
             QStringLiteral("header length %1 is larger than the file (%2 bytes): the file is truncated")
                 .arg(headerLen)
                 .arg(f->m_fileSize));
    f->m_dataStart = 8 + headerLen;
    const uint64_t dataSize = f->m_fileSize - f->m_dataStart;

    QJsonParseError perr {};
    const QJsonDocument doc
        = QJsonDocument::fromJson(QByteArray::fromRawData(f->m_map + 8, qsizetype(headerLen)), &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject())
        fail(path,
             QStringLiteral("header is not a JSON object (%1 at byte %2)").arg(perr.errorString()).arg(perr.offset));
    const QJsonObject header = doc.object();
    for (auto it = header.begin(); it != header.end(); ++it) {
        const QString name = it.key();
        if (name == QLatin1String("__metadata__")) {
            if (!it.value().isObject())
                fail(path, QStringLiteral("__metadata__ is not an object"));
            const QJsonObject meta = it.value().toObject();
            for (auto m = meta.begin(); m != meta.end(); ++m) {
                if (!m.value().isString())
                    fail(path, QStringLiteral("__metadata__ value '%1' is not a string").arg(m.key()));
                f->m_metadata.insert(m.key(), m.value().toString());
            }
            continue;
        }
        auto bad = [&](const QString &what) { fail(path, QStringLiteral("tensor '%1': %2").arg(name, what)); };
        if (!it.value().isObject())
            bad(QStringLiteral("header entry is not an object"));
        const QJsonObject o = it.value().toObject();
        SafetensorsEntry e;
        e.name = name;
        if (!parseDType(o.value(QStringLiteral("dtype")).toString(), e.dtype))
            bad(QStringLiteral("unknown or unsupported dtype '%1' (expected F32, F16, BF16, I32 or I64)")
                    .arg(o.value(QStringLiteral("dtype")).toVariant().toString()));
        const QJsonValue shape = o.value(QStringLiteral("shape"));
        if (!shape.isArray())
            bad(QStringLiteral("missing shape"));
        uint64_t numel = 1;
        for (const QJsonValue &d : shape.toArray()) {
            uint64_t dim = 0;
            if (!toUInt(d, dim) || dim > (uint64_t(1) << 40))
                bad(QStringLiteral("shape has an invalid dimension"));
            e.shape.push_back(int64_t(dim));
            numel *= dim;
            if (numel > (uint64_t(1) << 50))
                bad(QStringLiteral("shape is implausibly large"));
        }
        const QJsonArray offsets = o.value(QStringLiteral("data_offsets")).toArray();
        if (offsets.size() != 2 || !toUInt(offsets[0], e.begin) || !toUInt(offsets[1], e.end) || e.begin > e.end)
            bad(QStringLiteral("data_offsets must be two increasing byte offsets"));
        if (e.end > dataSize)
            bad(QStringLiteral("data_offsets [%1, %2] reach past the end of the data (%3 bytes): the file is truncated")
                    .arg(e.begin)
                    .arg(e.end)
                    .arg(dataSize));
        const uint64_t expected = numel * uint64_t(dtypeSize(e.dtype));
        if (e.end - e.begin != expected)
            bad(QStringLiteral("shape and dtype %1 need %2 bytes but data_offsets span %3")
                    .arg(dtypeName(e.dtype))
                    .arg(expected)
                    .arg(e.end - e.begin));
        f->m_entries.push_back(std::move(e));
    }
    // No two tensors may share bytes.
    std::vector<const SafetensorsEntry *> byOffset;
    for (const auto &e : f->m_entries)
        byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(), [](auto *a, auto *b) { return a->begin < b->begin; });
    for (size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i]->begin < byOffset[i - 1]->end && byOffset[i]->begin != byOffset[i]->end)
            fail(path,
                 QStringLiteral("tensor '%1' overlaps tensor '%2'").arg(byOffset[i]->name, byOffset[i - 1]->name));
    return f;
}

SafetensorsFile::~SafetensorsFile()
{
    if (m_map)
        ::munmap(m_map, m_fileSize);
}

const SafetensorsEntry *SafetensorsFile::find(const QString &name) const
{
    for (const auto &e : m_entries)
        if (e.name == name)
            return &e;
    return nullptr;
}

char *SafetensorsFile::data(const SafetensorsEntry &entry) const
{
    return m_map + m_dataStart + entry.begin;
}

void SafetensorsFile::release(const SafetensorsEntry &entry) const
{
    const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    uintptr_t from = uintptr_t(data(entry));
    uintptr_t to = from + (entry.end - entry.begin);
    from = (from + page - 1) / page * page; // only pages wholly inside this tensor
    to = to / page * page;
    if (to > from)
        ::madvise(reinterpret_cast<void *>(from), to - from, MADV_DONTNEED);
}

void writeSafetensors(const QString &path, const std::vector<SafetensorsWriteItem> &items,
                      const QMap<QString, QString> &metadata)
{
    QJsonObject header;
    if (!metadata.isEmpty()) {
        QJsonObject meta;
        for (auto it = metadata.begin(); it != metadata.end(); ++it)
            meta.insert(it.key(), it.value());
        header.insert(QStringLiteral("__metadata__"), meta);
    }
    uint64_t offset = 0;
    for (const auto &item : items) {
        uint64_t numel = 1;
        QJsonArray shape;
        for (int64_t d : item.shape) {
            shape.append(qint64(d));
            numel *= uint64_t(d);
        }
        if (numel * uint64_t(dtypeSize(item.dtype)) != item.bytes)
            throw Error(QStringLiteral("%1: tensor '%2' has %3 bytes, its shape needs %4")
                            .arg(path, item.name)
                            .arg(item.bytes)
                            .arg(numel * uint64_t(dtypeSize(item.dtype))));
        if (header.contains(item.name))
            throw Error(QStringLiteral("%1: tensor '%2' given twice").arg(path, item.name));
        header.insert(item.name,
                      QJsonObject { { QStringLiteral("dtype"), dtypeName(item.dtype) },
                                    { QStringLiteral("shape"), shape },
                                    { QStringLiteral("data_offsets"),
                                      QJsonArray { qint64(offset), qint64(offset + item.bytes) } } });
        offset += item.bytes;
    }
    QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (json.size() % 8 != 0)
        json.append(' ');
    QByteArray len(8, '\0');
    for (int i = 0; i < 8; ++i)
        len[i] = char((uint64_t(json.size()) >> (8 * i)) & 0xff);

    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, out.errorString()),
                    QStringLiteral("check that the folder exists and is writable"));
    bool ok = out.write(len) == 8 && out.write(json) == json.size();
    for (const auto &item : items) {
        const char *p = static_cast<const char *>(item.data);
        uint64_t left = item.bytes;
        while (ok && left > 0) {
            const qint64 chunk = qint64(std::min<uint64_t>(left, 64ull << 20));
            ok = out.write(p, chunk) == chunk;
            p += chunk;
            left -= uint64_t(chunk);
        }
    }
    if (!ok || !out.commit())
        throw Error(QStringLiteral("%1: writing failed: %2").arg(path, out.errorString()),
                    QStringLiteral("check the free disk space"));
}

} // namespace medtune
