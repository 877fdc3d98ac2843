// Batches for training: dynamic padding to the longest sequence of each batch (attention
// mask, labels -100 on the prompt and on padding). Plain int arrays: the training engine
// turns them into tensors. Which sequences share a batch: train/batch_plan.h.
#pragma once

#include <QtGlobal>
#include <span>
#include <vector>

namespace medtune {

struct SequenceView
{
    std::span<const qint32> ids; ///< BOS, prompt, answer, EOS
    int promptLength; ///< positions [0, promptLength) are not trained
};

struct Batch
{
    int rows = 0, columns = 0; ///< (B, T)
    std::vector<qint32> inputIds; ///< (B, T) row-major, padded with padId on the right
    std::vector<qint32> attentionMask; ///< (B, T) 1 on tokens, 0 on padding
    std::vector<qint32> labels; ///< (B, T) ids on answer+EOS, -100 on prompt and padding
    qint64 trainedTokens = 0;
};

/// Pads sequences to the longest one. padId should be a valid id (e.g. 0 or EOS): padded
/// positions are masked and never trained.
Batch collate(std::span<const SequenceView> sequences, qint32 padId);

} // namespace medtune
