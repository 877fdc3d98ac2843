// Hostile model and adapter folders are refused before anything is allocated: config.json
// and adapter_config.json values are checked against sane bounds and the weight files'
// tensor shapes, with a message naming the file, the key and the bound (peak memory of the
// test process stays near the normal load). NaN/Inf weights are named at load; a NaN loss
// or NaN logits are clear errors, not "nan"; a folder in place of model.safetensors says so.
#include "eval/perplexity.h"
#include "generate/generator.h"
#include "model/llama_model.h"
#include "model/safetensors.h"
#include "test_support.h"
#include "text/tokenizer.h"
#include "train/adapter_io.h"
#include "train/lora_config.h"
#include "util/error.h"
#include "util/process_memory.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>

using namespace medtune;

namespace {

// Resident memory of this process now and at its peak since resetPeakResident(), in MiB.
double peakMiB()
{
    return double(peakResidentBytes()) / 1048576.0;
}

double currentMiB()
{
    return double(residentBytes()) / 1048576.0;
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(QJsonDocument(o).toJson());
}

void copyFolder(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QString &name : QDir(from).entryList(QDir::Files))
        QFile::copy(QDir(from).filePath(name), QDir(to).filePath(name));
}

// Rewrites a safetensors file with one float32 value of one tensor replaced.
void poison(const QString &path, const QString &tensor, float value)
{
    const auto file = SafetensorsFile::open(path);
    std::vector<std::vector<char>> bytes;
    std::vector<SafetensorsWriteItem> items;
    for (const SafetensorsEntry &e : file->entries()) {
        bytes.emplace_back(file->data(e), file->data(e) + (e.end - e.begin));
        if (e.name == tensor)
            std::memcpy(bytes.back().data(), &value, sizeof value);
        items.push_back({ e.name, e.dtype, e.shape, bytes.back().data(), e.end - e.begin });
    }
    writeSafetensors(path + QStringLiteral(".new"), items);
    QFile::remove(path);
    QFile::rename(path + QStringLiteral(".new"), path);
}

// A PEFT adapter for the tiny model (hidden 32, 2 layers, kv 16) on q_proj and v_proj.
QString writeAdapter(const QString &dir, int r, int storedRank, float fill = 0.01f)
{
    QDir().mkpath(dir);
    LoraConfig c;
    c.r = r;
    c.alpha = 8;
    c.targetModules = { QStringLiteral("q_proj"), QStringLiteral("v_proj") };
    writeJson(QDir(dir).filePath(QStringLiteral("adapter_config.json")), c.toPeftJson());
    std::vector<std::vector<float>> data;
    std::vector<SafetensorsWriteItem> items;
    data.reserve(8);
    for (int layer = 0; layer < 2; ++layer)
        for (const auto &[module, out] : { std::pair { "q_proj", 32 }, std::pair { "v_proj", 16 } }) {
            const QString prefix
                = QStringLiteral("base_model.model.model.layers.%1.self_attn.%2").arg(layer).arg(QLatin1String(module));
            data.emplace_back(size_t(storedRank * 32), fill);
            items.push_back({ prefix + QStringLiteral(".lora_A.weight"),
                              TensorDType::F32,
                              { storedRank, 32 },
                              data.back().data(),
                              uint64_t(data.back().size() * sizeof(float)) });
            data.emplace_back(size_t(out * storedRank), fill);
            items.push_back({ prefix + QStringLiteral(".lora_B.weight"),
                              TensorDType::F32,
                              { out, storedRank },
                              data.back().data(),
                              uint64_t(data.back().size() * sizeof(float)) });
        }
    writeSafetensors(QDir(dir).filePath(QStringLiteral("adapter_model.safetensors")), items);
    return dir;
}

} // namespace

class ModelConfigTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model;

    // Loads a copy of the tiny model with config.json's key set to value; returns the
    // error message (empty when it loaded) and checks the peak memory stayed near baseline.
    QString loadWith(const QString &key, const QJsonValue &value, double *peakGrowth = nullptr)
    {
        const QString folder = m_dir.filePath(QStringLiteral("hostile-%1").arg(key));
        QDir(folder).removeRecursively();
        copyFolder(m_model, folder);
        QJsonObject config = readJson(QDir(folder).filePath(QStringLiteral("config.json")));
        config.insert(key, value);
        writeJson(QDir(folder).filePath(QStringLiteral("config.json")), config);
        const double before = currentMiB();
        resetPeakResident();
        QString message;
        try {
            LlamaModel::load(folder);
        } catch (const Error &e) {
            message = e.message();
        }
        if (peakGrowth)
            *peakGrowth = peakMiB() - before;
        return message;
    }

private Q_SLOTS:
    void initTestCase() { m_model = test::makeTinyModelFolder(m_dir.path()); }

    void configValuesAreBoundedAndCheckedAgainstTheWeights()
    {
        struct Case
        {
            QString key;
            QJsonValue value;
            QString expected;
        };
        const QList<Case> cases {
            { QStringLiteral("hidden_size"), 1000000000,
              QStringLiteral("hidden_size is 1000000000, above the bound 65536") },
            { QStringLiteral("hidden_size"), 10000000,
              QStringLiteral("hidden_size is 10000000, above the bound 65536") },
            { QStringLiteral("hidden_size"), 4096,
              QStringLiteral("hidden_size is 4096 but model.embed_tokens.weight has 32 columns") },
            { QStringLiteral("num_hidden_layers"), 1000000000,
              QStringLiteral("num_hidden_layers is 1000000000, above the bound 1024") },
            { QStringLiteral("num_hidden_layers"), 500,
              QStringLiteral("num_hidden_layers is 500 but the weights hold 2 layers") },
            { QStringLiteral("bos_token_id"), 1000000,
              QStringLiteral("bos_token_id 1000000 is outside the vocabulary (0 to vocab_size - 1 = 399)") },
            { QStringLiteral("eos_token_id"), -5,
              QStringLiteral("eos_token_id -5 is outside the vocabulary (0 to vocab_size - 1 = 399)") },
            { QStringLiteral("vocab_size"), 100000000,
              QStringLiteral("vocab_size is 100000000, above the bound 4194304") },
            { QStringLiteral("vocab_size"), 50000,
              QStringLiteral("vocab_size is 50000 but model.embed_tokens.weight has 400 rows") },
            { QStringLiteral("intermediate_size"), 200000,
              QStringLiteral("intermediate_size is 200000 but model.layers.0.mlp.gate_proj.weight has 64 rows") },
            { QStringLiteral("num_attention_heads"), 100000,
              QStringLiteral("num_attention_heads is 100000, above the bound 1024") },
            { QStringLiteral("num_key_value_heads"), 4,
              QStringLiteral("num_key_value_heads 4 x head size 8 (hidden_size / num_attention_heads) is 32, but "
                             "model.layers.0.self_attn.k_proj.weight has 16 rows") },
            { QStringLiteral("max_position_embeddings"), 1000000000,
              QStringLiteral("max_position_embeddings is 1000000000, above the bound 262144") },
        };
        for (const Case &c : cases) {
            double growth = 0;
            const QString message = loadWith(c.key, c.value, &growth);
            QVERIFY2(message.contains(c.expected), qPrintable(c.key + QStringLiteral(": ") + message));
            QVERIFY2(message.contains(QStringLiteral("config.json")), qPrintable(message));
            // Refused before anything is allocated for the model: the tiny model itself is
            // well under a megabyte, so anything near the sizes asked for shows here.
            QVERIFY2(growth < 64, qPrintable(QStringLiteral("%1: peak grew by %2 MiB").arg(c.key).arg(growth)));
        }
        QVERIFY(loadWith(QStringLiteral("torch_dtype"), QStringLiteral("float32")).isEmpty()); // the copy loads
    }

    void folderInPlaceOfTheWeightsIsNamed()
    {
        const QString folder = m_dir.filePath(QStringLiteral("dir-weights"));
        copyFolder(m_model, folder);
        QFile::remove(QDir(folder).filePath(QStringLiteral("model.safetensors")));
        QDir(folder).mkdir(QStringLiteral("model.safetensors"));
        try {
            LlamaModel::load(folder);
            QFAIL("a folder is no weight file");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("model.safetensors"))
                         && e.message().contains(QStringLiteral("is a folder")),
                     qPrintable(e.message()));
        }
    }

    void adapterRankIsBoundedAndMatchesItsWeights()
    {
        auto model = LlamaModel::load(m_model);
        const AdapterInfo ok = attachAdapter(*model, writeAdapter(m_dir.filePath(QStringLiteral("a-ok")), 4, 4));
        QCOMPARE(ok.config.r, 4);
        QVERIFY(ok.warnings.isEmpty());
        detachAdapters(*model);

        const double before = currentMiB();
        resetPeakResident();
        try {
            attachAdapter(*model, writeAdapter(m_dir.filePath(QStringLiteral("a-huge")), 1000000000, 4));
            QFAIL("r 10^9 must be refused");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("adapter_config.json: r is 1000000000, above the bound 32")),
                     qPrintable(e.message()));
        }
        QVERIFY2(peakMiB() - before < 64, qPrintable(QString::number(peakMiB() - before)));
        try {
            attachAdapter(*model, writeAdapter(m_dir.filePath(QStringLiteral("a-mismatch")), 8, 4));
            QFAIL("a rank that differs from the weights must be refused");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("r is 8 but base_model.model.model.layers."))
                         && e.message().contains(QStringLiteral("has rank 4")),
                     qPrintable(e.message()));
        }
    }

    void nonFiniteWeightsAreNamedAndNeverGiveANanPerplexity()
    {
        const QString folder = m_dir.filePath(QStringLiteral("nan-model"));
        copyFolder(m_model, folder);
        poison(QDir(folder).filePath(QStringLiteral("model.safetensors")),
               QStringLiteral("model.layers.1.mlp.down_proj.weight"), std::numeric_limits<float>::quiet_NaN());
        auto model = LlamaModel::load(folder);
        QCOMPARE(model->warnings().size(), 1);
        QVERIFY2(model->warnings().first().contains(QStringLiteral("model.layers.1.mlp.down_proj.weight")),
                 qPrintable(model->warnings().first()));
        try {
            textLoss(*model, { QStringLiteral("The patient reports chest pain after exercise.") });
            QFAIL("a NaN loss must be an error");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("NaN")), qPrintable(e.message()));
        }
        Generator generator(model);
        SamplingOptions o;
        o.greedy = false;
        o.maxNewTokens = 3;
        QVERIFY_THROWS_EXCEPTION(Error, generator.generateText({ QStringLiteral("The patient") }, o));
        o.greedy = true;
        QVERIFY_THROWS_EXCEPTION(Error, generator.generateText({ QStringLiteral("The patient") }, o));

        // An adapter with an infinite value: a warning naming the tensor.
        auto clean = LlamaModel::load(m_model);
        const AdapterInfo info = attachAdapter(
            *clean,
            writeAdapter(m_dir.filePath(QStringLiteral("a-inf")), 4, 4, std::numeric_limits<float>::infinity()));
        QCOMPARE(info.warnings.size(), 1);
        QVERIFY2(info.warnings.first().contains(QStringLiteral("lora_A.weight")), qPrintable(info.warnings.first()));

        // An empty text has no perplexity.
        QVERIFY_THROWS_EXCEPTION(Error, textLoss(*clean, { QString() }));
    }
};

QTEST_GUILESS_MAIN(ModelConfigTest)
#include "tst_model_config.moc"
