// Duplicates across the workspace's datasets and splits, by normalized input text hash
// (within one dataset the importer already keeps only the first copy).
#pragma once

#include "data/dataset_store.h"

#include <QJsonObject>
#include <QList>

namespace medtune {

struct DuplicateGroup
{
    quint64 hash = 0;
    struct Member
    {
        qint64 datasetId;
        qint64 index;
        QString split;
    };
    QList<Member> members;
    bool crossSplit() const;
};

struct DuplicateReport
{
    qint64 examplesScanned = 0;
    qint64 groups = 0; ///< texts that occur more than once
    qint64 crossDataset = 0; ///< groups spanning two or more datasets
    qint64 crossSplit = 0; ///< groups whose copies sit in different splits (leaks)
    QList<DuplicateGroup> sample; ///< the first 100 groups, for display
    QJsonObject toJson() const;
};

DuplicateReport findDuplicates(const DatasetStore &store, const QList<DatasetInfo> &datasets);

} // namespace medtune
