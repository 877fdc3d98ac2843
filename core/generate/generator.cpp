// KV-cache decoding of left-padded batches with Hugging Face's sampling semantics.
#include "generate/generator.h"

#include "model/kv_cache.h"
#include "model/llama_model_impl.h"
#include "text/tokenizer.h"
#include "util/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <algorithm>
#include <set>

namespace medtune {

SamplingOptions SamplingOptions::fromDefaults(const GenerationDefaults &d)
{
    SamplingOptions o;
    o.greedy = !d.doSample;
    o.temperature = d.temperature > 0 ? d.temperature : 1.0;
    o.topK = d.topK;
    o.topP = d.topP;
    o.repetitionPenalty = d.repetitionPenalty;
    o.maxNewTokens = d.maxNewTokens;
    return o;
}

void SamplingOptions::validate() const
{
    if (!(temperature > 0))
        throw UsageError(QStringLiteral("temperature must be greater than 0"));
    if (topK < 0)
        throw UsageError(QStringLiteral("top-k must be 0 (off) or positive"));
    if (!(topP > 0 && topP <= 1))
        throw UsageError(QStringLiteral("top-p must be in (0, 1]"));
    if (!(repetitionPenalty > 0))
        throw UsageError(QStringLiteral("the repetition penalty must be greater than 0"));
    if (maxNewTokens < 0)
        throw UsageError(QStringLiteral("max new tokens must not be negative"));
}

QString stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::Eos:
        return QStringLiteral("eos");
    case StopReason::StopString:
        return QStringLiteral("stop_string");
    case StopReason::MaxTokens:
        return QStringLiteral("max_new_tokens");
    case StopReason::ContextFull:
        return QStringLiteral("context_full");
    case StopReason::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

Generator::Generator(std::shared_ptr<const LlamaModel> model)
    : m_model(std::move(model))
{
}

namespace {

// One row's next token from its float32 logits (V).
int pickToken(torch::Tensor logits, const std::vector<int> &seen, const SamplingOptions &o, at::Generator &gen)
{
    // NaN scores give no distribution to sample from (multinomial would fail deep inside
    // libtorch, argmax would pick an arbitrary token): say what is wrong instead.
    if (torch::isnan(logits).any().item<bool>() || torch::isposinf(logits).any().item<bool>())
        throw Error(QStringLiteral("The model produced NaN or infinite scores for the next token"),
                    QStringLiteral("its weights or the adapter's contain NaN or infinite values (see the warnings when "
                                   "they were loaded)"));
    if (o.repetitionPenalty != 1.0 && !seen.empty()) {
        // HF RepetitionPenaltyLogitsProcessor: divide positive logits, multiply negative ones.
        std::vector<int64_t> ids(seen.begin(), seen.end());
        torch::Tensor idx = torch::tensor(ids, torch::kLong).to(logits.device());
        torch::Tensor s = logits.index_select(0, idx);
        s = torch::where(s > 0, s / o.repetitionPenalty, s * o.repetitionPenalty);
        logits = logits.index_copy(0, idx, s);
    }
    if (o.greedy)
        return int(logits.argmax().item<int64_t>());
    logits = logits / o.temperature;
    const float ninf = -std::numeric_limits<float>::infinity();
    if (o.topK > 0 && o.topK < logits.size(0)) {
        const float kth = std::get<0>(logits.topk(o.topK)).min().item<float>();
        logits = logits.masked_fill(logits < kth, ninf);
    }
    if (o.topP < 1.0) {
        // Keep the smallest set of most likely tokens whose mass reaches top-p.
        auto [sorted, order] = logits.sort(-1, /*descending=*/true);
        torch::Tensor cum = torch::softmax(sorted, -1).cumsum(-1);
        torch::Tensor remove
            = (cum - torch::softmax(sorted, -1)) >= o.topP; // the more likely tokens already reach top-p (HF)
        sorted = sorted.masked_fill(remove, ninf);
        logits = torch::full_like(logits, ninf).scatter(0, order, sorted);
    }
    torch::Tensor probs = torch::softmax(logits.to(torch::kCPU), -1);
    return int(torch::multinomial(probs, 1, false, gen).item<int64_t>());
}

} // namespace

std::vector<GenerationResult> Generator::generate(const std::vector<std::vector<int>> &prompts,
                                                  const SamplingOptions &o, const TokenCallback &onToken,
                                                  const std::atomic_bool *cancel) const
{
    o.validate();
    const LlamaModelImpl &impl = m_model->impl();
    const LlamaConfig &cfg = m_model->config();
    const auto tok = m_model->tokenizer();
    if (!o.stopStrings.isEmpty() && !tok)
        throw Error(QStringLiteral("stop strings need the model's tokenizer"));
    const int64_t rows = int64_t(prompts.size());
    std::vector<GenerationResult> results(prompts.size());
    if (rows == 0)
        return results;
    int64_t longest = 0;
    for (size_t r = 0; r < prompts.size(); ++r) {
        if (prompts[r].empty())
            throw UsageError(QStringLiteral("prompt %1 is empty (it needs at least the BOS token)").arg(r + 1));
        for (int id : prompts[r])
            if (id < 0 || id >= cfg.vocabSize)
                throw UsageError(QStringLiteral("prompt %1 has token id %2 outside the vocabulary").arg(r + 1).arg(id));
        longest = std::max<int64_t>(longest, int64_t(prompts[r].size()));
        results[r].promptTokens = int(prompts[r].size());
    }
    if (longest >= cfg.maxPositions)
        throw Error(QStringLiteral("the prompt has %1 tokens; the model handles %2 positions")
                        .arg(longest)
                        .arg(cfg.maxPositions),
                    QStringLiteral("shorten the prompt; for dataset records, lower --max-tokens (the prompt and "
                                   "answer budget) below the model's positions"));
    const int64_t capacity = std::min<int64_t>(longest + o.maxNewTokens, cfg.maxPositions);

    // Left padding: (B, L) ids and mask, padding id irrelevant (masked).
    std::vector<int64_t> ids(size_t(rows * longest), 0), mask(size_t(rows * longest), 0);
    for (int64_t r = 0; r < rows; ++r) {
        const auto &p = prompts[size_t(r)];
        const int64_t off = longest - int64_t(p.size());
        for (size_t j = 0; j < p.size(); ++j) {
            ids[size_t(r * longest + off + int64_t(j))] = p[j];
            mask[size_t(r * longest + off + int64_t(j))] = 1;
        }
    }
    torch::NoGradGuard noGrad;
    torch::Tensor input = torch::tensor(ids, torch::kLong).view({ rows, longest });
    torch::Tensor fullMask = torch::tensor(mask, torch::kLong).view({ rows, longest }).to(impl.device);
    KvCache cache(impl, rows, capacity);
    at::Generator gen = at::detail::createCPUGenerator(o.seed);

    std::set<int> eosIds = { cfg.eosId };
    for (int e : m_model->generationDefaults().eosIds)
        eosIds.insert(e);
    auto done = std::vector<bool>(size_t(rows), false);
    auto texts = std::vector<QString>(size_t(rows));
    std::vector<std::vector<int>> seen(prompts.begin(), prompts.end());
    int64_t active = rows;
    for (int step = 0; active > 0; ++step) {
        if (cancel && cancel->load()) {
            for (int64_t r = 0; r < rows; ++r)
                if (!done[size_t(r)])
                    results[size_t(r)].reason = StopReason::Cancelled;
            break;
        }
        if (step >= o.maxNewTokens || cache.length() + input.size(1) > capacity) {
            const StopReason why = step >= o.maxNewTokens ? StopReason::MaxTokens : StopReason::ContextFull;
            for (int64_t r = 0; r < rows; ++r)
                if (!done[size_t(r)])
                    results[size_t(r)].reason = why;
            break;
        }
        torch::Tensor logits = impl.forward(input, fullMask, &cache, true).select(1, 0); // (B, V) float32
        std::vector<int64_t> next(size_t(rows), cfg.eosId);
        for (int64_t r = 0; r < rows; ++r) {
            if (done[size_t(r)])
                continue;
            const int token = pickToken(logits[r], seen[size_t(r)], o, gen);
            next[size_t(r)] = token;
            GenerationResult &res = results[size_t(r)];
            if (o.stopAtEos && eosIds.count(token)) {
                res.reason = StopReason::Eos;
                done[size_t(r)] = true;
                --active;
                continue;
            }
            res.tokens.push_back(token);
            seen[size_t(r)].push_back(token);
            QString delta;
            if (tok) {
                // Decode the whole continuation: pieces of multi-byte characters join up.
                const QString text = tok->decode(res.tokens);
                delta = text.startsWith(texts[size_t(r)]) ? text.mid(texts[size_t(r)].size()) : text;
                texts[size_t(r)] = text;
                for (const QString &stop : o.stopStrings) {
                    const qsizetype at = stop.isEmpty() ? -1 : text.indexOf(stop);
                    if (at >= 0) {
                        const qsizetype shown = text.size() - delta.size();
                        delta = at > shown ? text.mid(shown, at - shown) : QString();
                        texts[size_t(r)] = text.left(at);
                        res.reason = StopReason::StopString;
                        done[size_t(r)] = true;
                        --active;
                        break;
                    }
                }
            }
            if (onToken)
                onToken(TokenEvent { int(r), token, delta });
        }
        input = torch::tensor(next, torch::kLong).view({ rows, 1 });
        fullMask = torch::cat({ fullMask, torch::ones({ rows, 1 }, fullMask.options()) }, 1);
    }
    for (int64_t r = 0; r < rows; ++r)
        results[size_t(r)].text = texts[size_t(r)];
    return results;
}

std::vector<GenerationResult> Generator::generateText(const QStringList &prompts, const SamplingOptions &options,
                                                      const TokenCallback &onToken,
                                                      const std::atomic_bool *cancel) const
{
    const auto tok = m_model->tokenizer();
    if (!tok)
        throw Error(QStringLiteral("the model has no tokenizer.model"),
                    QStringLiteral("put the tokenizer next to the weights"));
    std::vector<std::vector<int>> ids;
    for (const QString &p : prompts) {
        std::vector<int> v = tok->encode(p);
        v.insert(v.begin(), m_model->config().bosId);
        ids.push_back(std::move(v));
    }
    return generate(ids, options, onToken, cancel);
}

} // namespace medtune
