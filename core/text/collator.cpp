#include "text/collator.h"

#include "text/prompt_formatter.h"
#include "util/error.h"

#include <algorithm>
#include <random>

namespace medtune {

Batch collate(std::span<const SequenceView> sequences, qint32 padId)
{
    Batch b;
    b.rows = int(sequences.size());
    for (const SequenceView &s : sequences)
        b.columns = std::max(b.columns, int(s.ids.size()));
    const size_t n = size_t(b.rows) * size_t(b.columns);
    b.inputIds.assign(n, padId);
    b.attentionMask.assign(n, 0);
    b.labels.assign(n, kIgnoreLabel);
    for (int r = 0; r < b.rows; ++r) {
        const SequenceView &s = sequences[size_t(r)];
        const size_t row = size_t(r) * size_t(b.columns);
        for (size_t t = 0; t < s.ids.size(); ++t) {
            b.inputIds[row + t] = s.ids[t];
            b.attentionMask[row + t] = 1;
            if (int(t) >= s.promptLength) {
                b.labels[row + t] = s.ids[t];
                ++b.trainedTokens;
            }
        }
    }
    return b;
}

BatchSampler::BatchSampler(std::vector<int> lengths, int batchSize, quint64 seed, bool groupByLength, bool shuffle)
    : m_lengths(std::move(lengths))
    , m_batchSize(batchSize)
    , m_seed(seed)
    , m_group(groupByLength)
    , m_shuffle(shuffle)
{
    if (batchSize < 1)
        throw UsageError(QStringLiteral("The batch size must be at least 1"));
}

std::vector<std::vector<qint64>> BatchSampler::epoch(int epochNumber) const
{
    std::vector<qint64> order(m_lengths.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = qint64(i);
    std::mt19937_64 rng(m_seed * 1000003ull + quint64(epochNumber));
    if (m_shuffle)
        std::shuffle(order.begin(), order.end(), rng);
    if (m_group) {
        const size_t window = size_t(m_batchSize) * 50;
        for (size_t start = 0; start < order.size(); start += window) {
            const auto end = order.begin() + qint64(std::min(order.size(), start + window));
            std::stable_sort(order.begin() + qint64(start), end,
                             [&](qint64 a, qint64 b) { return m_lengths[size_t(a)] > m_lengths[size_t(b)]; });
        }
    }
    std::vector<std::vector<qint64>> batches;
    for (size_t start = 0; start < order.size(); start += size_t(m_batchSize))
        batches.emplace_back(order.begin() + qint64(start),
                             order.begin() + qint64(std::min(order.size(), start + size_t(m_batchSize))));
    if (m_group && m_shuffle)
        std::shuffle(batches.begin(), batches.end(), rng);
    return batches;
}

} // namespace medtune
