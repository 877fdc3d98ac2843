// Learning-rate schedules: linear warm-up, then cosine, linear or constant, with the same
// formulas as Hugging Face transformers' get_*_schedule_with_warmup.
#pragma once

#include <QString>

namespace medtune {

struct LrSchedule
{
    enum class Kind { Cosine, Linear, Constant };

    Kind kind = Kind::Cosine;
    double peak = 2e-4; ///< learning rate reached at the end of warm-up
    int warmupSteps = 0;
    int totalSteps = 1; ///< optimizer steps of the whole run
    double minRatio = 0; ///< floor as a fraction of peak (cosine and linear)

    /// The learning rate used for optimizer step `step` (0-based).
    double at(int step) const;

    static Kind kindFromName(const QString &name); ///< "cosine", "linear", "constant"; throws UsageError
    static QString name(Kind kind);
};

} // namespace medtune
