#include "review/agreement.h"

#include "util/error.h"

#include <cmath>
#include <limits>
#include <map>

namespace medtune {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double kappaWeight(int i, int j, int k, KappaWeights w)
{
    // Disagreement weight: 0 on the diagonal, 1 at the largest distance.
    if (w == KappaWeights::None || k < 2)
        return i == j ? 0.0 : 1.0;
    const double d = std::abs(i - j) / double(k - 1);
    return w == KappaWeights::Linear ? d : d * d;
}

} // namespace

double cohensKappa(const std::vector<int> &a, const std::vector<int> &b, int categories, KappaWeights weights)
{
    if (a.size() != b.size())
        throw UsageError(QStringLiteral("Cohen's kappa needs the same items from both reviewers (%1 vs %2)")
                             .arg(a.size())
                             .arg(b.size()));
    if (a.empty() || categories < 1)
        return kNaN;
    const int k = categories;
    std::vector<double> joint(size_t(k * k), 0.0), rowSum(size_t(k), 0.0), colSum(size_t(k), 0.0);
    for (size_t n = 0; n < a.size(); ++n) {
        if (a[n] < 0 || a[n] >= k || b[n] < 0 || b[n] >= k)
            throw UsageError(QStringLiteral("Cohen's kappa: rating out of range 0..%1").arg(k - 1));
        joint[size_t(a[n] * k + b[n])] += 1;
        rowSum[size_t(a[n])] += 1;
        colSum[size_t(b[n])] += 1;
    }
    const double total = double(a.size());
    double observed = 0, expected = 0;
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) {
            const double w = kappaWeight(i, j, k, weights);
            observed += w * joint[size_t(i * k + j)] / total;
            expected += w * rowSum[size_t(i)] * colSum[size_t(j)] / (total * total);
        }
    if (expected == 0)
        return kNaN;
    return 1.0 - observed / expected;
}

double krippendorffAlpha(const std::vector<std::vector<std::optional<double>>> &ratings, AlphaMetric metric)
{
    // Coincidence matrix o[c][k] over the distinct values, from pairable units only.
    std::map<double, int> index;
    for (const auto &unit : ratings)
        for (const auto &v : unit)
            if (v)
                index.emplace(*v, 0);
    int next = 0;
    std::vector<double> values;
    for (auto &[value, i] : index) {
        i = next++;
        values.push_back(value);
    }
    const size_t V = values.size();
    if (V == 0)
        return kNaN;
    std::vector<double> o(V * V, 0.0);
    for (const auto &unit : ratings) {
        std::vector<int> present;
        for (const auto &v : unit)
            if (v)
                present.push_back(index.at(*v));
        const double m = double(present.size());
        if (m < 2)
            continue;
        for (size_t p = 0; p < present.size(); ++p)
            for (size_t q = 0; q < present.size(); ++q)
                if (p != q)
                    o[size_t(present[p]) * V + size_t(present[q])] += 1.0 / (m - 1);
    }
    std::vector<double> nc(V, 0.0);
    double n = 0;
    for (size_t c = 0; c < V; ++c) {
        for (size_t k = 0; k < V; ++k)
            nc[c] += o[c * V + k];
        n += nc[c];
    }
    if (n <= 1)
        return kNaN;

    auto delta2 = [&](size_t c, size_t k) -> double {
        if (c == k)
            return 0.0;
        switch (metric) {
        case AlphaMetric::Nominal:
            return 1.0;
        case AlphaMetric::Interval:
            return (values[c] - values[k]) * (values[c] - values[k]);
        case AlphaMetric::Ordinal: {
            const size_t lo = std::min(c, k), hi = std::max(c, k);
            double s = 0;
            for (size_t g = lo; g <= hi; ++g)
                s += nc[g];
            s -= (nc[lo] + nc[hi]) / 2.0;
            return s * s;
        }
        }
        return 1.0;
    };

    double observed = 0, expected = 0;
    for (size_t c = 0; c < V; ++c)
        for (size_t k = 0; k < V; ++k) {
            const double d = delta2(c, k);
            observed += o[c * V + k] * d;
            expected += nc[c] * nc[k] * d;
        }
    if (expected == 0)
        return kNaN;
    // alpha = 1 - D_o / D_e with D_o = sum o*d / n and D_e = sum n_c n_k d / (n (n - 1)).
    return 1.0 - (n - 1) * observed / expected;
}

} // namespace medtune
