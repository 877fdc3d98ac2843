#include "train/lr_schedule.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace medtune {

double LrSchedule::at(int step) const
{
    if (warmupSteps > 0 && step < warmupSteps)
        return peak * double(step) / double(warmupSteps);
    if (kind == Kind::Constant)
        return peak;
    const int decaySteps = std::max(1, totalSteps - warmupSteps);
    const double progress = std::clamp(double(step - warmupSteps) / double(decaySteps), 0.0, 1.0);
    const double factor = kind == Kind::Cosine ? 0.5 * (1.0 + std::cos(std::numbers::pi * progress)) : 1.0 - progress;
    return peak * (minRatio + (1.0 - minRatio) * factor);
}

LrSchedule::Kind LrSchedule::kindFromName(const QString &name)
{
    if (name == QLatin1String("cosine"))
        return Kind::Cosine;
    if (name == QLatin1String("linear"))
        return Kind::Linear;
    if (name == QLatin1String("constant"))
        return Kind::Constant;
    throw UsageError(QStringLiteral("Unknown learning-rate schedule '%1'").arg(name),
                     QStringLiteral("use cosine, linear or constant"));
}

QString LrSchedule::name(Kind kind)
{
    switch (kind) {
    case Kind::Cosine:
        return QStringLiteral("cosine");
    case Kind::Linear:
        return QStringLiteral("linear");
    case Kind::Constant:
        return QStringLiteral("constant");
    }
    return {};
}

} // namespace medtune
