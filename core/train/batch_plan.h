// The order in which training sequences are visited: a seeded shuffle per epoch, cut into
// micro-batches by count and padded-token budget. Deterministic for a seed on every
// platform (its own Fisher-Yates over std::mt19937_64), so a resumed run sees the same
// batches.
#pragma once

#include "train/trainer_config.h"

#include <cstdint>
#include <vector>

namespace medtune {

using MicroBatchIndices = std::vector<int>;

/// Indices 0..n-1 shuffled for (seed, epoch).
std::vector<int> shuffledOrder(int n, quint64 seed, int epoch);

/// The micro-batches of one epoch over sequences of the given lengths.
std::vector<MicroBatchIndices> planEpoch(const std::vector<int> &lengths, const TrainerConfig &config, int epoch);

/// Contiguous micro-batches of at most `rows` sequences in their given order (evaluation).
std::vector<MicroBatchIndices> planInOrder(const std::vector<int> &lengths, int rows, int maxTokens);

} // namespace medtune
