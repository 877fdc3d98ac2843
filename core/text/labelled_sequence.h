// One tokenized sequence with its labels, as training, evaluation and the perplexity and
// reference-loss scorers consume it. No libtorch.
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace medtune {

/// ids and labels of equal length, labels -100 where no loss is taken (BOS, prompt,
/// padding). Labels are aligned with ids; the loss shifts them by one (position t predicts
/// token t + 1). task and source name the breakdowns of an evaluation; empty where unknown.
struct LabelledSequence
{
    std::vector<int32_t> ids;
    std::vector<int32_t> labels;
    QString task;
    QString source;
};

} // namespace medtune
