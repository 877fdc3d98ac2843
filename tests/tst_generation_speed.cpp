// The generation speed store and the batch size chosen from it (core/generate/
// generation_speed): exact and nearest measurements, the cap by the number of prompts, the
// fallback when nothing was measured, merging, and a damaged file.
#include "generate/generation_speed.h"
#include "util/error.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace medtune;

namespace {

GenerationSpeedKey key(int layers = 2, const QString &weights = QStringLiteral("float32"), int threads = 2)
{
    GenerationSpeedKey k;
    k.cpu = QStringLiteral("Test CPU [avx2 fma]");
    k.threads = threads;
    k.hiddenSize = 2048;
    k.intermediateSize = 5632;
    k.layers = layers;
    k.vocabSize = 32000;
    k.weights = weights;
    return k;
}

GenerationSpeed speed(const GenerationSpeedKey &k, QMap<int, double> perBatch)
{
    return GenerationSpeed { k, std::move(perBatch), QDateTime::currentDateTimeUtc() };
}

} // namespace

class GenerationSpeedTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void smallestBatchWithinNinetyPercentOfTheBest()
    {
        // 1: 50, 2: 95, 4: 180, 8: 300, 16: 320 tokens/s: 90% of 320 is 288, first reached at 8.
        const QList<GenerationSpeed> m
            = { speed(key(), { { 1, 50 }, { 2, 95 }, { 4, 180 }, { 8, 300 }, { 16, 320 } }) };
        BatchChoice c = chooseGenerationBatch(m, key(), 100);
        QCOMPARE(c.batchSize, 8);
        QVERIFY(c.measured);
        QVERIFY2(c.reason.contains(QStringLiteral("batch 8")) && c.reason.contains(QStringLiteral("94%")),
                 qPrintable(c.reason));
        // Exactly at 90% counts: 16 gives 320, 8 gives 288.
        c = chooseGenerationBatch({ speed(key(), { { 8, 288 }, { 16, 320 } }) }, key(), 100);
        QCOMPARE(c.batchSize, 8);
        // Throughput that falls at larger batches: the best is in the middle.
        c = chooseGenerationBatch({ speed(key(), { { 1, 50 }, { 4, 200 }, { 16, 120 } }) }, key(), 100);
        QCOMPARE(c.batchSize, 4);
    }

    void cappedByThePrompts()
    {
        const QList<GenerationSpeed> m = { speed(key(), { { 1, 50 }, { 16, 400 } }) };
        const BatchChoice c = chooseGenerationBatch(m, key(), 5);
        QCOMPARE(c.batchSize, 5);
        QVERIFY2(c.reason.contains(QStringLiteral("capped at the 5 prompts")), qPrintable(c.reason));
        QCOMPARE(chooseGenerationBatch(m, key(), 0).batchSize, 1); // at least one
    }

    void nearestWidthsOfTheSameMachine()
    {
        // Measured at 2 and 8 layers; a 22-layer model takes the 8-layer curve.
        const QList<GenerationSpeed> m = { speed(key(2), { { 1, 90 }, { 2, 170 }, { 4, 200 } }),
                                           speed(key(8), { { 1, 30 }, { 2, 40 }, { 4, 60 }, { 8, 64 } }) };
        BatchChoice c = chooseGenerationBatch(m, key(22), 100);
        QCOMPARE(c.batchSize, 4); // 60 >= 0.9 * 64
        QVERIFY2(c.reason.contains(QStringLiteral("nearest")), qPrintable(c.reason));
        c = chooseGenerationBatch(m, key(2), 100);
        QCOMPARE(c.batchSize, 4); // 170 < 0.9 * 200
        QVERIFY(!c.reason.contains(QStringLiteral("nearest")));
    }

    void otherMachinesThreadsOrWeightsDoNotCount()
    {
        GenerationSpeedKey otherCpu = key();
        otherCpu.cpu = QStringLiteral("Other CPU [avx2 fma avx512f]");
        const QList<GenerationSpeed> m = { speed(otherCpu, { { 1, 50 }, { 16, 400 } }),
                                           speed(key(2, QStringLiteral("bfloat16")), { { 1, 50 }, { 16, 400 } }),
                                           speed(key(2, QStringLiteral("float32"), 1), { { 1, 50 }, { 16, 400 } }) };
        const BatchChoice c = chooseGenerationBatch(m, key(), 100);
        QVERIFY(!c.measured);
        QCOMPARE(c.batchSize, kDefaultGenerationBatch);
        QVERIFY2(c.reason.contains(QStringLiteral("bench generate")), qPrintable(c.reason));
        QCOMPARE(chooseGenerationBatch({}, key(), 3).batchSize, 3); // the default, capped
    }

    void storeRoundTripAndMerge()
    {
        QTemporaryDir dir;
        GenerationSpeedStore store(dir.filePath(QStringLiteral("sub/generation_speed.json")));
        QVERIFY(store.all().isEmpty()); // no file yet
        store.record(speed(key(), { { 1, 50 }, { 8, 300 } }));
        store.record(speed(key(2, QStringLiteral("bfloat16")), { { 1, 90 } }));
        store.record(speed(key(), { { 8, 310 }, { 16, 320 } })); // 8 measured again, 16 added
        const QList<GenerationSpeed> all = store.all();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].key, key());
        QCOMPARE(all[0].tokensPerSecond, (QMap<int, double> { { 1, 50 }, { 8, 310 }, { 16, 320 } }));
        QCOMPARE(all[1].key.weights, QStringLiteral("bfloat16"));
        QVERIFY(all[0].measured.isValid());
        QVERIFY(GenerationSpeedStore::defaultPath().endsWith(QStringLiteral("generation_speed.json")));
    }

    void damagedFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("generation_speed.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"measurements\": [ {\"weights\": \"float32\", \"decode_tokens_per_s\": {\"x\": 3}} ]}");
        f.close();
        try {
            GenerationSpeedStore(path).all();
            QFAIL("no error for a bad batch size");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("measurement 1")), qPrintable(e.message()));
        }
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("not json");
        f.close();
        QVERIFY_THROWS_EXCEPTION(Error, GenerationSpeedStore(path).all());
    }

    void cpuSignatureNamesTheFeatures()
    {
        const QString s = cpuSignature();
        QVERIFY(!s.isEmpty());
        QFile info(QStringLiteral("/proc/cpuinfo"));
        if (info.open(QIODevice::ReadOnly) && info.readAll().contains(" avx2"))
            QVERIFY2(s.contains(QStringLiteral("avx2")), qPrintable(s));
    }
};

QTEST_GUILESS_MAIN(GenerationSpeedTest)
#include "tst_generation_speed.moc"
