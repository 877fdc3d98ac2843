// The tokenized train, validation and test sequences of a run, built from the workspace's
// datasets by the data spec of a TrainingSpec:
//   { "datasets": [ { "id": 1, "weight": 1.0, "cap": -1 }, ... ],
//     "template": "default", "max_tokens": 512, "cut": "tail" }
// Validation and test come from the same datasets' validation and test splits.
#pragma once

#include "text/labelled_sequence.h"

#include <QJsonObject>
#include <functional>
#include <memory>

namespace medtune {

class Tokenizer;
class Workspace;

struct TrainingData
{
    std::vector<LabelledSequence> train, validation, test;
    QJsonObject summary; ///< counts per split and source, skipped and truncated examples, tokens
};

/// The data spec with every default written out (template, max_tokens, cut, each dataset's
/// weight and cap), so a stored run names exactly what it was trained on.
QJsonObject effectiveDataSpec(const QJsonObject &spec);

/// Throws Error when the spec names no dataset or a dataset is missing; progress(done, total, message).
TrainingData buildTrainingData(Workspace &workspace, std::shared_ptr<const Tokenizer> tokenizer,
                               const QJsonObject &spec, quint64 seed,
                               const std::function<void(qint64, qint64, const QString &)> &progress = {});

} // namespace medtune
