// One training set drawn from several datasets with per-source weights or caps,
// deterministic by seed, that never lets a text held out in another split leak in.
#pragma once

#include "data/dataset_store.h"

#include <QList>
#include <QMap>

namespace medtune {

struct MixtureComponent
{
    qint64 datasetId = 0;
    double weight = 1.0; ///< multiplier on the dataset's examples of the split: 0.5 takes half, 2 repeats each twice
    qint64 cap = -1; ///< at most this many examples from the dataset (-1: no cap)
};

struct ExampleRef
{
    qint64 datasetId;
    qint64 index;
    bool operator==(const ExampleRef &) const = default;
};

struct Mixture
{
    QList<ExampleRef> examples; ///< in training order (shuffled by seed)
    QMap<qint64, qint64> perDataset; ///< dataset id -> examples taken (with repeats)
    qint64 droppedAsLeak = 0; ///< texts that also occur in another split
    qint64 droppedAsDuplicate = 0; ///< texts already taken from an earlier component
    qint64 droppedUnlabelled = 0;
};

/// Builds the mixture of split (usually "train") from the components.
Mixture buildMixture(const DatasetStore &store, const QList<MixtureComponent> &components, const QString &split,
                     quint64 seed);

} // namespace medtune
