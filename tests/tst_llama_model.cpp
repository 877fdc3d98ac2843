// The LLaMA engine against an independent reference: a deliberately plain loop-based
// forward pass (std::vector<double>, no torch math) of a tiny random model with
// grouped-query attention and untied embeddings; KV-cache decoding, padding, save/reload,
// bfloat16 tolerance, sharded folders, LoRA-style adapters and corrupt inputs.
#include "model/decode_kernels.h"
#include "model/kv_cache.h"
#include "model/llama_model_impl.h"
#include "model/safetensors.h"
#include "test_support.h"
#include "text/tokenizer.h"
#include "util/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <torch/cuda.h>

using namespace medtune;

namespace {

LlamaConfig tinyConfig()
{
    LlamaConfig c;
    c.hiddenSize = 32;
    c.intermediateSize = 48;
    c.numLayers = 2;
    c.numHeads = 4;
    c.numKvHeads = 2; // grouped-query: 2 query heads per kv head
    c.vocabSize = 61;
    c.maxPositions = 64;
    c.rmsNormEps = 1e-5;
    c.ropeTheta = 10000.0;
    c.tieWordEmbeddings = false;
    return c;
}

// A random float32 model with weights large enough that logits are O(1) and norms that
// are not all ones (so every weight matters to the comparison).
std::shared_ptr<LlamaModel> tinyModel(uint64_t seed = 11)
{
    ModelOptions o;
    o.weights = WeightType::Float32;
    auto m = LlamaModel::createRandom(tinyConfig(), seed, o);
    at::Generator gen = at::detail::createCPUGenerator(seed + 1);
    torch::NoGradGuard g;
    for (auto &[name, t] : m->impl().namedWeights()) {
        if (t->dim() == 1)
            *t = 1.0 + 0.2 * torch::empty_like(*t).normal_(0, 1, gen);
        else
            *t = torch::empty_like(*t).normal_(0, 1, gen) * (1.0 / std::sqrt(double(t->size(1))));
    }
    return m;
}

// ---- the plain reference ------------------------------------------------------------

using Vec = std::vector<double>;
struct Mat
{
    int64_t rows = 0, cols = 0;
    Vec v;
    double at(int64_t r, int64_t c) const { return v[size_t(r * cols + c)]; }
};

Mat toMat(const torch::Tensor &t)
{
    torch::Tensor d = t.detach().to(torch::kDouble).contiguous();
    Mat m;
    m.rows = d.dim() == 2 ? d.size(0) : 1;
    m.cols = d.dim() == 2 ? d.size(1) : d.size(0);
    m.v.assign(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
    return m;
}

Vec matVec(const Mat &w, const Vec &x) // y = W x, W (out, in)
{
    Vec y(size_t(w.rows), 0.0);
    for (int64_t r = 0; r < w.rows; ++r) {
        double s = 0;
        for (int64_t c = 0; c < w.cols; ++c)
            s += w.at(r, c) * x[size_t(c)];
        y[size_t(r)] = s;
    }
    return y;
}

Vec rmsNorm(const Vec &x, const Mat &w, double eps)
{
    double ms = 0;
    for (double a : x)
        ms += a * a;
    ms /= double(x.size());
    Vec y(x.size());
    for (size_t i = 0; i < x.size(); ++i)
        y[i] = x[i] / std::sqrt(ms + eps) * w.v[i];
    return y;
}

// Rotate-half RoPE on one head vector (size D) at position pos.
void rope(double *h, int64_t d, int64_t pos, double theta)
{
    const int64_t half = d / 2;
    for (int64_t i = 0; i < half; ++i) {
        const double angle = double(pos) * std::pow(theta, -2.0 * double(i) / double(d));
        const double a = h[i], b = h[i + half];
        h[i] = a * std::cos(angle) - b * std::sin(angle);
        h[i + half] = b * std::cos(angle) + a * std::sin(angle);
    }
}

// Logits (T x V) of one unpadded sequence.
std::vector<Vec> referenceLogits(LlamaModel &model, const std::vector<int> &ids)
{
    const LlamaConfig &c = model.config();
    std::map<std::string, Mat> w;
    for (auto &[name, t] : model.impl().namedWeights())
        w[name] = toMat(*t);
    const int64_t T = int64_t(ids.size()), H = c.hiddenSize, D = c.headDim(), NH = c.numHeads, NKV = c.numKvHeads;
    auto x = std::vector<Vec>(size_t(T));
    for (int64_t t = 0; t < T; ++t)
        x[size_t(t)] = Vec(w["model.embed_tokens.weight"].v.begin() + ids[size_t(t)] * H,
                           w["model.embed_tokens.weight"].v.begin() + (ids[size_t(t)] + 1) * H);
    for (int l = 0; l < c.numLayers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        auto q = std::vector<Vec>(size_t(T)), k = q, v = q;
        for (int64_t t = 0; t < T; ++t) {
            const Vec n = rmsNorm(x[size_t(t)], w[p + "input_layernorm.weight"], c.rmsNormEps);
            q[size_t(t)] = matVec(w[p + "self_attn.q_proj.weight"], n);
            k[size_t(t)] = matVec(w[p + "self_attn.k_proj.weight"], n);
            v[size_t(t)] = matVec(w[p + "self_attn.v_proj.weight"], n);
            for (int64_t h = 0; h < NH; ++h)
                rope(q[size_t(t)].data() + h * D, D, t, c.ropeTheta);
            for (int64_t h = 0; h < NKV; ++h)
                rope(k[size_t(t)].data() + h * D, D, t, c.ropeTheta);
        }
        for (int64_t t = 0; t < T; ++t) {
            Vec attn(size_t(H), 0.0);
            for (int64_t h = 0; h < NH; ++h) {
                const int64_t kvh = h / (NH / NKV);
                Vec s(size_t(t + 1));
                double mx = -1e300;
                for (int64_t j = 0; j <= t; ++j) {
                    double dot = 0;
                    for (int64_t e = 0; e < D; ++e)
                        dot += q[size_t(t)][size_t(h * D + e)] * k[size_t(j)][size_t(kvh * D + e)];
                    s[size_t(j)] = dot / std::sqrt(double(D));
                    mx = std::max(mx, s[size_t(j)]);
                }
                double z = 0;
                for (double &a : s) {
                    a = std::exp(a - mx);
                    z += a;
                }
                for (int64_t j = 0; j <= t; ++j)
                    for (int64_t e = 0; e < D; ++e)
                        attn[size_t(h * D + e)] += s[size_t(j)] / z * v[size_t(j)][size_t(kvh * D + e)];
            }
            const Vec o = matVec(w[p + "self_attn.o_proj.weight"], attn);
            for (int64_t i = 0; i < H; ++i)
                x[size_t(t)][size_t(i)] += o[size_t(i)];
            const Vec n = rmsNorm(x[size_t(t)], w[p + "post_attention_layernorm.weight"], c.rmsNormEps);
            const Vec g = matVec(w[p + "mlp.gate_proj.weight"], n);
            const Vec u = matVec(w[p + "mlp.up_proj.weight"], n);
            Vec m(g.size());
            for (size_t i = 0; i < g.size(); ++i)
                m[i] = g[i] / (1.0 + std::exp(-g[i])) * u[i];
            const Vec dn = matVec(w[p + "mlp.down_proj.weight"], m);
            for (int64_t i = 0; i < H; ++i)
                x[size_t(t)][size_t(i)] += dn[size_t(i)];
        }
    }
    std::vector<Vec> logits;
    for (int64_t t = 0; t < T; ++t)
        logits.push_back(matVec(w["lm_head.weight"], rmsNorm(x[size_t(t)], w["model.norm.weight"], c.rmsNormEps)));
    return logits;
}

torch::Tensor ids2d(const std::vector<int> &ids)
{
    std::vector<int64_t> v(ids.begin(), ids.end());
    return torch::tensor(v, torch::kLong).view({ 1, int64_t(ids.size()) });
}

// max |a - b| / max |b|
double relDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>()
        / b.to(torch::kDouble).abs().max().item<double>();
}

QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const Error &e) {
        return e.fullMessage();
    }
    return {};
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QByteArray headerFile(const QByteArray &json, const QByteArray &data)
{
    QByteArray len(8, '\0');
    for (int i = 0; i < 8; ++i)
        len[i] = char((uint64_t(json.size()) >> (8 * i)) & 0xff);
    return len + json + data;
}

} // namespace

class TestLlamaModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(0); }

    void logitsMatchPlainReference()
    {
        auto model = tinyModel();
        const std::vector<int> ids = { 1, 5, 17, 42, 3, 60, 8, 8, 29, 0, 33, 12 };
        const std::vector<Vec> ref = referenceLogits(*model, ids);
        torch::Tensor refT = torch::empty({ int64_t(ids.size()), model->config().vocabSize }, torch::kDouble);
        for (size_t t = 0; t < ref.size(); ++t)
            for (size_t j = 0; j < ref[t].size(); ++j)
                refT[int64_t(t)][int64_t(j)] = ref[t][j];
        torch::NoGradGuard g;
        torch::Tensor logits = model->impl().forward(ids2d(ids)).squeeze(0);
        QCOMPARE(logits.scalar_type(), torch::kFloat32);
        QVERIFY(refT.abs().max().item<double>() > 0.5); // logits are O(1): the check is meaningful
        const double rel = relDiff(logits, refT);
        qInfo("float32 vs plain reference: max |diff| / max |ref| = %.3g", rel);
        QVERIFY2(rel < 1e-4, qPrintable(QString::number(rel)));

        // Loss with labels: answer-only masking and the HF shift, against the reference.
        torch::Tensor labels = ids2d(ids).clone();
        labels.narrow(1, 0, 5).fill_(-100);
        double sum = 0;
        int count = 0;
        for (size_t t = 4; t + 1 < ids.size(); ++t) {
            double mx = -1e300, z = 0;
            for (double a : ref[t])
                mx = std::max(mx, a);
            for (double a : ref[t])
                z += std::exp(a - mx);
            sum += -(ref[t][size_t(ids[t + 1])] - mx - std::log(z));
            ++count;
        }
        const double loss = causalLmLoss(logits.unsqueeze(0), labels).item<double>();
        QVERIFY2(std::abs(loss - sum / count) < 1e-5,
                 qPrintable(QStringLiteral("%1 vs %2").arg(loss).arg(sum / count)));
    }

    void kvCacheMatchesFullRecomputation()
    {
        auto model = tinyModel();
        torch::NoGradGuard g;
        const std::vector<int> ids = { 1, 9, 4, 22, 37, 15, 2, 48, 50, 6 };
        torch::Tensor full = model->impl().forward(ids2d(ids)); // (1, T, V)
        KvCache cache(model->impl(), 1, 32);
        const int prefill = 4;
        torch::Tensor first = model->impl().forward(ids2d({ ids.begin(), ids.begin() + prefill }), {}, &cache);
        QVERIFY(relDiff(first, full.narrow(1, 0, prefill)) < 1e-6);
        for (size_t t = prefill; t < ids.size(); ++t) {
            torch::Tensor step = model->impl().forward(ids2d({ ids[t] }), {}, &cache);
            const double rel = relDiff(step.squeeze(1), full.select(1, int64_t(t)));
            QVERIFY2(rel < 1e-5, qPrintable(QStringLiteral("step %1: %2").arg(t).arg(rel)));
        }
        QCOMPARE(cache.length(), int64_t(ids.size()));
    }

    void decodeKernelsMatchTorchLinear()
    {
        torch::NoGradGuard g;
        for (auto dtype : { torch::kFloat32, torch::kBFloat16 }) {
            for (int64_t in : { 40, 64 }) { // a width that is not a multiple of the vector length, and one that is
                torch::Tensor w = torch::randn({ 37, in }).to(dtype);
                for (int64_t rows = 1; rows <= 4; ++rows) {
                    torch::Tensor x = torch::randn({ rows, 1, in }).to(dtype);
                    torch::Tensor fast = decodeLinear(x, w);
                    if (!fast.defined())
                        continue; // no faster path on this CPU: torch::linear is used
                    torch::Tensor ref = torch::linear(x.to(torch::kDouble), w.to(torch::kDouble));
                    QCOMPARE(fast.sizes(), ref.sizes());
                    QCOMPARE(fast.scalar_type(), dtype);
                    // float32: summation order only; bfloat16: one rounding of the output (2^-8).
                    const double tol = dtype == torch::kFloat32 ? 1e-5 : 8e-3;
                    QVERIFY2(relDiff(fast, ref) < tol,
                             qPrintable(QStringLiteral("%1 rows %2").arg(relDiff(fast, ref)).arg(rows)));
                }
            }
        }
        torch::Tensor big = torch::randn({ 8, 16 });
        QVERIFY(!decodeLinear(torch::randn({ 17, 16 }), big).defined()); // float32, more than 16 rows: torch::linear
    }

    void bf16KvCacheMatchesRecomputation()
    {
        auto model = tinyModel();
        QTemporaryDir dir;
        model->save(dir.path());
        ModelOptions o;
        o.weights = WeightType::BFloat16;
        auto bf = LlamaModel::load(dir.path(), o);
        torch::NoGradGuard g;
        const std::vector<int> ids = { 1, 9, 4, 22, 37, 15, 2, 48 };
        torch::Tensor full = bf->impl().forward(ids2d(ids));
        KvCache cache(bf->impl(), 1, 16);
        bf->impl().forward(ids2d({ ids.begin(), ids.begin() + 3 }), {}, &cache);
        for (size_t t = 3; t < ids.size(); ++t) {
            const double rel
                = relDiff(bf->impl().forward(ids2d({ ids[t] }), {}, &cache).squeeze(1), full.select(1, int64_t(t)));
            QVERIFY2(rel < 0.05, qPrintable(QString::number(rel))); // same bfloat16 tolerance as against float32
        }
    }

    void leftPaddingDoesNotChangeLogits()
    {
        auto model = tinyModel();
        torch::NoGradGuard g;
        const std::vector<int> a = { 1, 7, 8, 9, 10, 11 }, b = { 1, 30, 31 };
        torch::Tensor ids = torch::tensor({ 1, 7, 8, 9, 10, 11, 0, 0, 0, 1, 30, 31 }, torch::kLong).view({ 2, 6 });
        torch::Tensor mask = torch::tensor({ 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1 }, torch::kLong).view({ 2, 6 });
        torch::Tensor batch = model->impl().forward(ids, mask);
        QVERIFY(relDiff(batch[0], model->impl().forward(ids2d(a))[0]) < 1e-5);
        QVERIFY(relDiff(batch[1].narrow(0, 3, 3), model->impl().forward(ids2d(b))[0]) < 1e-5);
        QVERIFY(torch::isfinite(batch).all().item<bool>()); // fully masked pad rows stay finite

        // Padded batch with a cache, then one decode step per row.
        KvCache cache(model->impl(), 2, 16);
        model->impl().forward(ids, mask, &cache);
        torch::Tensor next = torch::tensor({ 12, 32 }, torch::kLong).view({ 2, 1 });
        torch::Tensor mask2 = torch::cat({ mask, torch::ones({ 2, 1 }, torch::kLong) }, 1);
        torch::Tensor step = model->impl().forward(next, mask2, &cache);
        std::vector<int> a2 = a, b2 = b;
        a2.push_back(12);
        b2.push_back(32);
        QVERIFY(relDiff(step[0][0], model->impl().forward(ids2d(a2))[0][6]) < 1e-5);
        QVERIFY(relDiff(step[1][0], model->impl().forward(ids2d(b2))[0][3]) < 1e-5);
    }

    // On a CUDA device the forward pass takes another attention path with libtorch 2.x
    // (fused scaled_dot_product_attention): the same model and left-padded batch, with and
    // without a KV cache, must give the CPU's logits. Skips where there is no GPU.
    void cudaMatchesCpu()
    {
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        auto model = tinyModel();
        QTemporaryDir dir;
        model->save(dir.path());
        ModelOptions o;
        o.weights = WeightType::Float32;
        o.device = QStringLiteral("cuda");
        auto gpu = LlamaModel::load(dir.path(), o);
        torch::NoGradGuard g;
        torch::Tensor ids = torch::tensor({ 1, 7, 8, 9, 10, 11, 0, 0, 0, 1, 30, 31 }, torch::kLong).view({ 2, 6 });
        torch::Tensor mask = torch::tensor({ 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1 }, torch::kLong).view({ 2, 6 });
        const torch::Tensor cpu = model->impl().forward(ids, mask);
        const torch::Tensor cuda = gpu->impl().forward(ids, mask).to(torch::kCPU);
        QVERIFY(torch::isfinite(cuda).all().item<bool>());
        QVERIFY(relDiff(cuda[0], cpu[0]) < 1e-4);
        QVERIFY(relDiff(cuda[1].narrow(0, 3, 3), cpu[1].narrow(0, 3, 3)) < 1e-4);
        // A decode step on a cache (queries fewer than keys).
        KvCache cpuCache(model->impl(), 2, 16), gpuCache(gpu->impl(), 2, 16);
        model->impl().forward(ids, mask, &cpuCache);
        gpu->impl().forward(ids, mask, &gpuCache);
        torch::Tensor next = torch::tensor({ 12, 32 }, torch::kLong).view({ 2, 1 });
        torch::Tensor mask2 = torch::cat({ mask, torch::ones({ 2, 1 }, torch::kLong) }, 1);
        QVERIFY(relDiff(gpu->impl().forward(next, mask2, &gpuCache).to(torch::kCPU),
                        model->impl().forward(next, mask2, &cpuCache))
                < 1e-4);
    }

    void saveReloadIsBitExactAndBf16StaysClose()
    {
        auto model = tinyModel();
        QTemporaryDir dir;
        model->save(dir.path());
        for (const char *f : { "config.json", "model.safetensors", "generation_config.json" })
            QVERIFY(QFile::exists(dir.filePath(QLatin1String(f))));
        ModelOptions o;
        o.weights = WeightType::Float32;
        auto back = LlamaModel::load(dir.path(), o);
        auto a = model->impl().namedWeights(), b = back->impl().namedWeights();
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].first, b[i].first);
            QVERIFY2(torch::equal(*a[i].second, *b[i].second), a[i].first.c_str());
        }
        torch::NoGradGuard g;
        const std::vector<int> ids = { 1, 2, 3, 4, 5, 6, 7, 8 };
        torch::Tensor l32 = model->impl().forward(ids2d(ids));
        QVERIFY(torch::equal(l32, back->impl().forward(ids2d(ids))));

        // bfloat16 weights and activations: stated tolerance 5% of the largest logit.
        o.weights = WeightType::BFloat16;
        auto bf = LlamaModel::load(dir.path(), o);
        QCOMPARE(bf->weightType(), WeightType::BFloat16);
        torch::Tensor l16 = bf->impl().forward(ids2d(ids));
        QCOMPARE(l16.scalar_type(), torch::kFloat32);
        const double rel = relDiff(l16, l32);
        qInfo("bfloat16 vs float32 logits: max |diff| / max |ref| = %.3g", rel);
        QVERIFY2(rel < 0.05, qPrintable(QString::number(rel)));
        QVERIFY(rel > 0); // it really ran in bfloat16

        // A bf16 folder saved and reloaded as bf16 is bit-exact too (zero-copy path).
        QTemporaryDir dir2;
        bf->save(dir2.path());
        auto bf2 = LlamaModel::load(dir2.path(), o);
        QVERIFY(torch::equal(bf2->impl().forward(ids2d(ids)), l16));
        QCOMPARE(LlamaConfig::fromFile(dir2.filePath(QStringLiteral("config.json"))).torchDtype,
                 QStringLiteral("bfloat16"));
    }

    void writerLayoutIsStandard()
    {
        QTemporaryDir dir;
        const float data[3] = { 1.f, 2.f, 3.f };
        const QString path = dir.filePath(QStringLiteral("a.safetensors"));
        writeSafetensors(path, { { QStringLiteral("x"), TensorDType::F32, { 3 }, data, 12 } },
                         { { QStringLiteral("format"), QStringLiteral("pt") } });
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        uint64_t n = 0;
        for (int i = 7; i >= 0; --i)
            n = (n << 8) | uint8_t(bytes[i]);
        QCOMPARE(n % 8, uint64_t(0));
        QCOMPARE(uint64_t(bytes.size()), 8 + n + 12);
        const QJsonObject h = QJsonDocument::fromJson(bytes.mid(8, qsizetype(n))).object();
        QCOMPARE(h.value(QStringLiteral("__metadata__")).toObject().value(QStringLiteral("format")).toString(),
                 QStringLiteral("pt"));
        QCOMPARE(h.value(QStringLiteral("x")).toObject().value(QStringLiteral("dtype")).toString(),
                 QStringLiteral("F32"));
        float back[3];
        std::memcpy(back, bytes.constData() + 8 + n, 12);
        QCOMPARE(back[2], 3.f);
        auto file = SafetensorsFile::open(path);
        QCOMPARE(file->entries().size(), size_t(1));
        QCOMPARE(reinterpret_cast<const float *>(file->data(file->entries()[0]))[1], 2.f);
    }

    void shardedFolderLoads()
    {
        auto model = tinyModel(5);
        QTemporaryDir dir;
        model->save(dir.path());
        auto file = SafetensorsFile::open(dir.filePath(QStringLiteral("model.safetensors")));
        // Split the tensors over two shards and write the index Hugging Face writes.
        std::vector<SafetensorsWriteItem> s1, s2;
        QJsonObject map;
        int i = 0;
        for (const auto &e : file->entries()) {
            SafetensorsWriteItem it { e.name, e.dtype, e.shape, file->data(e), e.end - e.begin };
            const bool first = i++ % 2 == 0;
            (first ? s1 : s2).push_back(it);
            map.insert(e.name,
                       first ? QStringLiteral("model-00001-of-00002.safetensors")
                             : QStringLiteral("model-00002-of-00002.safetensors"));
        }
        QTemporaryDir sharded;
        writeSafetensors(sharded.filePath(QStringLiteral("model-00001-of-00002.safetensors")), s1);
        writeSafetensors(sharded.filePath(QStringLiteral("model-00002-of-00002.safetensors")), s2);
        writeFile(sharded.filePath(QStringLiteral("model.safetensors.index.json")),
                  QJsonDocument(QJsonObject { { QStringLiteral("metadata"), QJsonObject {} },
                                              { QStringLiteral("weight_map"), map } })
                      .toJson());
        QFile::copy(dir.filePath(QStringLiteral("config.json")), sharded.filePath(QStringLiteral("config.json")));
        ModelOptions o;
        o.weights = WeightType::Float32;
        auto back = LlamaModel::load(sharded.path(), o);
        torch::NoGradGuard g;
        QVERIFY(torch::equal(back->impl().forward(ids2d({ 1, 2, 3 })), model->impl().forward(ids2d({ 1, 2, 3 }))));
    }

    void adapterHookAndFrozenBaseAutograd()
    {
        // The LoRA hook: an adapter on q_proj with a trainable parameter; the base stays frozen.
        struct AddDelta : LinearAdapter
        {
            torch::Tensor delta;
            torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &base) override
            {
                return base + x.matmul(delta);
            }
        };
        auto model = tinyModel();
        auto projections = model->impl().namedProjections();
        QCOMPARE(projections.size(), size_t(2 * 7 + 1));
        QCOMPARE(projections[0].first, std::string("model.layers.0.self_attn.q_proj"));
        auto adapter = std::make_shared<AddDelta>();
        adapter->delta = torch::zeros({ 32, 32 }, torch::kFloat32).requires_grad_(true);
        const std::vector<int> ids = { 1, 4, 9, 16, 25 };
        torch::Tensor before;
        {
            torch::NoGradGuard g;
            before = model->impl().forward(ids2d(ids));
        }
        projections[0].second->adapter = adapter;
        torch::Tensor logits = model->impl().forward(ids2d(ids));
        // Zero delta: the same function (up to summation order: without gradients the
        // projections take the decode kernels, with them torch::linear).
        QVERIFY2(torch::allclose(logits, before, 1e-5, 1e-5),
                 qPrintable(QString::number((logits - before).abs().max().item<double>())));
        torch::Tensor loss = causalLmLoss(logits, ids2d(ids));
        loss.backward();
        QVERIFY(adapter->delta.grad().defined());
        QVERIFY(adapter->delta.grad().abs().sum().item<double>() > 0);
        for (auto &[name, t] : model->impl().namedWeights())
            QVERIFY2(!t->requires_grad() && !t->grad().defined(), name.c_str());
    }

    void corruptSafetensorsAreClearErrors()
    {
        QTemporaryDir dir;
        const QString p = dir.filePath(QStringLiteral("bad.safetensors"));
        const QByteArray good = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
        const QByteArray data(16, '\1');

        writeFile(p, headerFile(good, data).left(30)); // truncated: header cut
        QString e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("bad.safetensors")) && e.contains(QLatin1String("larger than the file")),
                 qPrintable(e));

        writeFile(p, headerFile(good, data.left(10))); // truncated: data cut
        e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("tensor 'w'")) && e.contains(QLatin1String("truncated")), qPrintable(e));

        writeFile(p, QByteArray("\xff\xff\xff\x00\x00\x00\x00\x00{}", 10)); // header larger than the file
        e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("larger than the file")), qPrintable(e));

        writeFile(p, headerFile(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]}})", data)); // out of range
        e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("tensor 'w'")) && e.contains(QLatin1String("past the end")), qPrintable(e));

        writeFile(p, headerFile(R"({"w":{"dtype":"Q4","shape":[2,2],"data_offsets":[0,16]}})", data)); // wrong dtype
        e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("tensor 'w'")) && e.contains(QLatin1String("dtype 'Q4'")), qPrintable(e));

        writeFile(p, headerFile(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}})", data)); // wrong shape
        e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("tensor 'w'")) && e.contains(QLatin1String("need 24 bytes")), qPrintable(e));

        writeFile(
            p,
            headerFile(
                R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                data));
        e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("overlaps")), qPrintable(e));

        writeFile(p, headerFile("{not json", data));
        e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("not a JSON object")), qPrintable(e));

        writeFile(p, QByteArray("abc"));
        e = errorOf([&] { SafetensorsFile::open(p); });
        QVERIFY2(e.contains(QLatin1String("truncated")), qPrintable(e));
    }

    void tinyLlamaConfigAndTokenizer()
    {
        // TinyLlama-1.1B-Chat-v1.0's published config.json, as a fixture.
        const LlamaConfig c = LlamaConfig::fromFile(test::testDataPath(QStringLiteral("models/tinyllama_config.json")));
        QCOMPARE(c.hiddenSize, 2048);
        QCOMPARE(c.numKvHeads, 4);
        QCOMPARE(c.headDim(), 64);
        QCOMPARE(c.numLayers, 22);
        QCOMPARE(c.torchDtype, QStringLiteral("bfloat16"));
        QVERIFY(!c.tieWordEmbeddings);
        QCOMPARE(c.parameterCount(), int64_t(1100048384)); // TinyLlama's 1.1 B

        // A narrow model with TinyLlama's vocabulary, stored in bf16 with the LLaMA-2
        // tokenizer: loads zero-copy and generates text.
        const QString spm = test::sharedDataPath(QStringLiteral("llama2-tokenizer/tokenizer.model"));
        if (spm.isEmpty() || !QFile::exists(spm))
            QSKIP("../shared/data/llama2-tokenizer is absent");
        LlamaConfig small = c;
        small.hiddenSize = 64;
        small.intermediateSize = 96;
        small.numLayers = 1;
        small.numHeads = 4;
        small.numKvHeads = 1;
        ModelOptions o;
        o.weights = WeightType::BFloat16;
        auto m = LlamaModel::createRandom(small, 3, o);
        QTemporaryDir dir;
        m->save(dir.path());
        QVERIFY(QFile::copy(spm, dir.filePath(QStringLiteral("tokenizer.model"))));
        auto back = LlamaModel::load(dir.path(), o);
        QCOMPARE(back->tokenizer()->vocabSize(), 32000);
        QCOMPARE(back->weightType(), WeightType::BFloat16);
    }

    void badFoldersAreClearErrors()
    {
        auto model = tinyModel();
        QTemporaryDir dir;
        model->save(dir.path());
        const QString cfgPath = dir.filePath(QStringLiteral("config.json"));
        QFile cf(cfgPath);
        QVERIFY(cf.open(QIODevice::ReadOnly));
        const QJsonObject cfg = QJsonDocument::fromJson(cf.readAll()).object();
        cf.close();
        auto withConfig = [&](const QJsonObject &o) { writeFile(cfgPath, QJsonDocument(o).toJson()); };

        QJsonObject noKey = cfg;
        noKey.remove(QStringLiteral("num_hidden_layers"));
        withConfig(noKey);
        QString e = errorOf([&] { LlamaModel::load(dir.path()); });
        QVERIFY2(e.contains(QLatin1String("config.json"))
                     && e.contains(QLatin1String("missing key 'num_hidden_layers'")),
                 qPrintable(e));

        QJsonObject arch = cfg;
        arch.insert(QStringLiteral("architectures"), QJsonArray { QStringLiteral("MistralForCausalLM") });
        withConfig(arch);
        e = errorOf([&] { LlamaModel::load(dir.path()); });
        QVERIFY2(e.contains(QLatin1String("unsupported architecture 'MistralForCausalLM'")), qPrintable(e));

        QJsonObject scaling = cfg;
        scaling.insert(QStringLiteral("rope_scaling"),
                       QJsonObject { { QStringLiteral("type"), QStringLiteral("linear") } });
        withConfig(scaling);
        e = errorOf([&] { LlamaModel::load(dir.path()); });
        QVERIFY2(e.contains(QLatin1String("rope_scaling")), qPrintable(e));

        // Config says 3 layers and a wider MLP: missing and mis-shaped tensors in one error.
        QJsonObject wider = cfg;
        wider.insert(QStringLiteral("num_hidden_layers"), 3);
        wider.insert(QStringLiteral("intermediate_size"), 64);
        wider.insert(QStringLiteral("tie_word_embeddings"), true); // lm_head.weight now unexpected
        withConfig(wider);
        e = errorOf([&] { LlamaModel::load(dir.path()); });
        QVERIFY2(e.contains(QLatin1String("missing: model.layers.2.")) && e.contains(QLatin1String("mis-shaped"))
                     && e.contains(QLatin1String("model.layers.0.mlp.gate_proj.weight is [48, 32], expected [64, 32]"))
                     && e.contains(QLatin1String("1 unexpected: lm_head.weight")),
                 qPrintable(e));
        withConfig(cfg);
        QVERIFY(LlamaModel::load(dir.path()));

        // A tokenizer with more pieces than the model's vocabulary.
        const QString spm = test::sharedDataPath(QStringLiteral("llama2-tokenizer/tokenizer.model"));
        if (spm.isEmpty() || !QFile::exists(spm))
            QSKIP("../shared/data/llama2-tokenizer is absent");
        QFile::copy(spm, dir.filePath(QStringLiteral("tokenizer.model")));
        e = errorOf([&] { LlamaModel::load(dir.path()); });
        QVERIFY2(e.contains(QLatin1String("32000 pieces")) && e.contains(QLatin1String("has 61")), qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TestLlamaModel)
#include "tst_llama_model.moc"
