// Mean next-token loss and perplexity of texts, or of (prompt, answer) pairs counting the
// answer tokens only, computed in batches. No libtorch in this header.
#pragma once

#include "eval/loss_total.h"
#include "text/labelled_sequence.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace medtune {

class LlamaModel;

struct PromptAnswer
{
    QString prompt;
    QString answer;
};

struct LossOptions
{
    int batchSize = 4;
    int maxLength = 0; ///< tokens per sequence; 0 = the model's positions (capped at 1024)
    bool appendEos = true; ///< pairs: the answer ends with EOS, which is counted
    /// Texts: score at most this many tokens (the first windows); 0 = all.
    int64_t maxTextTokens = 0;
};

/// BOS + text, split into windows of maxLength tokens; every token after the first counted.
std::vector<LabelledSequence> textSequences(const LlamaModel &model, const QString &text, int maxLength);
/// BOS + prompt + answer (+ EOS); only the answer (and EOS) counted. A pair longer than
/// maxLength loses the start of its prompt; an answer alone too long is cut at its end.
LabelledSequence pairSequence(const LlamaModel &model, const PromptAnswer &pair, int maxLength, bool appendEos);

/// Called after every batch with the sequences done, their total and the tokens counted so far.
using LossProgress = std::function<void(int64_t done, int64_t total, int64_t tokens)>;

/// Loss over labelled sequences, right-padded into batches. Throws Error when cancelled,
/// and when the loss is NaN or infinite (NaN/Inf weights): never a "nan" perplexity.
LossTotal sequenceLoss(const LlamaModel &model, const std::vector<LabelledSequence> &sequences, int batchSize,
                       const std::atomic_bool *cancel = nullptr, const LossProgress &progress = {});
/// Throws Error when the texts hold no token to score (an empty text has no perplexity).
LossTotal textLoss(const LlamaModel &model, const QStringList &texts, const LossOptions &options = {},
                   const std::atomic_bool *cancel = nullptr, const LossProgress &progress = {});
LossTotal pairLoss(const LlamaModel &model, const std::vector<PromptAnswer> &pairs, const LossOptions &options = {},
                   const std::atomic_bool *cancel = nullptr, const LossProgress &progress = {});

} // namespace medtune
