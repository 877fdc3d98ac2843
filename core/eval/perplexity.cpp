// Batched loss and perplexity with Hugging Face label semantics (shift by one, -100 ignored).
#include "eval/perplexity.h"

#include "model/llama_model_impl.h"
#include "text/tokenizer.h"
#include "util/error.h"

#include <cmath>

namespace medtune {
namespace {

int effectiveLength(const LlamaModel &model, int maxLength)
{
    const int cap = std::min(model.config().maxPositions, 1024);
    return maxLength > 0 ? std::min(maxLength, model.config().maxPositions) : cap;
}

std::shared_ptr<const Tokenizer> requireTokenizer(const LlamaModel &model)
{
    auto tok = model.tokenizer();
    if (!tok)
        throw Error(QStringLiteral("the model has no tokenizer.model"),
                    QStringLiteral("put the tokenizer next to the weights"));
    return tok;
}

} // namespace

std::vector<LabelledSequence> textSequences(const LlamaModel &model, const QString &text, int maxLength)
{
    const int len = std::max(2, effectiveLength(model, maxLength));
    std::vector<int> all = requireTokenizer(model)->encode(text);
    all.insert(all.begin(), model.config().bosId);
    std::vector<LabelledSequence> out;
    for (size_t start = 0; start + 1 < all.size(); start += size_t(len)) {
        LabelledSequence s;
        s.ids.assign(all.begin() + long(start), all.begin() + long(std::min(all.size(), start + size_t(len))));
        s.labels = s.ids;
        if (s.ids.size() >= 2)
            out.push_back(std::move(s));
    }
    return out;
}

LabelledSequence pairSequence(const LlamaModel &model, const PromptAnswer &pair, int maxLength, bool appendEos)
{
    const int len = std::max(2, effectiveLength(model, maxLength));
    const auto tok = requireTokenizer(model);
    std::vector<int> prompt = tok->encode(pair.prompt), answer = tok->encode(pair.answer);
    if (appendEos)
        answer.push_back(model.config().eosId);
    if (int(answer.size()) > len - 1) // keep BOS and as much answer as fits
        answer.resize(size_t(len - 1));
    const int room = len - 1 - int(answer.size());
    if (int(prompt.size()) > room)
        prompt.erase(prompt.begin(), prompt.begin() + long(prompt.size() - size_t(room)));
    LabelledSequence s;
    s.ids.push_back(model.config().bosId);
    s.ids.insert(s.ids.end(), prompt.begin(), prompt.end());
    s.labels.assign(s.ids.size(), -100);
    s.ids.insert(s.ids.end(), answer.begin(), answer.end());
    s.labels.insert(s.labels.end(), answer.begin(), answer.end());
    return s;
}

LossTotal sequenceLoss(const LlamaModel &model, const std::vector<LabelledSequence> &sequences, int batchSize,
                       const std::atomic_bool *cancel, const LossProgress &progress)
{
    const LlamaModelImpl &impl = model.impl();
    torch::NoGradGuard noGrad;
    double sum = 0;
    int64_t count = 0;
    batchSize = std::max(1, batchSize);
    for (size_t start = 0; start < sequences.size(); start += size_t(batchSize)) {
        if (cancel && cancel->load())
            throw Error(QStringLiteral("the evaluation was cancelled"));
        const size_t end = std::min(sequences.size(), start + size_t(batchSize));
        size_t longest = 0;
        for (size_t i = start; i < end; ++i)
            longest = std::max(longest, sequences[i].ids.size());
        const int64_t b = int64_t(end - start), t = int64_t(longest);
        // Right padding: (B, T) ids, mask and labels; pads are masked and not counted.
        torch::Tensor ids = torch::zeros({ b, t }, torch::kLong), mask = torch::zeros({ b, t }, torch::kLong);
        torch::Tensor labels = torch::full({ b, t }, -100, torch::kLong);
        for (size_t i = start; i < end; ++i) {
            const auto &s = sequences[i];
            const int64_t n = int64_t(s.ids.size());
            ids[int64_t(i - start)].narrow(0, 0, n).copy_(
                torch::tensor(std::vector<int64_t>(s.ids.begin(), s.ids.end())));
            labels[int64_t(i - start)].narrow(0, 0, n).copy_(
                torch::tensor(std::vector<int64_t>(s.labels.begin(), s.labels.end())));
            mask[int64_t(i - start)].narrow(0, 0, n).fill_(1);
        }
        // Logits only where a label is counted (all of a text, the answer of a pair).
        sum += labelledLossSums(impl, ids, mask, labels).sum().item<double>();
        count += (labels.narrow(1, 1, t - 1) != -100).sum().item<int64_t>();
        if (progress)
            progress(int64_t(end), int64_t(sequences.size()), count);
    }
    LossTotal out;
    out.lossSum = sum;
    out.tokens = count;
    out.sequences = int64_t(sequences.size());
    if (!std::isfinite(out.meanLoss()) || !std::isfinite(out.perplexity()))
        throw Error(QStringLiteral("The loss is %1 over %2 tokens: no perplexity can be given")
                        .arg(std::isnan(out.meanLoss()) ? QStringLiteral("NaN") : QStringLiteral("infinite"))
                        .arg(count),
                    QStringLiteral("the model's or the adapter's weights contain NaN or infinite values (see the "
                                   "warnings when they were loaded)"));
    return out;
}

LossTotal textLoss(const LlamaModel &model, const QStringList &texts, const LossOptions &options,
                   const std::atomic_bool *cancel, const LossProgress &progress)
{
    std::vector<LabelledSequence> all;
    int64_t textTokens = 0, kept = 0;
    for (const QString &t : texts) {
        auto seqs = textSequences(model, t, options.maxLength);
        for (LabelledSequence &s : seqs) {
            textTokens += int64_t(s.ids.size());
            if (options.maxTextTokens > 0 && kept >= options.maxTextTokens)
                continue;
            if (options.maxTextTokens > 0 && kept + int64_t(s.ids.size()) > options.maxTextTokens) {
                s.ids.resize(size_t(std::max<int64_t>(2, options.maxTextTokens - kept)));
                s.labels.resize(s.ids.size());
            }
            kept += int64_t(s.ids.size());
            all.push_back(std::move(s));
        }
    }
    if (all.empty())
        throw Error(QStringLiteral("The text is empty: it has no token to score"),
                    QStringLiteral("a perplexity needs at least one token of text"));
    LossTotal out = sequenceLoss(model, all, options.batchSize, cancel, progress);
    out.textTokens = textTokens;
    return out;
}

LossTotal pairLoss(const LlamaModel &model, const std::vector<PromptAnswer> &pairs, const LossOptions &options,
                   const std::atomic_bool *cancel, const LossProgress &progress)
{
    std::vector<LabelledSequence> all;
    for (const auto &p : pairs)
        all.push_back(pairSequence(model, p, options.maxLength, options.appendEos));
    return sequenceLoss(model, all, options.batchSize, cancel, progress);
}

} // namespace medtune
