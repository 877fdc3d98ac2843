// Agreement and correlation statistics on textbook examples.
#include "eval/statistics.h"
#include "review/agreement.h"

#include <QTest>
#include <cmath>

using namespace medtune;

namespace {

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four
// observers, twelve units and missing values.
std::vector<std::vector<std::optional<double>>> krippendorffExample()
{
    const std::optional<double> _;
    const std::vector<std::vector<std::optional<double>>> byObserver = {
        { 1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _ },
        { 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3 },
        { _, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _ },
        { 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _ },
    };
    std::vector<std::vector<std::optional<double>>> units(12);
    for (const auto &observer : byObserver)
        for (size_t u = 0; u < 12; ++u)
            units[u].push_back(observer[u]);
    return units;
}

} // namespace

class AgreementTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cohensKappaTextbook()
    {
        // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15.
        // p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4.
        std::vector<int> a, b;
        auto add = [&](int x, int y, int n) {
            for (int i = 0; i < n; ++i) {
                a.push_back(x);
                b.push_back(y);
            }
        };
        add(1, 1, 20);
        add(1, 0, 5);
        add(0, 1, 10);
        add(0, 0, 15);
        QVERIFY(qAbs(cohensKappa(a, b, 2) - 0.4) < 1e-12);
    }

    void weightedKappa()
    {
        // Reference values from an independent computation with agreement weights
        // (1 - |i-j|/(k-1), squared for quadratic): 13/33, 11/21, 2/3.
        const std::vector<int> a = { 0, 1, 2, 0, 1, 2, 0, 2, 1, 1 };
        const std::vector<int> b = { 0, 1, 1, 0, 2, 2, 1, 2, 1, 0 };
        QVERIFY(qAbs(cohensKappa(a, b, 3, KappaWeights::None) - 13.0 / 33.0) < 1e-12);
        QVERIFY(qAbs(cohensKappa(a, b, 3, KappaWeights::Linear) - 11.0 / 21.0) < 1e-12);
        QVERIFY(qAbs(cohensKappa(a, b, 3, KappaWeights::Quadratic) - 2.0 / 3.0) < 1e-12);
        // Perfect agreement is 1; one constant reviewer with no expected disagreement is undefined.
        QCOMPARE(cohensKappa(a, a, 3, KappaWeights::Linear), 1.0);
        QVERIFY(std::isnan(cohensKappa({ 1, 1 }, { 1, 1 }, 3)));
    }

    void krippendorffAlphaTextbook()
    {
        // Published values: nominal 0.743, ordinal 0.815, interval 0.849.
        const auto units = krippendorffExample();
        QVERIFY(qAbs(krippendorffAlpha(units, AlphaMetric::Nominal) - 0.743) < 5e-4);
        QVERIFY(qAbs(krippendorffAlpha(units, AlphaMetric::Ordinal) - 0.815) < 5e-4);
        QVERIFY(qAbs(krippendorffAlpha(units, AlphaMetric::Interval) - 0.849) < 5e-4);
    }

    void alphaEqualsKappaLikeCasesAtExtremes()
    {
        // Perfect agreement is 1 for every metric.
        std::vector<std::vector<std::optional<double>>> same = { { 1, 1 }, { 2, 2 }, { 3, 3 }, { 1, 1 } };
        QCOMPARE(krippendorffAlpha(same, AlphaMetric::Nominal), 1.0);
        QCOMPARE(krippendorffAlpha(same, AlphaMetric::Ordinal), 1.0);
        // Nothing pairable: undefined.
        std::vector<std::vector<std::optional<double>>> lonely = { { 1, std::nullopt }, { std::nullopt, 2 } };
        QVERIFY(std::isnan(krippendorffAlpha(lonely, AlphaMetric::Nominal)));
    }

    void spearmanWithTies()
    {
        QCOMPARE(averageRanks({ 10, 20, 20, 30 }), (std::vector<double> { 1, 2.5, 2.5, 4 }));
        QVERIFY(qAbs(spearman({ 1, 2, 3, 4, 5 }, { 5, 6, 7, 8, 7 }) - 0.8207826816681233) < 1e-12);
        QVERIFY(qAbs(spearman({ 1, 2, 3 }, { 3, 2, 1 }) + 1.0) < 1e-12);
        QVERIFY(std::isnan(spearman({ 1, 1, 1 }, { 1, 2, 3 })));
    }

    void wilson()
    {
        // 8 of 10 at 95%: (0.4902, 0.9433).
        const auto [lo, hi] = wilsonInterval(8, 10);
        QVERIFY(qAbs(lo - 0.4901625) < 1e-6);
        QVERIFY(qAbs(hi - 0.9433178) < 1e-6);
    }
};

QTEST_GUILESS_MAIN(AgreementTest)
#include "tst_agreement.moc"
