#include "text/tokenized_cache.h"

#include "data/dataset_file.h"
#include "util/error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSaveFile>
#include <QTemporaryFile>
#include <algorithm>
#include <cstring>

namespace medtune {
namespace {
constexpr char kMagic[8] = { 'M', 'T', 'T', 'O', 'K', 'C', '0', '1' };
// Header: magic(8) key(64 ASCII hex) count(8); then count entries; then the ids.
constexpr qint64 kHeader = 8 + 64 + 8;

#pragma pack(push, 1)
struct Entry
{
    quint64 idsOffset; ///< in int32 units from the start of the id area
    quint32 length;
    quint32 promptLength;
    quint32 cutTokens;
    quint32 skip;
};
#pragma pack(pop)
static_assert(sizeof(Entry) == 24);

TokenStatistics::Distribution distribution(std::vector<int> v)
{
    TokenStatistics::Distribution d;
    d.count = qint64(v.size());
    if (v.empty())
        return d;
    std::sort(v.begin(), v.end());
    auto pct = [&](double p) { return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))]; };
    d.min = v.front();
    d.max = v.back();
    d.p50 = pct(0.5);
    d.p90 = pct(0.9);
    d.p99 = pct(0.99);
    double sum = 0;
    for (int x : v)
        sum += x;
    d.mean = sum / double(v.size());
    return d;
}
} // namespace

QJsonObject TokenStatistics::Distribution::toJson() const
{
    return { { QStringLiteral("count"), count }, { QStringLiteral("min"), min }, { QStringLiteral("p50"), p50 },
             { QStringLiteral("p90"), p90 },     { QStringLiteral("p99"), p99 }, { QStringLiteral("max"), max },
             { QStringLiteral("mean"), mean } };
}

QJsonObject TokenStatistics::toJson() const
{
    QJsonObject sk;
    for (auto it = skipped.begin(); it != skipped.end(); ++it)
        sk.insert(it.key(), it.value());
    return { { QStringLiteral("examples"), examples },
             { QStringLiteral("formatted"), formatted },
             { QStringLiteral("truncated"), truncated },
             { QStringLiteral("cut_tokens"), cutTokens },
             { QStringLiteral("skipped"), sk },
             { QStringLiteral("prompt_tokens"), prompt.toJson() },
             { QStringLiteral("answer_tokens"), answer.toJson() },
             { QStringLiteral("total_tokens"), total.toJson() } };
}

QString TokenizedCache::fileKey(const QString &datasetHash, const PromptFormatter &formatter)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(datasetHash.toUtf8());
    h.addData(formatter.cacheKey().toUtf8());
    return QString::fromLatin1(h.result().toHex());
}

std::unique_ptr<TokenizedCache> TokenizedCache::tryOpen(const QString &path, const QString &key)
{
    std::unique_ptr<TokenizedCache> c(new TokenizedCache);
    c->m_file.setFileName(path);
    if (!c->m_file.open(QIODevice::ReadOnly) || c->m_file.size() < kHeader)
        return nullptr;
    const qint64 size = c->m_file.size();
    uchar *map = c->m_file.map(0, size);
    if (!map || std::memcmp(map, kMagic, 8) != 0
        || QByteArray(reinterpret_cast<const char *>(map) + 8, 64) != key.toLatin1())
        return nullptr;
    quint64 count = 0;
    std::memcpy(&count, map + 72, 8);
    const qint64 idsStart = kHeader + qint64(count) * qint64(sizeof(Entry));
    if (idsStart > size)
        return nullptr;
    // Every entry's ids must lie inside the file.
    for (quint64 i = 0; i < count; ++i) {
        Entry e;
        std::memcpy(&e, map + kHeader + i * sizeof(Entry), sizeof e);
        if (idsStart + qint64(e.idsOffset + e.length) * 4 > size)
            return nullptr;
    }
    c->m_map = map;
    c->m_count = qint64(count);
    return c;
}

std::unique_ptr<TokenizedCache> TokenizedCache::openOrBuild(const QString &cacheDir, DatasetFile &dataset,
                                                            const QString &datasetHash,
                                                            const PromptFormatter &formatter, bool *rebuilt,
                                                            const std::function<bool(qint64, qint64)> &progress)
{
    const QString key = fileKey(datasetHash, formatter);
    const QString dir = QDir(cacheDir).filePath(QStringLiteral("tokenized"));
    const QString path = QDir(dir).filePath(key + QStringLiteral(".tok"));
    if (auto c = tryOpen(path, key)) {
        if (c->size() == dataset.size()) {
            if (rebuilt)
                *rebuilt = false;
            return c;
        }
    }
    if (!QDir().mkpath(dir))
        throw Error(QStringLiteral("Cannot create the cache folder %1").arg(dir));

    // Entries first (in memory: 24 bytes per example), ids streamed to a temporary file.
    // Several processes may build the same cache at once (data-parallel ranks, two
    // windows): each writes a file of its own name and the last complete one is renamed
    // into place atomically (QSaveFile), so readers only ever see a whole file.
    std::vector<Entry> entries(size_t(dataset.size()));
    QTemporaryFile ids(path + QStringLiteral(".ids.XXXXXX.part"));
    if (!ids.open())
        throw Error(QStringLiteral("Cannot write a temporary file next to %1: %2").arg(path, ids.errorString()),
                    QStringLiteral("check free disk space and the permissions of the cache folder"));
    quint64 offset = 0;
    std::vector<qint32> buffer;
    for (qint64 i = 0; i < dataset.size(); ++i) {
        const FormattedExample f = formatter.format(dataset.at(i));
        Entry &e = entries[size_t(i)];
        e.idsOffset = offset;
        e.length = quint32(f.ids.size());
        e.promptLength = quint32(f.promptLength);
        e.cutTokens = quint32(f.cutTokens);
        e.skip = quint32(f.skip);
        buffer.assign(f.ids.begin(), f.ids.end());
        ids.write(reinterpret_cast<const char *>(buffer.data()), qint64(buffer.size() * 4));
        offset += f.ids.size();
        if (progress && i % 256 == 0 && !progress(i, dataset.size()))
            throw Error(QStringLiteral("Tokenizing was cancelled")); // the temporary file removes itself
    }
    if (!ids.flush() || !ids.seek(0))
        throw Error(QStringLiteral("Cannot write %1: %2").arg(ids.fileName(), ids.errorString()),
                    QStringLiteral("check free disk space"));
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("Cannot write %1").arg(path), QStringLiteral("check free disk space"));
    const quint64 count = quint64(entries.size());
    out.write(kMagic, 8);
    out.write(key.toLatin1());
    out.write(reinterpret_cast<const char *>(&count), 8);
    out.write(reinterpret_cast<const char *>(entries.data()), qint64(entries.size() * sizeof(Entry)));
    while (!ids.atEnd())
        out.write(ids.read(1 << 20));
    if (!out.commit())
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, out.errorString()),
                    QStringLiteral("check free disk space"));
    auto c = tryOpen(path, key);
    if (!c)
        throw Error(QStringLiteral("The cache %1 could not be read back").arg(path));
    if (rebuilt)
        *rebuilt = true;
    return c;
}

TokenizedCache::~TokenizedCache() = default;

TokenizedCache::Record TokenizedCache::record(qint64 index) const
{
    if (index < 0 || index >= m_count)
        throw Error(QStringLiteral("Cache record %1 is out of range").arg(index));
    Entry e;
    std::memcpy(&e, m_map + kHeader + index * qint64(sizeof(Entry)), sizeof e);
    const qint32 *base = reinterpret_cast<const qint32 *>(m_map + kHeader + m_count * qint64(sizeof(Entry)));
    return { FormatSkip(e.skip), int(e.promptLength), int(e.cutTokens),
             std::span<const qint32>(base + e.idsOffset, e.length) };
}

TokenStatistics TokenizedCache::statistics(int maxTokens) const
{
    TokenStatistics s;
    std::vector<int> prompt, answer, total;
    for (qint64 i = 0; i < m_count; ++i) {
        const Record r = record(i);
        ++s.examples;
        if (r.skip != FormatSkip::None) {
            ++s.skipped[formatSkipText(r.skip, maxTokens)];
            continue;
        }
        ++s.formatted;
        if (r.cutTokens > 0) {
            ++s.truncated;
            s.cutTokens += r.cutTokens;
        }
        prompt.push_back(r.promptLength);
        answer.push_back(int(r.ids.size()) - r.promptLength);
        total.push_back(int(r.ids.size()));
    }
    s.prompt = distribution(std::move(prompt));
    s.answer = distribution(std::move(answer));
    s.total = distribution(std::move(total));
    return s;
}

} // namespace medtune
