// The training-memory estimate and the automatic activation-checkpointing decision: the
// estimate's parts against hand-computed values, checkpointing needing far less, the
// decision at the threshold, and the settings' names.
#include "train/training_memory.h"
#include "train/training_spec.h"
#include "util/error.h"

#include <QTest>

using namespace medtune;

namespace {

LlamaConfig tinyLlama(int layers)
{
    LlamaConfig c;
    c.hiddenSize = 2048;
    c.intermediateSize = 5632;
    c.numLayers = layers;
    c.numHeads = 32;
    c.numKvHeads = 4;
    c.vocabSize = 32000;
    return c;
}

} // namespace

class TrainingMemoryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void weightsAndLogits()
    {
        TrainingMemoryShape shape;
        shape.rows = 4;
        shape.tokens = 1024;
        shape.answerFraction = 0.15;
        const TrainingMemoryEstimate e = estimateTrainingMemory(tinyLlama(22), shape, false);
        // TinyLlama-1.1B: 1,100,048,384 parameters, 4 bytes each in float32.
        QCOMPARE(e.weights, qint64(1100048384) * 4);
        // 15% of 4 x 1024 positions = 614.4 labelled, x 32000 x 16 bytes.
        QCOMPARE(e.logits, qint64(614.4 * 32000 * 16));
        shape.activationBytes = 2;
        QCOMPARE(estimateTrainingMemory(tinyLlama(22), shape, false).weights, qint64(1100048384) * 2);
    }

    void checkpointingNeedsFarLess()
    {
        TrainingMemoryShape shape;
        shape.rows = 4;
        shape.tokens = 1024;
        shape.answerFraction = 0.15;
        const TrainingMemoryEstimate without = estimateTrainingMemory(tinyLlama(22), shape, false);
        const TrainingMemoryEstimate with = estimateTrainingMemory(tinyLlama(22), shape, true);
        // Without: every layer's activations (about 300 kB per token and layer at 1024 tokens).
        QVERIFY2(without.activations > qint64(20e9) && without.activations < qint64(40e9),
                 qPrintable(formatBytes(without.activations)));
        // With: one hidden state per token and layer (22 x 4096 x 8 kB = 0.74 GB) plus a layer.
        QVERIFY2(with.activations < qint64(6e9), qPrintable(formatBytes(with.activations)));
        QVERIFY(with.total() < qint64(12e9));
        QCOMPARE(with.weights, without.weights);
        // Activations grow with the tokens; at 2 layers checkpointing saves much less.
        shape.rows = 1;
        QVERIFY(estimateTrainingMemory(tinyLlama(22), shape, false).activations < without.activations / 3);
        const qint64 two = estimateTrainingMemory(tinyLlama(2), shape, false).activations;
        QVERIFY(estimateTrainingMemory(tinyLlama(2), shape, true).activations > two / 4);
    }

    void automaticDecision()
    {
        TrainingMemoryEstimate e;
        e.weights = 4'000'000'000;
        e.activations = 10'000'000'000;
        QString why;
        // 10 GB needed beyond the loaded weights; 20 GB available: off.
        QVERIFY(!decideActivationCheckpointing(ActivationCheckpointing::Auto, e, e.weights, 20'000'000'000, &why));
        QVERIFY2(why.contains(QStringLiteral("off")) && why.contains(QStringLiteral("10.0 GB")), qPrintable(why));
        // 11 GB available: more than 90% of it needed: on.
        QVERIFY(decideActivationCheckpointing(ActivationCheckpointing::Auto, e, e.weights, 11'000'000'000, &why));
        QVERIFY2(why.startsWith(QStringLiteral("activation checkpointing on: ")), qPrintable(why));
        // Explicit settings win; unknown memory leaves it off.
        QVERIFY(!decideActivationCheckpointing(ActivationCheckpointing::Off, e, 0, 1, &why));
        QVERIFY(decideActivationCheckpointing(ActivationCheckpointing::On, e, 0, qint64(1e15), &why));
        QVERIFY(!decideActivationCheckpointing(ActivationCheckpointing::Auto, e, 0, -1, &why));
        QVERIFY(availableMemoryBytes() > 0); // /proc/meminfo exists on Linux
    }

    void settingNames()
    {
        QCOMPARE(parseActivationCheckpointing(QStringLiteral("ON")), ActivationCheckpointing::On);
        QCOMPARE(parseActivationCheckpointing(QStringLiteral("off")), ActivationCheckpointing::Off);
        QCOMPARE(parseActivationCheckpointing(QString()), ActivationCheckpointing::Auto);
        QCOMPARE(activationCheckpointingName(ActivationCheckpointing::On), QStringLiteral("on"));
        QVERIFY_THROWS_EXCEPTION(UsageError, parseActivationCheckpointing(QStringLiteral("sometimes")));
        TrainingSpec spec;
        QCOMPARE(spec.activationCheckpointing, QStringLiteral("auto"));
        spec.activationCheckpointing = QStringLiteral("on");
        QCOMPARE(TrainingSpec::fromJson(spec.toJson()).activationCheckpointing, QStringLiteral("on"));
        QCOMPARE(TrainingSpec::fromJson(QJsonObject()).activationCheckpointing, QStringLiteral("auto"));
    }
};

QTEST_GUILESS_MAIN(TrainingMemoryTest)
#include "tst_training_memory.moc"
