// Batches for training: dynamic padding to the longest sequence of each batch (attention
// mask, labels -100 on the prompt and on padding), and a batch order that is shuffled,
// optionally grouped by length, and deterministic by seed. Plain int arrays: the training
// engine turns them into tensors.
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

/// Splits examples (given their lengths) into batches for one epoch.
class BatchSampler
{
public:
    /// groupByLength: shuffle, then sort within windows of 50 batches by length so that
    /// batches hold similar lengths (less padding), then shuffle the batch order.
    BatchSampler(std::vector<int> lengths, int batchSize, quint64 seed, bool groupByLength, bool shuffle = true);
    /// The batches (indices into lengths) of epoch; the same seed and epoch give the same.
    std::vector<std::vector<qint64>> epoch(int epochNumber) const;

private:
    std::vector<int> m_lengths;
    int m_batchSize;
    quint64 m_seed;
    bool m_group;
    bool m_shuffle;
};

} // namespace medtune
