// Train/validation/test assignment: the source's own split when it has one, otherwise a
// deterministic split by seed and ratios keyed on the normalized input text, so that the
// same example lands in the same split on every re-import and duplicates stay together.
#pragma once

#include <QJsonObject>
#include <QString>

namespace medtune {

struct SplitPolicy
{
    quint64 seed = 42;
    double train = 0.8, validation = 0.1, test = 0.1;

    /// Throws UsageError unless the ratios are non-negative and sum to 1 (within 1e-6).
    void validate() const;
    QJsonObject toJson() const;
    static SplitPolicy fromJson(const QJsonObject &o);
};

/// The split for an example keyed by key. When the source has an official test split the
/// remaining examples go to train/validation only, in the ratio train:validation.
QString deterministicSplit(quint64 key, const SplitPolicy &policy, bool officialTestExists);
/// "train", "validation" or "test" when a file name says so (train.json, dev.jsonl,
/// *_validation.xml, test_...), else empty.
QString splitFromFileName(const QString &path);

} // namespace medtune
