// LoRA on a real (tiny, random) LLaMA model: parameter counts, zero-initialised adapters
// leave the logits unchanged, the adapted forward equals the merged model, PEFT files
// (key names, shapes, config), reloading, mismatches, a frozen base through training.
#include "model/llama_model_impl.h"
#include "model/safetensors.h"
#include "train/adapter_io.h"
#include "train/lora_adapter.h"
#include "train/lora_model.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <random>

using namespace medtune;

namespace {

LlamaConfig tinyConfig(int layers = 2)
{
    LlamaConfig c;
    c.hiddenSize = 32;
    c.intermediateSize = 48;
    c.numLayers = layers;
    c.numHeads = 4;
    c.numKvHeads = 2;
    c.vocabSize = 61;
    c.maxPositions = 64;
    return c;
}

std::shared_ptr<LlamaModel> tinyModel(uint64_t seed = 3, int layers = 2)
{
    ModelOptions o;
    o.weights = WeightType::Float32;
    o.loadTokenizer = false;
    return LlamaModel::createRandom(tinyConfig(layers), seed, o);
}

torch::Tensor sampleIds()
{
    return torch::tensor({ 5, 17, 3, 42, 8, 9, 30, 1 }, torch::kLong).view({ 2, 4 });
}

void randomizeB(LoraAdapterSet &set, uint64_t seed)
{
    torch::NoGradGuard g;
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const auto params = set.parameters();
    for (size_t i = 1; i < params.size(); i += 2) {
        torch::Tensor b = params[i];
        b.copy_(torch::empty_like(b).normal_(0, 0.5, gen));
    }
}

// A padded batch of 3 rows with prompts (-100) of different lengths and answers.
struct LabelledBatch
{
    torch::Tensor ids, mask, labels;
};

LabelledBatch labelledBatch()
{
    std::mt19937_64 rng(11);
    const int64_t B = 3, T = 12;
    LabelledBatch b { torch::zeros({ B, T }, torch::kLong), torch::zeros({ B, T }, torch::kLong),
                      torch::full({ B, T }, -100, torch::kLong) };
    const int lengths[] = { 12, 9, 5 }, prompts[] = { 7, 3, 4 };
    for (int64_t r = 0; r < B; ++r)
        for (int64_t t = 0; t < lengths[r]; ++t) {
            const int64_t id = int64_t(1 + rng() % 60);
            b.ids[r][t] = id;
            b.mask[r][t] = 1;
            if (t >= prompts[r])
                b.labels[r][t] = id;
        }
    return b;
}

std::vector<torch::Tensor> gradientsOf(const std::vector<torch::Tensor> &params, const torch::Tensor &loss)
{
    for (const auto &p : params)
        p.mutable_grad() = torch::Tensor();
    loss.backward();
    std::vector<torch::Tensor> out;
    for (const auto &p : params)
        out.push_back(p.grad().clone());
    return out;
}

double maxRelativeDifference(const std::vector<torch::Tensor> &a, const std::vector<torch::Tensor> &b)
{
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        const double scale = std::max(1e-12, b[i].abs().max().item<double>());
        worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>() / scale);
    }
    return worst;
}

} // namespace

class LoraModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsAndZeroStart()
    {
        auto model = tinyModel();
        const torch::Tensor before = model->impl().forward(sampleIds());
        LoraConfig c;
        c.targetModules = { QStringLiteral("q_proj"), QStringLiteral("v_proj"), QStringLiteral("down_proj") };
        auto set = LoraAdapterSet::attach(model->impl(), c, 1);
        LoraShapeInfo shape { 32, 48, 2, 4, 2, 0 };
        QCOMPARE(set->parameterCount(), int64_t(loraTrainableParameters(shape, c)));
        // q: 8*(32+32) + v: 8*(32+16) + down: 8*(48+32) per layer.
        QCOMPARE(set->parameterCount(), int64_t(2 * (512 + 384 + 640)));
        // B = 0: the adapted model computes the base model (up to summation order: without an
        // adapter needing gradients the projections take the decode kernels, with one
        // torch::linear).
        set->setTraining(false);
        const torch::Tensor after = model->impl().forward(sampleIds());
        QVERIFY2(torch::allclose(after, before, 1e-5, 1e-6),
                 qPrintable(QString::number((after - before).abs().max().item<double>())));
        set->detach();
    }

    void adaptedForwardEqualsMergedWeights()
    {
        auto model = tinyModel();
        LoraConfig c;
        c.targetModules = loraTargetCandidates();
        auto set = LoraAdapterSet::attach(model->impl(), c, 2);
        randomizeB(*set, 9);
        set->setTraining(false);
        const torch::Tensor adapted = model->impl().forward(sampleIds());
        const torch::Tensor base = [&] {
            auto plain = tinyModel();
            return plain->impl().forward(sampleIds());
        }();
        QVERIFY(!torch::allclose(adapted, base, 1e-3, 1e-3)); // the adapter matters
        set->mergeIntoBase();
        const torch::Tensor merged = model->impl().forward(sampleIds());
        const double rel = ((merged - adapted).abs().max() / adapted.abs().max()).item<double>();
        QVERIFY2(rel < 1e-5, qPrintable(QString::number(rel)));
    }

    void peftFilesAndReload()
    {
        auto model = tinyModel();
        LoraConfig c; // q_proj, v_proj, r 8, alpha 16
        c.baseModelNameOrPath = QStringLiteral("tiny-test-model");
        auto set = LoraAdapterSet::attach(model->impl(), c, 4);
        randomizeB(*set, 5);
        QTemporaryDir dir;
        set->save(dir.path());

        const auto file = SafetensorsFile::open(dir.filePath(QStringLiteral("adapter_model.safetensors")));
        QCOMPARE(int(file->entries().size()), 2 * 2 * 2); // layers x targets x (A, B)
        const SafetensorsEntry *a
            = file->find(QStringLiteral("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"));
        const SafetensorsEntry *b
            = file->find(QStringLiteral("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight"));
        QVERIFY(a && b);
        QCOMPARE(a->shape, (std::vector<int64_t> { 8, 32 })); // r x in
        QCOMPARE(b->shape, (std::vector<int64_t> { 16, 8 })); // out x r (2 kv heads x head_dim 8)
        QCOMPARE(a->dtype, TensorDType::F32);

        QFile f(dir.filePath(QStringLiteral("adapter_config.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(j.value(QStringLiteral("peft_type")).toString(), QStringLiteral("LORA"));
        QCOMPARE(j.value(QStringLiteral("base_model_name_or_path")).toString(), QStringLiteral("tiny-test-model"));

        set->setTraining(false);
        const torch::Tensor expected = model->impl().forward(sampleIds());
        auto fresh = tinyModel();
        QStringList warnings;
        const AdapterInfo info = attachAdapter(*fresh, dir.path());
        QCOMPARE(info.parameters, set->parameterCount());
        QVERIFY(torch::equal(fresh->impl().forward(sampleIds()), expected));
        detachAdapters(*fresh);
        QVERIFY(!torch::equal(fresh->impl().forward(sampleIds()), expected));
    }

    void mismatchedBaseIsAClearError()
    {
        auto model = tinyModel(3, 3); // three layers
        auto set = LoraAdapterSet::attach(model->impl(), LoraConfig(), 4);
        QTemporaryDir dir;
        set->save(dir.path());
        auto smaller = tinyModel(3, 2);
        try {
            attachAdapter(*smaller, dir.path());
            QFAIL("an adapter for 3 layers loaded into 2");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("unexpected: base_model.model.model.layers.2.")),
                     qPrintable(e.fullMessage()));
            QVERIFY(e.hint().contains(QStringLiteral("another base model")));
        }
        // The failed load leaves no adapter behind.
        auto plain = tinyModel(3, 2);
        QVERIFY(torch::equal(smaller->impl().forward(sampleIds()), plain->impl().forward(sampleIds())));
    }

    void answerOnlyLossEqualsFullLogits()
    {
        // labelledLossSums projects only the labelled positions; the reference takes the
        // full (B, T, V) logits of forward() and the cross-entropy of every shifted label.
        auto model = tinyModel(5);
        LoraConfig lora;
        lora.targetModules = { QStringLiteral("q_proj"), QStringLiteral("v_proj"), QStringLiteral("up_proj") };
        lora.dropout = 0.0;
        LoraTrainableModel trainable(model, lora, 9);
        randomizeB(trainable.adapters(), 4);
        const LabelledBatch b = labelledBatch();
        const auto params = trainable.trainableParameters();

        const torch::Tensor full = rowLossSums(model->impl().forward(b.ids, b.mask), b.labels);
        const std::vector<torch::Tensor> fullGrads = gradientsOf(params, full.sum());
        const torch::Tensor answerOnly = trainable.lossSums(b.ids, b.mask, b.labels);
        const std::vector<torch::Tensor> answerGrads = gradientsOf(params, answerOnly.sum());

        QCOMPARE(answerOnly.sizes().vec(), std::vector<int64_t>({ 3 }));
        for (int64_t r = 0; r < 3; ++r) {
            const double a = answerOnly[r].item<double>(), f = full[r].item<double>();
            QVERIFY2(f > 1.0, "every row has answer tokens");
            QVERIFY2(std::abs(a - f) <= 1e-6 * std::abs(f),
                     qPrintable(QStringLiteral("row %1: %2 vs %3").arg(r).arg(a).arg(f)));
        }
        const double gradDiff = maxRelativeDifference(answerGrads, fullGrads);
        QVERIFY2(gradDiff < 1e-5, qPrintable(QString::number(gradDiff)));

        // No labelled position: zero loss, and the backward pass still runs.
        const torch::Tensor none = torch::full_like(b.labels, -100);
        const torch::Tensor zero = trainable.lossSums(b.ids, b.mask, none);
        QCOMPARE(zero.abs().sum().item<double>(), 0.0);
        zero.sum().backward();
    }

    void activationCheckpointingGivesSameGradients()
    {
        // With LoRA dropout on, the recomputation must draw the same dropout masks; layers
        // that keep their MLP outputs recompute only the attention block (LoRA on down_proj
        // takes its gradient from the kept outputs); with LoRA on up_proj they run whole.
        struct Case
        {
            double dropout;
            int keepMlp;
            QStringList targets;
        };
        const QStringList qvDown { QStringLiteral("q_proj"), QStringLiteral("v_proj"), QStringLiteral("down_proj") };
        const QStringList qUp { QStringLiteral("q_proj"), QStringLiteral("up_proj") };
        for (const Case &c : { Case { 0.0, 0, qvDown }, Case { 0.2, 0, qvDown }, Case { 0.0, 2, qvDown },
                               Case { 0.2, 3, qvDown }, Case { 0.2, 3, qUp } }) {
            auto model = tinyModel(6, 3);
            LoraConfig lora;
            lora.targetModules = c.targets;
            lora.dropout = c.dropout;
            LoraTrainableModel trainable(model, lora, 10);
            randomizeB(trainable.adapters(), 5);
            trainable.setTraining(true);
            const LabelledBatch b = labelledBatch();
            const auto params = trainable.trainableParameters();

            torch::manual_seed(77);
            const torch::Tensor plain = trainable.lossSums(b.ids, b.mask, b.labels).sum();
            const std::vector<torch::Tensor> plainGrads = gradientsOf(params, plain);
            const torch::Tensor afterPlain = torch::rand({ 4 }); // the random stream goes on unchanged

            trainable.setActivationCheckpointing(true, c.keepMlp);
            torch::manual_seed(77);
            const torch::Tensor checkpointed = trainable.lossSums(b.ids, b.mask, b.labels).sum();
            const std::vector<torch::Tensor> checkpointedGrads = gradientsOf(params, checkpointed);
            const torch::Tensor afterCheckpointed = torch::rand({ 4 });

            const QString name = QStringLiteral("dropout %1, %2 layers keeping MLP outputs, %3")
                                     .arg(c.dropout)
                                     .arg(c.keepMlp)
                                     .arg(c.targets.join(QLatin1Char('+')));
            QVERIFY2(checkpointed.item<double>() == plain.item<double>(), qPrintable(name));
            const double diff = maxRelativeDifference(checkpointedGrads, plainGrads);
            qInfo("%s: max relative gradient difference %g", qPrintable(name), diff);
            QVERIFY2(diff < 1e-5, qPrintable(QStringLiteral("%1: %2").arg(name).arg(diff)));
            QVERIFY(torch::equal(afterCheckpointed, afterPlain));
            for (const auto &g : checkpointedGrads)
                QVERIFY(g.abs().sum().item<double>() > 0);
        }
    }

    void trainingKeepsBaseFrozen()
    {
        auto model = tinyModel();
        std::vector<torch::Tensor> before;
        for (auto &[name, t] : model->impl().namedWeights())
            before.push_back(t->clone());
        LoraTrainableModel trainable(model, LoraConfig(), 7);
        std::vector<LabelledSequence> data;
        std::mt19937_64 rng(1);
        for (int i = 0; i < 16; ++i) {
            LabelledSequence s;
            for (int t = 0; t < 10; ++t) {
                s.ids.push_back(int(rng() % 61));
                s.labels.push_back(t < 4 ? -100 : s.ids.back());
            }
            data.push_back(s);
        }
        TrainerConfig c;
        c.maxSteps = 5;
        c.learningRate = 1e-2;
        c.evalEvery = c.checkpointEvery = 0;
        QTemporaryDir dir;
        Trainer trainer(trainable, c, data, data, {}, dir.path());
        const double start = trainer.evaluate(data, QStringLiteral("train")).total.meanLoss();
        const TrainingResult r = trainer.run();
        QVERIFY(r.finalValidation->total.meanLoss() < start);
        size_t i = 0;
        for (auto &[name, t] : model->impl().namedWeights()) {
            QVERIFY2(torch::equal(*t, before[i]), name.c_str());
            QVERIFY(!t->requires_grad());
            ++i;
        }
        // The final checkpoint is a PEFT folder.
        QVERIFY(QFileInfo::exists(QDir(r.lastCheckpoint).filePath(QStringLiteral("adapter_model.safetensors"))));
        QVERIFY(QFileInfo::exists(QDir(r.lastCheckpoint).filePath(QStringLiteral("adapter_config.json"))));
    }

    void mergeWritesAFullModel()
    {
        auto model = tinyModel();
        QTemporaryDir base, adapter, out;
        model->save(base.path());
        auto set = LoraAdapterSet::attach(model->impl(), LoraConfig(), 8);
        randomizeB(*set, 6);
        set->setTraining(false);
        set->save(adapter.path());
        const torch::Tensor expected = model->impl().forward(sampleIds());
        const QString outDir = out.filePath(QStringLiteral("merged"));
        mergeAdapter(base.path(), adapter.path(), outDir);
        ModelOptions o;
        o.weights = WeightType::Float32;
        o.loadTokenizer = false;
        auto merged = LlamaModel::load(outDir, o);
        const double rel
            = ((merged->impl().forward(sampleIds()) - expected).abs().max() / expected.abs().max()).item<double>();
        QVERIFY2(rel < 1e-5, qPrintable(QString::number(rel)));
        QVERIFY_THROWS_EXCEPTION(UsageError, mergeAdapter(base.path(), adapter.path(), outDir)); // not empty
    }
};

QTEST_GUILESS_MAIN(LoraModelTest)
#include "tst_lora_model.moc"
