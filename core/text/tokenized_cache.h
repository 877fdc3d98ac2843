// Token ids of a whole dataset under one tokenizer, template and length policy, on disk:
// a memory-mapped file keyed by all three plus the dataset's content hash, so that
// re-opening is instant and any change (a stale key, a damaged file) rebuilds it.
#pragma once

#include "text/prompt_formatter.h"

#include <QFile>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <functional>
#include <memory>
#include <span>

namespace medtune {

class DatasetFile;

struct TokenStatistics
{
    struct Distribution
    {
        qint64 count = 0;
        int min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
        double mean = 0;
        QJsonObject toJson() const;
    };
    qint64 examples = 0, formatted = 0, truncated = 0;
    qint64 cutTokens = 0;
    QMap<QString, qint64> skipped; ///< reason text -> count
    Distribution prompt, answer, total;
    QJsonObject toJson() const;
};

class TokenizedCache
{
public:
    struct Record
    {
        FormatSkip skip;
        int promptLength; ///< BOS + prompt tokens
        int cutTokens;
        std::span<const qint32> ids; ///< empty when skipped
    };

    /// Opens the cache for (dataset, formatter) under cacheDir, building it when absent or
    /// stale. *rebuilt tells which happened. progress(done, total) may return false to
    /// cancel (throws Error then).
    static std::unique_ptr<TokenizedCache> openOrBuild(const QString &cacheDir, DatasetFile &dataset,
                                                       const QString &datasetHash, const PromptFormatter &formatter,
                                                       bool *rebuilt = nullptr,
                                                       const std::function<bool(qint64, qint64)> &progress = {});
    /// Opens an existing cache file; null when absent, damaged or keyed differently.
    static std::unique_ptr<TokenizedCache> tryOpen(const QString &path, const QString &key);
    static QString fileKey(const QString &datasetHash, const PromptFormatter &formatter);

    ~TokenizedCache();
    qint64 size() const { return m_count; }
    Record record(qint64 index) const;
    QString path() const { return m_file.fileName(); }
    TokenStatistics statistics(int maxTokens) const;

private:
    TokenizedCache() = default;
    QFile m_file;
    const uchar *m_map = nullptr;
    qint64 m_count = 0;
};

} // namespace medtune
