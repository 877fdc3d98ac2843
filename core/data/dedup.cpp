#include "data/dedup.h"

#include <QHash>
#include <QJsonArray>

namespace medtune {

bool DuplicateGroup::crossSplit() const
{
    for (const Member &m : members)
        if (m.split != members.first().split)
            return true;
    return false;
}

QJsonObject DuplicateReport::toJson() const
{
    QJsonArray groupsJson;
    for (const DuplicateGroup &g : sample) {
        QJsonArray m;
        for (const auto &x : g.members)
            m.append(QJsonObject { { QStringLiteral("dataset"), x.datasetId },
                                   { QStringLiteral("index"), x.index },
                                   { QStringLiteral("split"), x.split } });
        groupsJson.append(
            QJsonObject { { QStringLiteral("hash"), QString::number(g.hash, 16) }, { QStringLiteral("members"), m } });
    }
    return { { QStringLiteral("examples_scanned"), examplesScanned },
             { QStringLiteral("groups"), groups },
             { QStringLiteral("cross_dataset"), crossDataset },
             { QStringLiteral("cross_split"), crossSplit },
             { QStringLiteral("sample"), groupsJson } };
}

DuplicateReport findDuplicates(const DatasetStore &store, const QList<DatasetInfo> &datasets)
{
    DuplicateReport report;
    QHash<quint64, DuplicateGroup> byHash;
    for (const DatasetInfo &d : datasets) {
        const auto file = store.open(d);
        for (qint64 i = 0; i < file->size(); ++i) {
            const IndexEntry &e = file->entry(i);
            DuplicateGroup &g = byHash[e.inputHash];
            g.hash = e.inputHash;
            g.members.append({ d.id, i, split::name(e.split) });
            ++report.examplesScanned;
        }
    }
    QList<quint64> keys = byHash.keys();
    std::sort(keys.begin(), keys.end());
    for (quint64 k : keys) {
        const DuplicateGroup &g = byHash[k];
        if (g.members.size() < 2)
            continue;
        ++report.groups;
        bool multiDataset = false;
        for (const auto &m : g.members)
            multiDataset |= m.datasetId != g.members.first().datasetId;
        report.crossDataset += multiDataset ? 1 : 0;
        report.crossSplit += g.crossSplit() ? 1 : 0;
        if (report.sample.size() < 100)
            report.sample << g;
    }
    return report;
}

} // namespace medtune
