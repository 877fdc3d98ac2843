// medtune-cli runs: list, show and delete the workspace's training runs.
#include "cli/commands.h"
#include "cli/text_table.h"
#include "train/run_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {
namespace {

QJsonObject runJson(const RunRecord &r, bool full, const RunStore &store)
{
    const RunProgress p = store.progress(r.id);
    QJsonObject o { { QStringLiteral("id"), r.id },
                    { QStringLiteral("step"), p.step },
                    { QStringLiteral("last_loss"), p.hasLoss ? QJsonValue(p.loss) : QJsonValue() },
                    { QStringLiteral("name"), r.name },
                    { QStringLiteral("status"), r.status },
                    { QStringLiteral("created_at"), r.createdAt.toString(Qt::ISODate) },
                    { QStringLiteral("started_at"), r.startedAt.toString(Qt::ISODate) },
                    { QStringLiteral("finished_at"), r.finishedAt.toString(Qt::ISODate) },
                    { QStringLiteral("output_dir"), r.outputDir },
                    { QStringLiteral("results"), r.results } };
    if (!r.error.isEmpty())
        o[QStringLiteral("error")] = r.error;
    if (full) {
        o[QStringLiteral("config")] = r.config;
        QJsonObject series;
        for (const QString &split : { QStringLiteral("train"), QStringLiteral("validation"), QStringLiteral("test") }) {
            QJsonObject bySplit;
            for (const QString &name : store.metricNames(r.id, split)) {
                QJsonArray points;
                for (const MetricPoint &p : store.metrics(r.id, split, name))
                    points.append(QJsonArray { p.step, p.value });
                bySplit[name] = points;
            }
            if (!bySplit.isEmpty())
                series[split] = bySplit;
        }
        o[QStringLiteral("metrics")] = series;
        QJsonArray checkpoints;
        for (const CheckpointRecord &c : store.checkpoints(r.id))
            checkpoints.append(QJsonObject { { QStringLiteral("step"), c.step },
                                             { QStringLiteral("kind"), c.kind },
                                             { QStringLiteral("path"), c.path } });
        o[QStringLiteral("checkpoints")] = checkpoints;
    }
    return o;
}

QString number(const QJsonObject &results, const char *key, int decimals)
{
    const QJsonValue v = results.value(QLatin1String(key));
    return v.isDouble() ? QString::number(v.toDouble(), 'f', decimals) : QStringLiteral("-");
}

} // namespace

int runRuns(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("List the training runs, show one (runs show ID) or delete one (runs delete ID)."),
                  QStringLiteral("[show ID | delete ID]")))
        return cl.exitCode();
    RunStore store(cl.workspace());
    const QStringList args = cl.positional();
    if (args.isEmpty()) {
        const QList<RunRecord> runs = store.list();
        if (cl.json()) {
            QJsonArray all;
            for (const RunRecord &r : runs)
                all.append(runJson(r, false, store));
            cl.printJson(QJsonDocument(all));
            return Ok;
        }
        if (runs.isEmpty()) {
            cl.out() << "No runs in " << cl.workspace().root() << ". Start one with 'medtune-cli train'.\n";
            return Ok;
        }
        TextTable table({ { QStringLiteral("ID"), TextTable::Align::Right },
                          { QStringLiteral("NAME") },
                          { QStringLiteral("STATUS") },
                          { QStringLiteral("STEP"), TextTable::Align::Right },
                          { QStringLiteral("LOSS"), TextTable::Align::Right },
                          { QStringLiteral("VAL LOSS"), TextTable::Align::Right },
                          { QStringLiteral("TEST PPL"), TextTable::Align::Right },
                          { QStringLiteral("STARTED") } });
        for (const RunRecord &r : runs) {
            const RunProgress p = store.progress(r.id);
            const int maxSteps
                = r.config.value(QStringLiteral("trainer")).toObject().value(QStringLiteral("max_steps")).toInt();
            const QDateTime started = r.startedAt.isValid() ? r.startedAt : r.createdAt;
            table.addRow({ QString::number(r.id), r.name, r.status,
                           maxSteps > 0 ? QStringLiteral("%1/%2").arg(p.step).arg(maxSteps) : QString::number(p.step),
                           p.hasLoss ? QString::number(p.loss, 'f', 4) : QStringLiteral("-"),
                           number(r.results, "best_validation_loss", 4), number(r.results, "test_perplexity", 2),
                           started.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm")) });
        }
        table.print(cl.out());
        return Ok;
    }
    if (args.size() != 2 || (args[0] != QLatin1String("show") && args[0] != QLatin1String("delete")))
        throw UsageError(QStringLiteral("expected 'runs', 'runs show ID' or 'runs delete ID'"));
    bool ok = false;
    const qint64 id = args[1].toLongLong(&ok);
    if (!ok)
        throw UsageError(QStringLiteral("'%1' is not a run id").arg(args[1]));
    if (args[0] == QLatin1String("delete")) {
        store.remove(id);
        cl.out() << "Deleted run " << id << '\n';
        return Ok;
    }
    const RunRecord r = store.get(id);
    const QJsonObject o = runJson(r, true, store);
    if (cl.json()) {
        cl.printJson(QJsonDocument(o));
        return Ok;
    }
    cl.out() << "Run " << r.id << ": " << r.name << " (" << r.status << ")\n"
             << "  folder:     " << r.outputDir << '\n'
             << "  created:    " << r.createdAt.toString(Qt::ISODate) << '\n';
    if (!r.error.isEmpty())
        cl.out() << "  note:       " << r.error << '\n';
    for (auto it = r.results.begin(); it != r.results.end(); ++it)
        if (!it.value().isObject())
            cl.out() << "  " << (it.key() + u':').leftJustified(28) << it.value().toVariant().toString() << '\n';
    cl.out() << "  checkpoints: " << store.checkpoints(id).size() << "; 'runs show " << id
             << " --json' prints the full configuration and metric series\n";
    return Ok;
}

} // namespace medtune::cli
