// Small statistics used by evaluation and review analysis.
#pragma once

#include <utility>
#include <vector>

namespace medtune {

/// Ranks 1..n with ties given their average rank.
std::vector<double> averageRanks(const std::vector<double> &values);
/// Pearson's correlation; NaN when either side has no variance or sizes differ.
double pearson(const std::vector<double> &x, const std::vector<double> &y);
/// Spearman's rank correlation (Pearson on average ranks, so ties are handled).
double spearman(const std::vector<double> &x, const std::vector<double> &y);
/// Wilson score interval of a proportion successes/n at normal quantile z (1.96 = 95%).
std::pair<double, double> wilsonInterval(double successes, double n, double z = 1.959963984540054);

} // namespace medtune
