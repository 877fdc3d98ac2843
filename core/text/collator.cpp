#include "text/collator.h"

#include "text/prompt_formatter.h"

#include <algorithm>

namespace medtune {

Batch collate(std::span<const SequenceView> sequences, qint32 padId)
{
    Batch b;
    b.rows = int(sequences.size());
    for (const SequenceView &s : sequences)
        b.columns = std::max(b.columns, int(s.ids.size()));
    const size_t n = size_t(b.rows) * size_t(b.columns);
    b.inputIds.assign(n, padId);
    b.attentionMask.assign(n, 0);
    b.labels.assign(n, kIgnoreLabel);
    for (int r = 0; r < b.rows; ++r) {
        const SequenceView &s = sequences[size_t(r)];
        const size_t row = size_t(r) * size_t(b.columns);
        for (size_t t = 0; t < s.ids.size(); ++t) {
            b.inputIds[row + t] = s.ids[t];
            b.attentionMask[row + t] = 1;
            if (int(t) >= s.promptLength) {
                b.labels[row + t] = s.ids[t];
                ++b.trainedTokens;
            }
        }
    }
    return b;
}

} // namespace medtune
