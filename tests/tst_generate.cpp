// Generation and loss: KV-cache greedy decoding against full recomputation, left-padded
// batches, seeded sampling, repetition penalty, EOS / stop strings / cancel, streaming,
// and batched answer-only loss against a per-sequence computation.
#include "eval/perplexity.h"
#include "generate/generator.h"
#include "model/demo_model.h"
#include "model/llama_model_impl.h"
#include "test_support.h"
#include "text/tokenizer.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace medtune;

namespace {

std::vector<int> greedyByRecomputation(const LlamaModel &model, std::vector<int> ids, int steps)
{
    torch::NoGradGuard g;
    std::vector<int> out;
    for (int i = 0; i < steps; ++i) {
        std::vector<int64_t> v(ids.begin(), ids.end());
        torch::Tensor logits = model.impl().forward(torch::tensor(v, torch::kLong).view({ 1, -1 }));
        const int next = int(logits[0][int64_t(ids.size()) - 1].argmax().item<int64_t>());
        out.push_back(next);
        ids.push_back(next);
    }
    return out;
}

} // namespace

class TestGenerate : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<LlamaModel> m_model;

    std::vector<int> prompt(const QString &text) const
    {
        std::vector<int> ids = m_model->tokenizer()->encode(text);
        ids.insert(ids.begin(), m_model->config().bosId);
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A tiny model through the demo model's own code path: trained tokenizer + a few steps.
        DemoModelOptions o;
        o.outDir = m_dir.path();
        o.corpusFiles = { test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")) };
        o.vocabSize = 500;
        o.layers = 2;
        o.hidden = 64;
        o.heads = 4;
        o.kvHeads = 2;
        o.intermediate = 128;
        o.steps = 4;
        o.batchSize = 4;
        o.sequenceLength = 32;
        makeDemoModel(o);
        ModelOptions mo;
        mo.weights = WeightType::Float32;
        m_model = LlamaModel::load(m_dir.path(), mo);
        QVERIFY(m_model->tokenizer());
        QCOMPARE(m_model->tokenizer()->vocabSize(), 500);
    }

    void greedyMatchesRecomputationAndPaddedBatch()
    {
        const std::vector<int> a = prompt(QStringLiteral("The patient was treated with")),
                               b = prompt(QStringLiteral("Blood pressure"));
        QVERIFY(a.size() != b.size());
        SamplingOptions o;
        o.maxNewTokens = 12;
        o.stopAtEos = false;
        const Generator gen(m_model);
        const auto batch = gen.generate({ a, b }, o);
        QCOMPARE(batch[0].tokens, greedyByRecomputation(*m_model, a, 12));
        QCOMPARE(batch[1].tokens, greedyByRecomputation(*m_model, b, 12));
        QCOMPARE(gen.generate({ b }, o)[0].tokens, batch[1].tokens);
        QCOMPARE(batch[0].reason, StopReason::MaxTokens);
        QCOMPARE(batch[0].promptTokens, int(a.size()));
    }

    void samplingIsSeededAndFiltersWork()
    {
        const Generator gen(m_model);
        const std::vector<int> p = prompt(QStringLiteral("Chest pain"));
        SamplingOptions o;
        o.greedy = false;
        o.temperature = 1.5;
        o.maxNewTokens = 16;
        o.stopAtEos = false;
        o.seed = 7;
        const auto first = gen.generate({ p }, o)[0].tokens;
        QCOMPARE(gen.generate({ p }, o)[0].tokens, first);
        o.seed = 8;
        QVERIFY(gen.generate({ p }, o)[0].tokens != first);

        SamplingOptions greedy;
        greedy.maxNewTokens = 16;
        greedy.stopAtEos = false;
        const auto g = gen.generate({ p }, greedy)[0].tokens;
        o.topK = 1; // only the best token survives
        QCOMPARE(gen.generate({ p }, o)[0].tokens, g);
        o.topK = 0;
        o.topP = 1e-6; // the smallest nucleus is the best token alone
        QCOMPARE(gen.generate({ p }, o)[0].tokens, g);
    }

    void repetitionPenaltyFollowsHuggingFace()
    {
        const std::vector<int> p = prompt(QStringLiteral("the the the patient patient"));
        torch::NoGradGuard ng;
        std::vector<int64_t> v(p.begin(), p.end());
        torch::Tensor logits
            = m_model->impl().forward(torch::tensor(v, torch::kLong).view({ 1, -1 }))[0][int64_t(p.size()) - 1].clone();
        const double penalty = 3.0;
        for (int id : std::set<int>(p.begin(), p.end())) {
            float &x = logits.data_ptr<float>()[id];
            x = x > 0 ? float(x / penalty) : float(x * penalty);
        }
        SamplingOptions o;
        o.maxNewTokens = 1;
        o.stopAtEos = false;
        o.repetitionPenalty = penalty;
        QCOMPARE(Generator(m_model).generate({ p }, o)[0].tokens.front(), int(logits.argmax().item<int64_t>()));
    }

    void stopsOnEosStopStringAndCancel()
    {
        const Generator gen(m_model);
        const std::vector<int> p = prompt(QStringLiteral("Diabetes"));
        SamplingOptions o; // sampled so that the barely trained model's text varies
        o.greedy = false;
        o.temperature = 2.0;
        o.seed = 3;
        o.maxNewTokens = 20;
        o.stopAtEos = false;
        QString streamed;
        const auto full = gen.generate({ p }, o, [&](const TokenEvent &e) { streamed += e.textDelta; })[0];
        QCOMPARE(streamed, full.text);
        QVERIFY2(full.text.size() > 6, qPrintable(full.text));

        // A stop string from the middle of the text: output ends right before it.
        const QString stop = full.text.mid(full.text.size() / 2, 3);
        o.stopStrings = { stop };
        const auto stopped = gen.generate({ p }, o)[0];
        QCOMPARE(stopped.reason, StopReason::StopString);
        QCOMPARE(stopped.text, full.text.left(full.text.indexOf(stop)));
        o.stopStrings.clear();

        // EOS: make the first greedy token the end-of-sequence id.
        LlamaModel &model = *m_model;
        const int eos = model.impl().config.eosId;
        model.impl().config.eosId = full.tokens.front();
        o.stopAtEos = true;
        const auto eosRun = gen.generate({ p }, o)[0];
        model.impl().config.eosId = eos;
        QCOMPARE(eosRun.reason, StopReason::Eos);
        QVERIFY(eosRun.tokens.empty());

        // Cancel after three streamed tokens.
        std::atomic_bool cancel { false };
        int seen = 0;
        const auto cancelled = gen.generate(
            { p }, o,
            [&](const TokenEvent &) {
                if (++seen == 3)
                    cancel = true;
            },
            &cancel)[0];
        QCOMPARE(cancelled.reason, StopReason::Cancelled);
        QCOMPARE(cancelled.tokens.size(), size_t(3));
    }

    void batchedAnswerOnlyLossMatchesPerSequence()
    {
        std::vector<PromptAnswer> pairs = {
            { QStringLiteral("What lowers blood pressure?"), QStringLiteral("Less salt and regular exercise.") },
            { QStringLiteral("Name a statin."), QStringLiteral("Atorvastatin.") },
            { QStringLiteral("What is the first drug for type 2 diabetes in most adults?"),
              QStringLiteral("Metformin, with diet and exercise advice.") },
            { QStringLiteral("Is aspirin given in a heart attack?"), QStringLiteral("Yes, unless allergic.") },
            { QStringLiteral("Dose?"),
              QStringLiteral("It depends on kidney function and on the other medicines the patient takes.") },
        };
        // Independent: each sequence alone, log-softmax in double, answer tokens only.
        double sum = 0;
        int64_t count = 0;
        torch::NoGradGuard ng;
        for (const auto &pa : pairs) {
            const LabelledSequence s = pairSequence(*m_model, pa, 0, true);
            const auto answer = m_model->tokenizer()->encode(pa.answer);
            QCOMPARE(s.ids.back(), m_model->config().eosId);
            QCOMPARE(std::count_if(s.labels.begin(), s.labels.end(), [](int l) { return l != -100; }),
                     long(answer.size() + 1));
            std::vector<int64_t> v(s.ids.begin(), s.ids.end());
            torch::Tensor logp = torch::log_softmax(
                m_model->impl().forward(torch::tensor(v, torch::kLong).view({ 1, -1 }))[0].to(torch::kDouble), -1);
            for (size_t t = 0; t + 1 < s.ids.size(); ++t)
                if (s.labels[t + 1] != -100) {
                    sum -= logp[int64_t(t)][s.labels[t + 1]].item<double>();
                    ++count;
                }
        }
        LossOptions lo;
        lo.batchSize = 3;
        const LossTotal batched = pairLoss(*m_model, pairs, lo);
        QCOMPARE(batched.tokens, count);
        QVERIFY2(std::abs(batched.meanLoss() - sum / double(count)) < 1e-5,
                 qPrintable(QStringLiteral("%1 vs %2").arg(batched.meanLoss()).arg(sum / double(count))));
        QVERIFY(std::abs(batched.perplexity() - std::exp(sum / double(count))) < 1e-3 * batched.perplexity());

        // Text loss in windows: every token after a window's first is counted.
        const QString text = QStringLiteral(
            "Hypertension is common. It raises the risk of stroke and heart attack, and often has no symptoms.");
        lo.maxLength = 8;
        const LossTotal windows = textLoss(*m_model, { text }, lo);
        const int64_t n = int64_t(m_model->tokenizer()->encode(text).size()) + 1;
        int64_t expectTokens = 0, expectWindows = 0;
        for (int64_t start = 0; start + 1 < n; start += 8) {
            expectTokens += std::min<int64_t>(8, n - start) - 1;
            ++expectWindows;
        }
        QCOMPARE(windows.tokens, expectTokens);
        QCOMPARE(windows.sequences, expectWindows);
    }
};

QTEST_GUILESS_MAIN(TestGenerate)
#include "tst_generate.moc"
