#include "train/training_data.h"

#include "data/dataset_store.h"
#include "data/mixture.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "text/tokenized_cache.h"
#include "text/tokenizer.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QMap>

namespace medtune {
namespace {

struct OpenDataset
{
    DatasetInfo info;
    std::unique_ptr<DatasetFile> file;
    std::unique_ptr<TokenizedCache> cache;
    QString source; ///< the dataset's source name when it has one format, else read per example
};

} // namespace

QJsonObject effectiveDataSpec(const QJsonObject &spec)
{
    QJsonObject e = spec;
    const LengthPolicy defaults;
    if (!e.contains(QStringLiteral("template")))
        e.insert(QStringLiteral("template"), QStringLiteral("default"));
    if (!e.contains(QStringLiteral("max_tokens")))
        e.insert(QStringLiteral("max_tokens"), defaults.maxTokens);
    if (!e.contains(QStringLiteral("cut")))
        e.insert(QStringLiteral("cut"), LengthPolicy::cutName(defaults.cut));
    QJsonArray datasets;
    for (const QJsonValue &v : spec.value(QStringLiteral("datasets")).toArray()) {
        QJsonObject d = v.toObject();
        if (!d.contains(QStringLiteral("weight")))
            d.insert(QStringLiteral("weight"), 1.0);
        if (!d.contains(QStringLiteral("cap")))
            d.insert(QStringLiteral("cap"), -1);
        datasets.append(d);
    }
    e.insert(QStringLiteral("datasets"), datasets);
    return e;
}

TrainingData buildTrainingData(Workspace &workspace, std::shared_ptr<const Tokenizer> tokenizer,
                               const QJsonObject &requested, quint64 seed,
                               const std::function<void(qint64, qint64, const QString &)> &progress)
{
    const QJsonObject spec = effectiveDataSpec(requested);
    const QJsonArray datasets = spec.value(QStringLiteral("datasets")).toArray();
    if (datasets.isEmpty())
        throw UsageError(QStringLiteral("The training data names no dataset"),
                         QStringLiteral("choose at least one imported dataset ('medtune-cli datasets' lists them)"));
    DatasetStore store(workspace);
    const InstructionTemplate templ
        = TemplateStore(workspace).resolve(spec.value(QStringLiteral("template")).toString());
    LengthPolicy policy;
    policy.maxTokens = spec.value(QStringLiteral("max_tokens")).toInt();
    policy.cut = LengthPolicy::parseCut(spec.value(QStringLiteral("cut")).toString());
    if (policy.maxTokens < 16)
        throw UsageError(QStringLiteral("A maximum length of %1 tokens is too short").arg(policy.maxTokens));
    const PromptFormatter formatter(templ, tokenizer, policy);

    QList<MixtureComponent> components;
    std::map<qint64, OpenDataset> open;
    qint64 step = 0;
    for (const QJsonValue &v : datasets) {
        const QJsonObject d = v.toObject();
        const QString ref = d.contains(QStringLiteral("id"))
            ? QString::number(d.value(QStringLiteral("id")).toInteger())
            : d.value(QStringLiteral("name")).toString();
        OpenDataset od;
        od.info = store.resolve(ref);
        MixtureComponent c;
        c.datasetId = od.info.id;
        c.weight = d.value(QStringLiteral("weight")).toDouble(1.0);
        c.cap = d.value(QStringLiteral("cap")).toInteger(-1);
        components << c;
        if (open.count(od.info.id))
            continue;
        od.file = store.open(od.info);
        od.source = od.info.formats.size() == 1 ? od.info.formats.first() : QString();
        const QString name = od.info.name;
        if (progress)
            progress(step, qint64(datasets.size()), QStringLiteral("Tokenizing %1").arg(name));
        od.cache = TokenizedCache::openOrBuild(workspace.cacheDir(), *od.file, od.info.contentHash, formatter, nullptr,
                                               [&](qint64 done, qint64 total) {
                                                   if (progress)
                                                       progress(done, total, QStringLiteral("Tokenizing %1").arg(name));
                                                   return true;
                                               });
        open.emplace(od.info.id, std::move(od));
        ++step;
    }

    QMap<QString, qint64> skipped;
    qint64 truncated = 0, tokens = 0;
    QMap<QString, QMap<QString, qint64>> perSplitSource;
    auto take = [&](OpenDataset &od, qint64 index, const QString &splitName, std::vector<LabelledSequence> &out) {
        const TokenizedCache::Record rec = od.cache->record(index);
        if (rec.skip != FormatSkip::None) {
            ++skipped[formatSkipText(rec.skip, policy.maxTokens)];
            return;
        }
        LabelledSequence s;
        s.ids.assign(rec.ids.begin(), rec.ids.end());
        s.labels.resize(s.ids.size());
        for (size_t t = 0; t < s.ids.size(); ++t)
            s.labels[t] = int(t) < rec.promptLength ? kIgnoreLabel : s.ids[t];
        s.task = taskName(TaskKind(od.file->entry(index).task));
        s.source = od.source.isEmpty() ? od.file->at(index).source : od.source;
        truncated += rec.cutTokens > 0;
        tokens += qint64(s.ids.size());
        ++perSplitSource[splitName][s.source];
        out.push_back(std::move(s));
    };

    TrainingData data;
    const Mixture mixture = buildMixture(store, components, split::train(), seed);
    data.train.reserve(size_t(mixture.examples.size()));
    for (const ExampleRef &r : mixture.examples)
        take(open.at(r.datasetId), r.index, split::train(), data.train);
    for (auto &[id, od] : open) {
        for (qint64 i = 0; i < od.file->size(); ++i) {
            const IndexEntry &e = od.file->entry(i);
            if (!e.labelled)
                continue;
            if (e.split == split::code(split::validation()))
                take(od, i, split::validation(), data.validation);
            else if (e.split == split::code(split::test()))
                take(od, i, split::test(), data.test);
        }
    }
    if (data.train.empty()) {
        QStringList reasons;
        for (auto it = skipped.begin(); it != skipped.end(); ++it)
            reasons << QStringLiteral("%1 skipped: %2").arg(it.value()).arg(it.key());
        reasons << QStringLiteral("%1 in the mixture").arg(mixture.examples.size());
        throw Error(QStringLiteral("None of the chosen datasets has a usable training example (%1)")
                        .arg(reasons.join(QStringLiteral("; "))),
                    QStringLiteral("check the splits and the maximum length (%1 tokens)").arg(policy.maxTokens));
    }

    QJsonObject skippedJson, bySplit, datasetHashes;
    for (const auto &[id, od] : open)
        datasetHashes[QString::number(id)] = od.info.contentHash;
    for (auto it = skipped.begin(); it != skipped.end(); ++it)
        skippedJson[it.key()] = it.value();
    for (auto it = perSplitSource.begin(); it != perSplitSource.end(); ++it) {
        QJsonObject sources;
        for (auto s = it->begin(); s != it->end(); ++s)
            sources[s.key()] = s.value();
        bySplit[it.key()] = sources;
    }
    data.summary = QJsonObject { { QStringLiteral("train"), qint64(data.train.size()) },
                                 { QStringLiteral("validation"), qint64(data.validation.size()) },
                                 { QStringLiteral("test"), qint64(data.test.size()) },
                                 { QStringLiteral("by_split_and_source"), bySplit },
                                 { QStringLiteral("skipped"), skippedJson },
                                 { QStringLiteral("truncated"), truncated },
                                 { QStringLiteral("tokens"), tokens },
                                 { QStringLiteral("dropped_as_leak"), mixture.droppedAsLeak },
                                 { QStringLiteral("dropped_as_duplicate"), mixture.droppedAsDuplicate },
                                 { QStringLiteral("template"), templ.name },
                                 { QStringLiteral("max_tokens"), policy.maxTokens },
                                 { QStringLiteral("cut"), LengthPolicy::cutName(policy.cut) },
                                 { QStringLiteral("tokenizer_sha256"), tokenizer->contentHash() },
                                 { QStringLiteral("dataset_sha256"), datasetHashes } };
    return data;
}

} // namespace medtune
