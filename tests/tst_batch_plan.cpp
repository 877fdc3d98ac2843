// The batch planner (train/batch_plan.h): the order in which training visits its
// sequences. Resumed runs and existing checkpoints depend on this order, so the first
// tests pin the exact output for a few configurations (values recorded from the planner
// as it was before the collator's sampler was merged into it).
#include "train/batch_plan.h"

#include <QSet>
#include <QTest>

using namespace medtune;

namespace {

using Plan = std::vector<MicroBatchIndices>;

std::vector<int> lengthsOf(int n, int multiplier, int modulus, int base)
{
    std::vector<int> lengths;
    for (int i = 0; i < n; ++i)
        lengths.push_back(base + (i * multiplier) % modulus);
    return lengths;
}

/// FNV-1a over the indices, a separator after each micro-batch (pins large plans).
quint64 planHash(const Plan &plan)
{
    quint64 h = 1469598103934665603ULL;
    auto mix = [&](quint64 v) {
        for (int k = 0; k < 4; ++k) {
            h ^= (v >> (8 * k)) & 0xffU;
            h *= 1099511628211ULL;
        }
    };
    for (const auto &batch : plan) {
        for (int i : batch)
            mix(quint64(uint32_t(i)));
        mix(0xFFFFFFFFU);
    }
    return h;
}

/// Padded cells (rows x longest, summed) when every index appears exactly once; -1 otherwise.
qint64 paddedCells(const Plan &plan, const std::vector<int> &lengths)
{
    qint64 total = 0;
    QSet<int> seen;
    qsizetype count = 0;
    for (const auto &batch : plan) {
        int longest = 0;
        for (int i : batch) {
            longest = std::max(longest, lengths[size_t(i)]);
            seen.insert(i);
            ++count;
        }
        total += qint64(longest) * qint64(batch.size());
    }
    return seen.size() == qsizetype(lengths.size()) && count == seen.size() ? total : -1;
}

TrainerConfig config(int rows, int maxTokens, quint64 seed, bool group)
{
    TrainerConfig c;
    c.microBatchSize = rows;
    c.maxTokensPerMicroBatch = maxTokens;
    c.seed = seed;
    c.groupByLength = group;
    return c;
}

} // namespace

class BatchPlanTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shuffledOrderIsPinned()
    {
        QCOMPARE(shuffledOrder(10, 42, 0), (std::vector<int> { 9, 8, 2, 0, 4, 6, 5, 3, 1, 7 }));
        QCOMPARE(shuffledOrder(10, 42, 3), (std::vector<int> { 6, 4, 5, 0, 9, 1, 2, 7, 3, 8 }));
        QCOMPARE(shuffledOrder(10, 7, 0), (std::vector<int> { 5, 4, 7, 0, 2, 3, 8, 6, 9, 1 }));
        QVERIFY(shuffledOrder(0, 42, 0).empty());
    }

    void planEpochIsPinned()
    {
        const std::vector<int> l10 = lengthsOf(10, 37, 50, 5);
        QCOMPARE(l10, (std::vector<int> { 5, 42, 29, 16, 53, 40, 27, 14, 51, 38 }));
        QCOMPARE(planEpoch(l10, config(3, 0, 42, false), 0), (Plan { { 9, 8, 2 }, { 0, 4, 6 }, { 5, 3, 1 }, { 7 } }));
        QCOMPARE(planEpoch(l10, config(3, 0, 42, true), 1), (Plan { { 4, 8, 1 }, { 5, 9, 2 }, { 6, 3, 7 }, { 0 } }));

        const std::vector<int> l20 = lengthsOf(20, 13, 30, 2);
        QCOMPARE(planEpoch(l20, config(4, 40, 7, true), 0),
                 (Plan { { 16 },
                         { 9 },
                         { 2 },
                         { 18 },
                         { 11 },
                         { 4 },
                         { 13 },
                         { 6, 15 },
                         { 8, 1 },
                         { 17, 10, 3 },
                         { 19, 12, 5, 14 },
                         { 7, 0 } }));
        QCOMPARE(planEpoch(l20, config(4, 40, 7, false), 2),
                 (Plan { { 1, 7 },
                         { 5, 6 },
                         { 11 },
                         { 12 },
                         { 13 },
                         { 15, 19 },
                         { 10 },
                         { 2 },
                         { 4 },
                         { 16 },
                         { 14, 3, 17 },
                         { 18 },
                         { 9 },
                         { 0, 8 } }));

        // 1000 sequences: the batch count and a hash of the whole plan, epochs 0-2.
        const std::vector<int> l1000 = lengthsOf(1000, 7919, 500, 10);
        const quint64 grouped[] = { 0x2f82063212d8d8ebULL, 0xe931cfad9e102bfbULL, 0x1eac3865d01a8ebfULL };
        const quint64 plain[] = { 0xac049993560b848fULL, 0x41b85185c9db32b3ULL, 0x4505f5f9694154dbULL };
        for (int e = 0; e < 3; ++e) {
            const Plan g = planEpoch(l1000, config(8, 2048, 1234, true), e);
            QCOMPARE(int(g.size()), 168);
            QCOMPARE(planHash(g), grouped[e]);
            const Plan p = planEpoch(l1000, config(8, 0, 42, false), e);
            QCOMPARE(int(p.size()), 125);
            QCOMPARE(planHash(p), plain[e]);
        }
    }

    void planInOrderIsPinned()
    {
        const std::vector<int> l10 = lengthsOf(10, 37, 50, 5);
        QCOMPARE(planInOrder(l10, 3, 100), (Plan { { 0, 1 }, { 2, 3 }, { 4 }, { 5, 6 }, { 7 }, { 8 }, { 9 } }));
        QCOMPARE(planInOrder(l10, 4, 0), (Plan { { 0, 1, 2, 3 }, { 4, 5, 6, 7 }, { 8, 9 } }));
        QCOMPARE(planInOrder(l10, 0, 0).size(), size_t(10)); // rows below 1 count as 1
    }

    void everyPlanKeepsItsLimits()
    {
        const std::vector<int> lengths = lengthsOf(300, 7919, 200, 3);
        for (bool group : { false, true })
            for (int budget : { 0, 64, 500 }) {
                const Plan plan = planEpoch(lengths, config(5, budget, 9, group), 1);
                QVERIFY(paddedCells(plan, lengths) > 0); // every index exactly once
                for (const auto &batch : plan) {
                    QVERIFY(!batch.empty() && batch.size() <= 5);
                    int longest = 0;
                    for (int i : batch)
                        longest = std::max(longest, lengths[size_t(i)]);
                    // A single sequence longer than the budget still gets a batch of its own.
                    if (budget > 0 && batch.size() > 1)
                        QVERIFY2(longest * int(batch.size()) <= budget,
                                 qPrintable(QStringLiteral("%1 x %2 > %3").arg(longest).arg(batch.size()).arg(budget)));
                }
            }
    }

    // Ported from the collator's former BatchSampler: deterministic by seed and epoch, and
    // grouping by length cuts padding by at least 30%.
    void deterministicAndGroupingCutsPadding()
    {
        const std::vector<int> lengths = lengthsOf(1000, 7919, 500, 10);
        const TrainerConfig plainConfig = config(8, 0, 42, false), groupedConfig = config(8, 0, 42, true);
        const Plan e0 = planEpoch(lengths, plainConfig, 0);
        QCOMPARE(planEpoch(lengths, plainConfig, 0), e0);
        QVERIFY(planEpoch(lengths, plainConfig, 1) != e0);
        QVERIFY(planEpoch(lengths, config(8, 0, 43, false), 0) != e0);
        const qint64 plainCells = paddedCells(e0, lengths);
        const qint64 groupedCells = paddedCells(planEpoch(lengths, groupedConfig, 0), lengths);
        QVERIFY(plainCells > 0 && groupedCells > 0);
        QVERIFY2(groupedCells < plainCells * 0.7,
                 qPrintable(QStringLiteral("%1 vs %2").arg(groupedCells).arg(plainCells)));
        QCOMPARE(planEpoch(lengths, groupedConfig, 3), planEpoch(lengths, groupedConfig, 3));
        QCOMPARE(int(e0.size()), 125);
    }
};

QTEST_GUILESS_MAIN(BatchPlanTest)
#include "tst_batch_plan.moc"
