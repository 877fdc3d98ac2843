// One tokenized training example as the trainer consumes it. No libtorch.
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace medtune {

/// ids and labels of equal length, labels -100 where no loss is taken (BOS, prompt,
/// padding). Labels are aligned with ids; the loss shifts them by one.
struct TrainingSequence
{
    std::vector<int32_t> ids;
    std::vector<int32_t> labels;
    QString task;
    QString source;
};

} // namespace medtune
