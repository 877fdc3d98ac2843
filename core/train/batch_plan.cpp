#include "train/batch_plan.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace medtune {
namespace {

std::vector<MicroBatchIndices> cut(const std::vector<int> &order, const std::vector<int> &lengths, int rows,
                                   int maxTokens)
{
    std::vector<MicroBatchIndices> batches;
    MicroBatchIndices current;
    int longest = 0;
    for (int index : order) {
        const int len = lengths[size_t(index)];
        const int newLongest = std::max(longest, len);
        const bool full = int(current.size()) >= rows
            || (maxTokens > 0 && !current.empty() && newLongest * int(current.size() + 1) > maxTokens);
        if (full) {
            batches.push_back(std::move(current));
            current.clear();
            longest = 0;
        }
        current.push_back(index);
        longest = std::max(longest, len);
    }
    if (!current.empty())
        batches.push_back(std::move(current));
    return batches;
}

} // namespace

std::vector<int> shuffledOrder(int n, quint64 seed, int epoch)
{
    std::vector<int> order(size_t(std::max(0, n)));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed * 1000003ULL + quint64(epoch) * 7919ULL + 1ULL);
    for (size_t i = order.size(); i > 1; --i) {
        const size_t j = size_t(rng() % i); // the bias is below 2^-40 for any realistic n
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

std::vector<MicroBatchIndices> planEpoch(const std::vector<int> &lengths, const TrainerConfig &config, int epoch)
{
    std::vector<int> order = shuffledOrder(int(lengths.size()), config.seed, epoch);
    if (config.groupByLength) {
        // Sort chunks of the shuffled order by length: little padding, still varied batches.
        const size_t chunk = size_t(config.microBatchSize) * 32;
        for (size_t start = 0; start < order.size(); start += chunk) {
            const auto end = order.begin() + long(std::min(order.size(), start + chunk));
            std::stable_sort(order.begin() + long(start), end,
                             [&](int a, int b) { return lengths[size_t(a)] > lengths[size_t(b)]; });
        }
    }
    return cut(order, lengths, config.microBatchSize, config.maxTokensPerMicroBatch);
}

std::vector<MicroBatchIndices> planInOrder(const std::vector<int> &lengths, int rows, int maxTokens)
{
    std::vector<int> order(lengths.size());
    std::iota(order.begin(), order.end(), 0);
    return cut(order, lengths, std::max(1, rows), maxTokens);
}

} // namespace medtune
