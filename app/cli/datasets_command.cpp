// medtune-cli datasets: the workspace's datasets with their statistics (counts by source,
// task and split, label distributions), duplicates across datasets and splits, and with
// --tokenizer the token-length distributions under a template and length policy.
#include "cli/commands.h"
#include "data/dedup.h"
#include "text/instruction_template.h"
#include "text/tokenized_cache.h"
#include "text/tokenizer.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {
namespace {

QString countsText(const QJsonObject &o)
{
    QStringList parts;
    for (auto it = o.begin(); it != o.end(); ++it)
        parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInteger());
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

} // namespace

int runDatasets(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("tokenizer"), QStringLiteral("Also show token lengths under this tokenizer.model."),
                  QStringLiteral("PATH") });
    p.addOption({ QStringLiteral("template"), QStringLiteral("Template for token lengths (default: default)."),
                  QStringLiteral("T") });
    p.addOption({ QStringLiteral("max-tokens"), QStringLiteral("Maximum sequence length (default 1024)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("cut"),
                  QStringLiteral("What to cut from a long document or context: tail, head or middle."),
                  QStringLiteral("C") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("List the workspace's datasets with statistics.")))
        return cl.exitCode();

    DatasetStore store(cl.workspace());
    const QList<DatasetInfo> all = store.list();
    std::unique_ptr<PromptFormatter> formatter;
    if (cl.isSet(QStringLiteral("tokenizer"))) {
        LengthPolicy policy;
        if (cl.isSet(QStringLiteral("max-tokens")))
            policy.maxTokens = cl.intValue(QStringLiteral("max-tokens"), 8, 1 << 20);
        if (cl.isSet(QStringLiteral("cut")))
            policy.cut = LengthPolicy::parseCut(cl.value(QStringLiteral("cut")));
        const QString name
            = cl.isSet(QStringLiteral("template")) ? cl.value(QStringLiteral("template")) : QStringLiteral("default");
        formatter = std::make_unique<PromptFormatter>(TemplateStore(cl.workspace()).resolve(name),
                                                      Tokenizer::load(cl.value(QStringLiteral("tokenizer"))), policy);
    }
    QJsonArray list;
    for (const DatasetInfo &d : all) {
        QJsonObject o { { QStringLiteral("id"), d.id },
                        { QStringLiteral("name"), d.name },
                        { QStringLiteral("formats"), QJsonArray::fromStringList(d.formats) },
                        { QStringLiteral("examples"), d.exampleCount },
                        { QStringLiteral("content_sha256"), d.contentHash },
                        { QStringLiteral("created_at"), d.createdAt },
                        { QStringLiteral("statistics"), d.stats } };
        if (formatter) {
            auto file = store.open(d);
            const auto cache = TokenizedCache::openOrBuild(cl.workspace().cacheDir(), *file, d.contentHash, *formatter);
            o.insert(QStringLiteral("tokens"), cache->statistics(formatter->policy().maxTokens).toJson());
        }
        list.append(o);
    }
    const DuplicateReport dups = findDuplicates(store, all);
    if (cl.json()) {
        cl.printJson(QJsonDocument(
            QJsonObject { { QStringLiteral("datasets"), list }, { QStringLiteral("duplicates"), dups.toJson() } }));
        return Ok;
    }
    if (all.isEmpty()) {
        cl.out() << "No datasets. Import one with 'medtune-cli import FILE' or 'medtune-cli import --samples'.\n";
        return Ok;
    }
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        const QJsonObject s = o.value(QStringLiteral("statistics")).toObject();
        cl.out() << o.value(QStringLiteral("id")).toInteger() << "  " << o.value(QStringLiteral("name")).toString()
                 << "  [" << o.value(QStringLiteral("formats")).toVariant().toStringList().join(u',') << "]  "
                 << o.value(QStringLiteral("examples")).toInteger() << " examples ("
                 << s.value(QStringLiteral("labelled")).toInteger() << " labelled)\n";
        cl.out() << "    splits: " << countsText(s.value(QStringLiteral("by_split")).toObject())
                 << "; tasks: " << countsText(s.value(QStringLiteral("by_task")).toObject())
                 << "; sources: " << countsText(s.value(QStringLiteral("by_source")).toObject()) << '\n';
        const QJsonObject labels = s.value(QStringLiteral("labels")).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            cl.out() << "    " << it.key() << ": " << countsText(it.value().toObject()) << '\n';
        if (o.contains(QStringLiteral("tokens"))) {
            const QJsonObject t = o.value(QStringLiteral("tokens")).toObject();
            auto dist = [&](const char *k) {
                const QJsonObject d = t.value(QLatin1String(k)).toObject();
                return QStringLiteral("min %1, median %2, p90 %3, max %4")
                    .arg(d.value(QStringLiteral("min")).toInt())
                    .arg(d.value(QStringLiteral("p50")).toInt())
                    .arg(d.value(QStringLiteral("p90")).toInt())
                    .arg(d.value(QStringLiteral("max")).toInt());
            };
            cl.out() << "    prompt tokens: " << dist("prompt_tokens") << "; answer tokens: " << dist("answer_tokens")
                     << '\n'
                     << "    truncated: " << t.value(QStringLiteral("truncated")).toInteger()
                     << "; skipped: " << countsText(t.value(QStringLiteral("skipped")).toObject()) << '\n';
        }
    }
    cl.out() << "Duplicates: " << dups.groups << " texts occur more than once (" << dups.crossDataset
             << " across datasets, " << dups.crossSplit << " across splits)\n";
    return Ok;
}

} // namespace medtune::cli
