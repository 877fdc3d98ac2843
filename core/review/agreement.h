// Inter-rater agreement: Cohen's kappa (unweighted, linear or quadratic weights) for two
// reviewers, and Krippendorff's alpha for any number of reviewers with missing ratings.
#pragma once

#include <optional>
#include <vector>

namespace medtune {

enum class KappaWeights { None, Linear, Quadratic };

/// Cohen's kappa of two reviewers' ratings of the same items, as category indices
/// 0..categories-1. Weighted kappa treats the categories as ordered. Returns NaN when
/// undefined (no items, or expected disagreement of zero).
double cohensKappa(const std::vector<int> &a, const std::vector<int> &b, int categories,
                   KappaWeights weights = KappaWeights::None);

enum class AlphaMetric { Nominal, Ordinal, Interval };

/// Krippendorff's alpha. ratings[unit][reviewer] holds a value or nothing (missing).
/// Units with fewer than two values are not pairable and are ignored. For the ordinal
/// metric the values are ranks (their order is what counts). Returns NaN when undefined.
double krippendorffAlpha(const std::vector<std::vector<std::optional<double>>> &ratings, AlphaMetric metric);

} // namespace medtune
