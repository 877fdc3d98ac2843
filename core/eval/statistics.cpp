#include "eval/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace medtune {

std::vector<double> averageRanks(const std::vector<double> &values)
{
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
            ++j;
        const double rank = (double(i) + double(j)) / 2.0 + 1.0;
        for (size_t t = i; t <= j; ++t)
            ranks[order[t]] = rank;
        i = j + 1;
    }
    return ranks;
}

double pearson(const std::vector<double> &x, const std::vector<double> &y)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (x.size() != y.size() || x.size() < 2)
        return nan;
    const double n = double(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0 || syy == 0)
        return nan;
    return sxy / std::sqrt(sxx * syy);
}

double spearman(const std::vector<double> &x, const std::vector<double> &y)
{
    if (x.size() != y.size())
        return std::numeric_limits<double>::quiet_NaN();
    return pearson(averageRanks(x), averageRanks(y));
}

std::pair<double, double> wilsonInterval(double successes, double n, double z)
{
    if (n <= 0)
        return { 0.0, 1.0 };
    const double p = successes / n;
    const double z2 = z * z;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return { std::max(0.0, centre - half), std::min(1.0, centre + half) };
}

} // namespace medtune
