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
/// What a file name says about its split: the split ("train", "validation", "test" or
/// empty), the word of the name that said so, and why (for the import report).
struct FileNameSplit
{
    QString split;
    QString word; ///< e.g. "TrainingSet1", "TestSet", "dev"
    QString reason; ///< a sentence for the import report
};
/// Split words are whole words of the name, also glued to "Set"/"set"/"split" and numbered:
/// train, training, dev, devel, development, val, valid, validation, test, testing
/// (train.json, dev.jsonl, X_validation.xml, MEDIQA2019-Task3-QA-TrainingSet1-LiveQAMed.xml,
/// MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv). A name with words of two different splits
/// gives no split (and says so).
FileNameSplit fileNameSplit(const QString &path);
/// fileNameSplit(path).split.
QString splitFromFileName(const QString &path);
/// "train", "validation" or "test" for a user's spelling of a split (also dev, val, valid,
/// testing, training); empty when it is none of them.
QString parseSplitName(const QString &name);

} // namespace medtune
