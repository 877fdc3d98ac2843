#include "data/mixture.h"

#include "util/error.h"

#include <QSet>
#include <algorithm>
#include <cmath>
#include <random>

namespace medtune {

Mixture buildMixture(const DatasetStore &store, const QList<MixtureComponent> &components, const QString &splitName,
                     quint64 seed)
{
    const quint8 wanted = split::code(splitName);
    if (wanted == 255)
        throw UsageError(QStringLiteral("Unknown split '%1'").arg(splitName),
                         QStringLiteral("use train, validation or test"));
    // Texts that sit in any other split of any component: never train on them.
    QSet<quint64> heldOut;
    std::vector<std::unique_ptr<DatasetFile>> files;
    for (const MixtureComponent &c : components) {
        if (c.weight < 0)
            throw UsageError(QStringLiteral("A mixture weight must not be negative"));
        const auto info = store.byId(c.datasetId);
        if (!info)
            throw UsageError(QStringLiteral("No dataset with id %1").arg(c.datasetId));
        files.push_back(store.open(*info));
        const DatasetFile &f = *files.back();
        for (qint64 i = 0; i < f.size(); ++i)
            if (f.entry(i).split != wanted)
                heldOut.insert(f.entry(i).inputHash);
    }
    Mixture m;
    QSet<quint64> taken;
    std::mt19937_64 rng(seed);
    for (qsizetype ci = 0; ci < components.size(); ++ci) {
        const MixtureComponent &c = components[ci];
        const DatasetFile &f = *files[size_t(ci)];
        std::vector<qint64> pool;
        for (qint64 i = 0; i < f.size(); ++i) {
            const IndexEntry &e = f.entry(i);
            if (e.split != wanted)
                continue;
            if (!e.labelled) {
                ++m.droppedUnlabelled;
                continue;
            }
            if (heldOut.contains(e.inputHash)) {
                ++m.droppedAsLeak;
                continue;
            }
            if (taken.contains(e.inputHash)) {
                ++m.droppedAsDuplicate;
                continue;
            }
            pool.push_back(i);
        }
        std::shuffle(pool.begin(), pool.end(), rng);
        qint64 count = qint64(std::llround(c.weight * double(pool.size())));
        if (c.cap >= 0)
            count = std::min(count, c.cap);
        // Only what is actually taken blocks later components' copies of the same text.
        for (qint64 k = 0; k < std::min<qint64>(count, qint64(pool.size())); ++k)
            taken.insert(f.entry(pool[size_t(k)]).inputHash);
        for (qint64 k = 0; k < count && !pool.empty(); ++k)
            m.examples.append({ c.datasetId, pool[size_t(k % qint64(pool.size()))] });
        m.perDataset[c.datasetId] += pool.empty() ? 0 : count;
    }
    std::shuffle(m.examples.begin(), m.examples.end(), rng);
    return m;
}

} // namespace medtune
