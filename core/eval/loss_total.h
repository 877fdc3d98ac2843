// A next-token cross-entropy summed over the tokens it counts, with what it was counted
// over: the result of evaluating a split in training and of the perplexity and
// reference-loss scorers. No libtorch.
#pragma once

#include <QtGlobal>
#include <cmath>

namespace medtune {

struct LossTotal
{
    double lossSum = 0; ///< cross-entropy (nats) summed over the counted tokens
    qint64 tokens = 0; ///< tokens whose prediction was counted
    qint64 sequences = 0; ///< scorers: sequences (or windows of long texts) evaluated
    qint64 textTokens = 0; ///< text scoring: tokens of the texts (BOS included), scored or not

    /// Mean cross-entropy per counted token; 0 when none was counted.
    double meanLoss() const { return tokens ? lossSum / double(tokens) : 0.0; }
    /// exp(meanLoss()).
    double perplexity() const { return std::exp(meanLoss()); }
};

} // namespace medtune
