// LoRA settings: PEFT adapter_config.json fields, reading adapters written by PEFT,
// parameter counts, and the learning-rate schedules.
#include "train/lora_config.h"
#include "train/lr_schedule.h"
#include "util/error.h"

#include <QJsonArray>
#include <QTest>
#include <cmath>
#include <numbers>

using namespace medtune;

namespace {

LoraShapeInfo tinyLlama()
{
    // TinyLlama-1.1B-Chat-v1.0's published config.
    return { 2048, 5632, 22, 32, 4, 0 };
}

} // namespace

class LoraConfigTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tinyLlamaParameterCount()
    {
        LoraConfig c; // r 8 on q_proj and v_proj
        // q: 8 * (2048 + 2048) = 32768; v: 8 * (2048 + 256) = 18432; 51200 per layer * 22.
        QCOMPARE(loraTrainableParameters(tinyLlama(), c), qint64(1126400));
        c.targetModules = loraTargetCandidates();
        // + k 18432 + o 32768 + gate 8*(2048+5632)=61440 + up 61440 + down 61440.
        QCOMPARE(loraTrainableParameters(tinyLlama(), c), qint64((51200 + 18432 + 32768 + 3 * 61440) * 22));
        QCOMPARE(loraProjectionShape(tinyLlama(), QStringLiteral("v_proj")), std::make_pair(2048, 256));
        QCOMPARE(loraProjectionShape(tinyLlama(), QStringLiteral("down_proj")), std::make_pair(5632, 2048));
    }

    void peftJsonFields()
    {
        LoraConfig c;
        c.baseModelNameOrPath = QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0");
        const QJsonObject j = c.toPeftJson();
        QCOMPARE(j.value(QStringLiteral("peft_type")).toString(), QStringLiteral("LORA"));
        QCOMPARE(j.value(QStringLiteral("task_type")).toString(), QStringLiteral("CAUSAL_LM"));
        QCOMPARE(j.value(QStringLiteral("r")).toInt(), 8);
        QCOMPARE(j.value(QStringLiteral("lora_alpha")).toDouble(), 16.0);
        QCOMPARE(j.value(QStringLiteral("lora_dropout")).toDouble(), 0.05);
        QCOMPARE(j.value(QStringLiteral("target_modules")).toArray(),
                 (QJsonArray { QStringLiteral("q_proj"), QStringLiteral("v_proj") }));
        QCOMPARE(j.value(QStringLiteral("bias")).toString(), QStringLiteral("none"));
        QCOMPARE(j.value(QStringLiteral("fan_in_fan_out")).toBool(true), false);
        QCOMPARE(j.value(QStringLiteral("use_rslora")).toBool(true), false);
        QCOMPARE(j.value(QStringLiteral("use_dora")).toBool(true), false);
        QVERIFY(j.value(QStringLiteral("modules_to_save")).isNull());
        QVERIFY(j.contains(QStringLiteral("inference_mode")));
        QCOMPARE(j.value(QStringLiteral("base_model_name_or_path")).toString(), c.baseModelNameOrPath);
        // Round trip.
        QStringList warnings;
        const LoraConfig back = LoraConfig::fromPeftJson(j, QStringLiteral("adapter_config.json"), &warnings);
        QCOMPARE(back.r, 8);
        QCOMPARE(back.alpha, 16.0);
        QCOMPARE(back.scale(), 2.0);
        QCOMPARE(back.targetModules, c.targetModules);
        QVERIFY(warnings.isEmpty());
    }

    void readsAdapterWrittenByPeft()
    {
        // As PEFT 0.13 writes it, with keys this program does not know.
        QJsonObject j { { QStringLiteral("alpha_pattern"), QJsonObject {} },
                        { QStringLiteral("auto_mapping"), QJsonValue::Null },
                        { QStringLiteral("base_model_name_or_path"),
                          QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0") },
                        { QStringLiteral("bias"), QStringLiteral("none") },
                        { QStringLiteral("fan_in_fan_out"), false },
                        { QStringLiteral("inference_mode"), true },
                        { QStringLiteral("init_lora_weights"), true },
                        { QStringLiteral("layer_replication"), QJsonValue::Null },
                        { QStringLiteral("layers_pattern"), QJsonValue::Null },
                        { QStringLiteral("layers_to_transform"), QJsonValue::Null },
                        { QStringLiteral("loftq_config"), QJsonObject {} },
                        { QStringLiteral("lora_alpha"), 32 },
                        { QStringLiteral("lora_dropout"), 0.1 },
                        { QStringLiteral("megatron_config"), QJsonValue::Null },
                        { QStringLiteral("megatron_core"), QStringLiteral("megatron.core") },
                        { QStringLiteral("modules_to_save"), QJsonValue::Null },
                        { QStringLiteral("peft_type"), QStringLiteral("LORA") },
                        { QStringLiteral("r"), 16 },
                        { QStringLiteral("rank_pattern"), QJsonObject {} },
                        { QStringLiteral("revision"), QJsonValue::Null },
                        { QStringLiteral("target_modules"),
                          QJsonArray { QStringLiteral("v_proj"), QStringLiteral("q_proj"), QStringLiteral("o_proj") } },
                        { QStringLiteral("task_type"), QStringLiteral("CAUSAL_LM") },
                        { QStringLiteral("use_dora"), false },
                        { QStringLiteral("use_rslora"), false } };
        QStringList warnings;
        const LoraConfig c = LoraConfig::fromPeftJson(j, QStringLiteral("peft/adapter_config.json"), &warnings);
        QCOMPARE(c.r, 16);
        QCOMPARE(c.scale(), 2.0);
        QCOMPARE(c.dropout, 0.1);
        QCOMPARE(c.targetModules.size(), 3);
        QCOMPARE(warnings.size(), 5); // auto_mapping, layer_replication, loftq_config, megatron_config, megatron_core
        QVERIFY(warnings.join(u'\n').contains(QStringLiteral("loftq_config")));
    }

    void rejectsWhatItCannotHonour_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("dora") << QStringLiteral("use_dora") << QJsonValue(true) << QStringLiteral("DoRA");
        QTest::newRow("rslora") << QStringLiteral("use_rslora") << QJsonValue(true) << QStringLiteral("use_rslora");
        QTest::newRow("bias") << QStringLiteral("bias") << QJsonValue(QStringLiteral("all"))
                              << QStringLiteral("bias is 'all'");
        QTest::newRow("type") << QStringLiteral("peft_type") << QJsonValue(QStringLiteral("IA3"))
                              << QStringLiteral("'IA3'");
        QTest::newRow("regex") << QStringLiteral("target_modules") << QJsonValue(QStringLiteral(".*proj"))
                               << QStringLiteral("regular expression");
        QTest::newRow("unknown-target") << QStringLiteral("target_modules")
                                        << QJsonValue(QJsonArray { QStringLiteral("c_attn") })
                                        << QStringLiteral("c_attn");
        QTest::newRow("rank") << QStringLiteral("r") << QJsonValue(0) << QStringLiteral("rank");
    }

    void rejectsWhatItCannotHonour()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, message);
        QJsonObject j = LoraConfig().toPeftJson();
        j.insert(key, value);
        try {
            LoraConfig::fromPeftJson(j, QStringLiteral("x/adapter_config.json"));
            QFAIL("accepted");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(message) && e.message().contains(QStringLiteral("x/adapter_config.json")),
                     qPrintable(e.fullMessage()));
        }
    }

    void schedules()
    {
        LrSchedule s;
        s.peak = 1e-3;
        s.warmupSteps = 10;
        s.totalSteps = 110;
        QCOMPARE(s.at(0), 0.0);
        QVERIFY(qAbs(s.at(5) - 5e-4) < 1e-15);
        QVERIFY(qAbs(s.at(10) - 1e-3) < 1e-15);
        QVERIFY(qAbs(s.at(60) - 5e-4) < 1e-15); // cosine half-way
        QVERIFY(qAbs(s.at(35) - 1e-3 * 0.5 * (1 + std::cos(std::numbers::pi * 0.25))) < 1e-15);
        QVERIFY(qAbs(s.at(110)) < 1e-15);
        s.kind = LrSchedule::Kind::Linear;
        QVERIFY(qAbs(s.at(35) - 7.5e-4) < 1e-15);
        s.minRatio = 0.1;
        QVERIFY(qAbs(s.at(110) - 1e-4) < 1e-15);
        s.kind = LrSchedule::Kind::Constant;
        QCOMPARE(s.at(5), 5e-4);
        QCOMPARE(s.at(100), 1e-3);
        QCOMPARE(LrSchedule::kindFromName(QStringLiteral("linear")), LrSchedule::Kind::Linear);
        QVERIFY_THROWS_EXCEPTION(UsageError, LrSchedule::kindFromName(QStringLiteral("step")));
    }
};

QTEST_GUILESS_MAIN(LoraConfigTest)
#include "tst_lora_config.moc"
