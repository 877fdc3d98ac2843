#include "eval/classification_metrics.h"

#include "util/error.h"

namespace medtune {

ClassificationScores classificationScores(const std::vector<QString> &gold, const std::vector<QString> &predicted,
                                          const QStringList &labels)
{
    if (gold.size() != predicted.size())
        throw UsageError(QStringLiteral("classificationScores: %1 gold labels but %2 predictions")
                             .arg(gold.size())
                             .arg(predicted.size()));
    ClassificationScores s;
    s.count = int(gold.size());
    for (size_t i = 0; i < gold.size(); ++i) {
        s.correct += gold[i] == predicted[i];
        s.unparsed += predicted[i].isEmpty();
    }
    s.accuracy = s.count ? double(s.correct) / s.count : 0.0;
    double f1Sum = 0;
    for (const QString &label : labels) {
        int tp = 0, fp = 0, fn = 0;
        for (size_t i = 0; i < gold.size(); ++i) {
            const bool g = gold[i] == label, p = predicted[i] == label;
            tp += g && p;
            fp += !g && p;
            fn += g && !p;
        }
        f1Sum += tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0.0;
    }
    s.macroF1 = labels.isEmpty() ? 0.0 : f1Sum / labels.size();
    return s;
}

} // namespace medtune
