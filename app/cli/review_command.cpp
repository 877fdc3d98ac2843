// medtune-cli review: import outputs produced elsewhere into a review session, record
// judgments headless, list sessions and print the session's statistics.
#include "cli/commands.h"
#include "cli/review_team_command.h"
#include "review/generation_job.h"
#include "review/output_import.h"
#include "review/review_analysis.h"
#include "review/review_database.h"
#include "review/review_store.h"
#include "util/column_mapping.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <atomic>
#include <cmath>
#include <csignal>

namespace medtune::cli {
namespace {

QString num(double v, int decimals = 3)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("n/a");
}

int importOutputsAction(CommandLine &cl, ReviewStore &store, const QStringList &files)
{
    if (files.isEmpty())
        throw UsageError(QStringLiteral("review import-outputs needs a FILE (JSONL or CSV)"));
    OutputImportOptions options;
    options.session = cl.value(QStringLiteral("session"));
    options.system = cl.value(QStringLiteral("system"));
    if (cl.isSet(QStringLiteral("task")))
        options.task = cl.value(QStringLiteral("task"));
    options.mapping = parseColumnMapping(cl.parser().values(QStringLiteral("map")), outputImportFields());
    options.blind = !cl.isSet(QStringLiteral("open"));
    if (cl.isSet(QStringLiteral("seed")))
        options.seed = cl.intValue(QStringLiteral("seed"), 0, 2147483647);
    QJsonArray results;
    for (const QString &file : files) {
        options.path = file;
        const OutputImportResult r = importOutputs(store, options);
        // Later files extend the session the first one created.
        options.session = r.sessionName;
        if (cl.json()) {
            results.append(QJsonObject { { QStringLiteral("file"), file },
                                         { QStringLiteral("session"), r.sessionName },
                                         { QStringLiteral("created_session"), r.createdSession },
                                         { QStringLiteral("records"), r.records },
                                         { QStringLiteral("imported"), r.imported },
                                         { QStringLiteral("skipped"), r.skipped },
                                         { QStringLiteral("systems"), QJsonArray::fromStringList(r.systems) },
                                         { QStringLiteral("problems"), QJsonArray::fromStringList(r.problems) } });
            continue;
        }
        cl.out() << file << ": " << r.imported << " of " << r.records << " records imported into session '"
                 << r.sessionName << "'" << (r.createdSession ? " (new)" : "")
                 << ", systems: " << r.systems.join(QStringLiteral(", ")) << '\n';
        if (r.skipped > 0) {
            cl.out() << "  skipped " << r.skipped << ":\n";
            for (const QString &p : r.problems)
                cl.out() << "    " << p << '\n';
        }
    }
    if (cl.json())
        cl.printJson(QJsonDocument(results));
    return Ok;
}

std::atomic_bool g_generateInterrupted { false };

double doubleOption(CommandLine &cl, const QString &name)
{
    bool ok = false;
    const double v = cl.value(name).toDouble(&ok);
    if (!ok)
        throw UsageError(QStringLiteral("--%1 expects a number, got '%2'").arg(name, cl.value(name)));
    return v;
}

int generateAction(CommandLine &cl)
{
    GenerationJobSpec spec;
    if (!cl.isSet(QStringLiteral("model")))
        throw UsageError(QStringLiteral("review generate needs --model DIR"));
    spec.modelDir = cl.value(QStringLiteral("model"));
    const QStringList adapters = cl.parser().values(QStringLiteral("adapter"));
    const QStringList names = cl.parser().values(QStringLiteral("system"));
    if (names.size() > adapters.size())
        throw UsageError(
            QStringLiteral("%1 --system names for %2 --adapter folders").arg(names.size()).arg(adapters.size()),
            QStringLiteral("the i-th --system names the i-th --adapter"));
    if (!cl.isSet(QStringLiteral("no-base")))
        spec.systems.push_back({ cl.value(QStringLiteral("base-name")), QString() });
    for (qsizetype i = 0; i < adapters.size(); ++i)
        spec.systems.push_back({ i < names.size() ? names[i] : QFileInfo(adapters[i]).fileName(), adapters[i] });
    spec.datasets = cl.parser().values(QStringLiteral("dataset"));
    if (cl.isSet(QStringLiteral("split")))
        spec.split = cl.value(QStringLiteral("split"));
    if (cl.isSet(QStringLiteral("limit")))
        spec.limit = cl.intValue(QStringLiteral("limit"), 1, 1 << 30);
    if (cl.isSet(QStringLiteral("per-source")))
        spec.perSource = cl.intValue(QStringLiteral("per-source"), 1, 1 << 30);
    if (cl.isSet(QStringLiteral("seed")))
        spec.seed = quint64(cl.intValue(QStringLiteral("seed"), 0, 2147483647));
    spec.session = cl.value(QStringLiteral("session"));
    spec.blind = !cl.isSet(QStringLiteral("open"));
    if (cl.isSet(QStringLiteral("template")))
        spec.templateName = cl.value(QStringLiteral("template"));
    if (cl.isSet(QStringLiteral("max-tokens")))
        spec.maxTokens = cl.intValue(QStringLiteral("max-tokens"), 16, 1 << 20);
    if (cl.isSet(QStringLiteral("batch-size")))
        spec.batchSize = cl.intValue(QStringLiteral("batch-size"), 1, 1024);
    spec.device = cl.value(QStringLiteral("device"));
    spec.dtype = cl.value(QStringLiteral("weights"));
    spec.referenceLoss = !cl.isSet(QStringLiteral("no-reference-loss"));
    const bool sampling = cl.isSet(QStringLiteral("temperature")) || cl.isSet(QStringLiteral("top-k"))
        || cl.isSet(QStringLiteral("top-p"));
    if (sampling && cl.isSet(QStringLiteral("greedy")))
        throw UsageError(QStringLiteral("--greedy cannot be combined with --temperature, --top-k or --top-p"));
    spec.sampling.greedy = !sampling;
    if (cl.isSet(QStringLiteral("temperature")))
        spec.sampling.temperature = doubleOption(cl, QStringLiteral("temperature"));
    if (cl.isSet(QStringLiteral("top-k")))
        spec.sampling.topK = cl.intValue(QStringLiteral("top-k"), 0, 1 << 20);
    if (cl.isSet(QStringLiteral("top-p")))
        spec.sampling.topP = doubleOption(cl, QStringLiteral("top-p"));
    if (cl.isSet(QStringLiteral("repetition-penalty")))
        spec.sampling.repetitionPenalty = doubleOption(cl, QStringLiteral("repetition-penalty"));
    if (cl.isSet(QStringLiteral("max-new-tokens")))
        spec.sampling.maxNewTokens = cl.intValue(QStringLiteral("max-new-tokens"), 1, 1 << 20);
    spec.sampling.stopStrings = cl.parser().values(QStringLiteral("stop"));
    spec.validate();

    GenerationJob job(cl.workspace(), spec);
    if (!cl.reviewServerUrl().isEmpty())
        job.setReviewDatabase(&cl.reviewDatabase());
    QMutex mutex;
    QString failure;
    bool cancelled = false;
    QTextStream &err = cl.err();
    const bool quiet = cl.json();
    // Direct connections: the handlers run on the job's thread while this one waits.
    QObject::connect(
        &job, &BackgroundJob::progress, &job,
        [&](qint64 done, qint64 total, const QString &message) {
            if (quiet)
                return;
            QMutexLocker lock(&mutex);
            err << (total > 0 ? QStringLiteral("[%1/%2] ").arg(done).arg(total) : QString()) << message << '\n';
            err.flush();
        },
        Qt::DirectConnection);
    QObject::connect(
        &job, &BackgroundJob::failed, &job,
        [&](const QString &message) {
            QMutexLocker lock(&mutex);
            failure = message;
        },
        Qt::DirectConnection);
    QObject::connect(
        &job, &BackgroundJob::cancelled, &job,
        [&] {
            QMutexLocker lock(&mutex);
            cancelled = true;
        },
        Qt::DirectConnection);
    g_generateInterrupted = false;
    auto previous = std::signal(SIGINT, [](int) { g_generateInterrupted = true; });
    job.start();
    while (!job.wait(200))
        if (g_generateInterrupted && !job.isCancelRequested())
            job.requestCancel();
    std::signal(SIGINT, previous);

    const GenerationJobResult r = job.result();
    if (!failure.isEmpty())
        throw Error(failure);
    QJsonObject json = r.toJson();
    json.insert(QStringLiteral("cancelled"), cancelled);
    if (cl.json()) {
        cl.printJson(QJsonDocument(json));
    } else {
        cl.out() << (cancelled ? "Cancelled; kept the outputs stored so far in session '"
                               : "Stored outputs in session '")
                 << r.sessionName << "' (" << r.items << " items)\n";
        for (auto it = r.outputsPerSystem.begin(); it != r.outputsPerSystem.end(); ++it)
            cl.out()
                << "  " << it.key().leftJustified(18) << it.value().toInt() << " outputs"
                << (r.adapterHashes.contains(it.key())
                        ? QStringLiteral(", adapter sha256 %1").arg(r.adapterHashes.value(it.key()).toString().left(16))
                        : QString())
                << '\n';
        cl.out() << "  model sha256 " << r.modelHash << '\n';
        for (auto it = r.skipped.begin(); it != r.skipped.end(); ++it)
            cl.out() << "  skipped " << it.value().toInt() << ": " << it.key() << '\n';
    }
    return cancelled ? RuntimeError : Ok;
}

int statsAction(CommandLine &cl, ReviewStore &store)
{
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    const ReviewAnalysis a = analyzeSession(store, s.id);
    if (cl.json()) {
        cl.printJson(QJsonDocument(a.toJson()));
        return Ok;
    }
    QTextStream &out = cl.out();
    out << "Session " << s.name << " (" << s.task << ", " << (s.blind ? "blind" : "open") << ", rubric "
        << a.rubric.name << " v" << a.rubric.version << "): " << a.items << " items\n";
    out << "\nReviewers\n";
    if (a.reviewers.empty())
        out << "  none yet\n";
    for (const Reviewer &r : a.reviewers) {
        const ReviewProgress p = a.progress.at(r.id);
        out << "  " << r.name.leftJustified(16) << p.submitted << "/" << p.total << " submitted, " << p.skipped
            << " skipped, " << p.flagged << " flagged\n";
    }
    out << "\nAutomatic metrics\n  " << QStringLiteral("system").leftJustified(18)
        << "n    ROUGE-1 ROUGE-2 ROUGE-L tokF1   EM      decAcc  decF1   letAcc  refLoss\n";
    for (const SystemMetrics &m : a.metrics) {
        auto mean = [&m](const char *k) {
            return m.means.contains(QString::fromLatin1(k)) ? num(m.means.value(QString::fromLatin1(k)).toDouble())
                                                            : QStringLiteral("n/a");
        };
        out << "  " << m.system.leftJustified(18) << QString::number(m.outputs).leftJustified(5)
            << mean("rouge1").leftJustified(8) << mean("rouge2").leftJustified(8) << mean("rougeL").leftJustified(8)
            << mean("token_f1").leftJustified(8) << mean("exact_match").leftJustified(8)
            << (m.decisionCount ? num(m.decisionAccuracy) : QStringLiteral("n/a")).leftJustified(8)
            << (m.decisionCount ? num(m.decisionMacroF1) : QStringLiteral("n/a")).leftJustified(8)
            << (m.letterCount ? num(m.letterAccuracy) : QStringLiteral("n/a")).leftJustified(8)
            << mean("reference_loss") << '\n';
    }
    out << "\nMean ratings (1-based scale position)\n";
    for (const CriterionDistribution &d : a.distributions)
        if (d.n > 0 && std::isfinite(d.meanPosition))
            out << "  " << d.criterion.leftJustified(18) << d.system.leftJustified(18) << num(d.meanPosition, 2)
                << " (n=" << d.n << ")\n";
    out << "\nAgreement\n";
    for (const CriterionAgreement &g : a.agreement)
        if (g.units > 0)
            out << "  " << g.criterion.leftJustified(18) << "units " << QString::number(g.units).leftJustified(5)
                << "kappa " << num(g.kappa).leftJustified(8) << "alpha(" << g.alphaMetric << ") " << num(g.alpha)
                << '\n';
    if (!a.winRates.empty()) {
        out << "\nPreference\n";
        for (const WinRate &w : a.winRates)
            out << "  " << w.systemA << " vs " << w.systemB << ": " << w.winsA << "-" << w.winsB << " (" << w.ties
                << " ties), win rate " << num(w.rateA) << " [95% " << num(w.low) << ", " << num(w.high) << "]\n";
    }
    if (!a.disagreed.empty()) {
        out << "\nMost disagreed items\n";
        for (const DisagreedItem &d : a.disagreed)
            out << "  " << d.externalId.leftJustified(16) << num(d.score, 2) << "  "
                << d.details.join(QStringLiteral("; ")) << '\n';
    }
    return Ok;
}

int addJudgmentAction(CommandLine &cl, ReviewStore &store)
{
    for (const char *required : { "reviewer", "item", "criterion", "value" })
        if (!cl.isSet(QString::fromLatin1(required)) && !(store.isServer() && !qstrcmp(required, "reviewer")))
            throw UsageError(QStringLiteral("review add-judgment needs --%1").arg(QString::fromLatin1(required)));
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    const Rubric rubric = store.rubric(s.rubricId);
    const QString criterionId = cl.value(QStringLiteral("criterion"));
    const RubricCriterion *c = rubric.criterion(criterionId);
    if (!c) {
        QStringList ids;
        for (const RubricCriterion &x : rubric.criteria)
            ids << x.id;
        throw UsageError(QStringLiteral("Rubric %1 has no criterion '%2'").arg(rubric.name, criterionId),
                         QStringLiteral("criteria: %1").arg(ids.join(QStringLiteral(", "))));
    }
    const QString value = cl.value(QStringLiteral("value"));
    if (c->kind == RubricCriterion::Kind::Choice && c->optionIndex(value) < 0) {
        QStringList values;
        for (const RubricOption &o : c->options)
            values << o.value;
        throw UsageError(QStringLiteral("'%1' is not a value of %2").arg(value, criterionId),
                         QStringLiteral("values: %1").arg(values.join(QStringLiteral(", "))));
    }
    const QString itemId = cl.value(QStringLiteral("item"));
    const std::vector<ReviewItem> items = store.items(s.id);
    const auto it
        = std::find_if(items.begin(), items.end(), [&itemId](const ReviewItem &x) { return x.externalId == itemId; });
    if (it == items.end())
        throw Error(QStringLiteral("Session %1 has no item '%2'").arg(s.name, itemId));
    qint64 outputId = 0;
    if (c->scope == RubricCriterion::Scope::Output) {
        const QString system = cl.value(QStringLiteral("system"));
        if (system.isEmpty())
            throw UsageError(QStringLiteral("%1 is judged per output: name it with --system").arg(criterionId));
        for (const ReviewOutput &o : it->outputs)
            if (o.systemName == system)
                outputId = o.id;
        // A or B: the first or second output as shown (a server hides blind systems from a
        // reviewer until the item is submitted).
        if (outputId == 0 && it->outputs.size() == 2 && (system == QLatin1String("A") || system == QLatin1String("B")))
            outputId = it->outputs[system == QLatin1String("A") ? 0 : 1].id;
        if (outputId == 0)
            throw Error(QStringLiteral("Item %1 has no output of system '%2'").arg(itemId, system));
    }
    // On a server the reviewer is the login role unless named (naming another is refused).
    const qint64 reviewer = store.ensureReviewer(
        cl.isSet(QStringLiteral("reviewer")) ? cl.value(QStringLiteral("reviewer")) : store.database().userName());
    store.setJudgment(it->id, outputId, reviewer, criterionId, value);
    if (cl.isSet(QStringLiteral("submit")))
        store.setSubmitted(it->id, reviewer, true);
    if (!cl.json())
        cl.out() << "Saved " << criterionId << " = " << value << " for item " << itemId << '\n';
    return Ok;
}

int sessionsAction(CommandLine &cl, ReviewStore &store)
{
    QJsonArray all;
    for (const ReviewSession &s : store.sessions()) {
        const int items = int(store.items(s.id).size());
        if (cl.json()) {
            all.append(QJsonObject { { QStringLiteral("id"), s.id },
                                     { QStringLiteral("name"), s.name },
                                     { QStringLiteral("task"), s.task },
                                     { QStringLiteral("blind"), s.blind },
                                     { QStringLiteral("items"), items },
                                     { QStringLiteral("created_at"), s.createdAt } });
        } else {
            cl.out() << QString::number(s.id).leftJustified(5) << s.name.leftJustified(28) << s.task.leftJustified(10)
                     << QString::number(items).leftJustified(7) << s.createdAt << '\n';
        }
    }
    if (cl.json())
        cl.printJson(QJsonDocument(all));
    return Ok;
}

} // namespace

int runReview(CommandLine &cl)
{
    QCommandLineParser &p = cl.parser();
    p.addOption({ QStringLiteral("session"),
                  QStringLiteral("Review session name or id (default: the latest; import: the file's name; generate: "
                                 "'Generated DATE TIME')."),
                  QStringLiteral("S") });
    p.addOption({ QStringLiteral("system"),
                  QStringLiteral("import-outputs: system name for every record; add-judgment: the judged output's "
                                 "system (or A/B: the first or second output as shown); generate: the name of the "
                                 "matching --adapter (repeatable)."),
                  QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("map"),
                  QStringLiteral("import-outputs: field=column (fields: %1); repeatable.")
                      .arg(outputImportFields().join(QStringLiteral(", "))),
                  QStringLiteral("field=column") });
    p.addOption({ QStringLiteral("task"),
                  QStringLiteral("import-outputs: auto, summary, qa, pubmedqa or medmcqa (default auto)."),
                  QStringLiteral("T") });
    p.addOption({ QStringLiteral("open"),
                  QStringLiteral("import-outputs, generate: a new session shows system names (default: blind).") });
    p.addOption({ QStringLiteral("seed"),
                  QStringLiteral("import-outputs: seed of a new session's blind randomisation; generate: also the "
                                 "sample's and sampling's seed (default 1234)."),
                  QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("model"),
          QStringLiteral("generate: Hugging Face model folder (config.json, model.safetensors, tokenizer.model)."),
          QStringLiteral("DIR") });
    p.addOption({ QStringLiteral("adapter"),
                  QStringLiteral("generate: PEFT adapter folder, one system each; repeatable."),
                  QStringLiteral("DIR") });
    p.addOption({ QStringLiteral("base-name"),
                  QStringLiteral("generate: system name of the base model (default base)."), QStringLiteral("NAME"),
                  QStringLiteral("base") });
    p.addOption({ QStringLiteral("no-base"), QStringLiteral("generate: only the adapters, not the base model.") });
    p.addOption({ QStringLiteral("dataset"), QStringLiteral("generate: workspace dataset name or id; repeatable."),
                  QStringLiteral("D") });
    p.addOption({ QStringLiteral("split"), QStringLiteral("generate: train, validation or test (default test)."),
                  QStringLiteral("SPLIT") });
    p.addOption({ QStringLiteral("limit"), QStringLiteral("generate: a sample of N items, stratified by source."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("per-source"), QStringLiteral("generate: a sample of N items from each source."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("template"), QStringLiteral("generate: instruction template (default 'default')."),
                  QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("max-tokens"),
                  QStringLiteral("generate: tokens of prompt + reference; longer documents or contexts are cut "
                                 "(default: the model's positions, at most 1024)."),
                  QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("greedy"), QStringLiteral("generate: always take the most likely token (the default).") });
    p.addOption({ QStringLiteral("temperature"), QStringLiteral("generate: sample with this temperature."),
                  QStringLiteral("T") });
    p.addOption({ QStringLiteral("top-k"), QStringLiteral("generate: sample among the K most likely tokens."),
                  QStringLiteral("K") });
    p.addOption({ QStringLiteral("top-p"),
                  QStringLiteral("generate: sample from the smallest set with this probability mass."),
                  QStringLiteral("P") });
    p.addOption({ QStringLiteral("repetition-penalty"),
                  QStringLiteral("generate: penalty (>1) for tokens already present."), QStringLiteral("R") });
    p.addOption({ QStringLiteral("max-new-tokens"), QStringLiteral("generate: most tokens per output (default 128)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("stop"), QStringLiteral("generate: stop before this text; repeatable."),
                  QStringLiteral("TEXT") });
    p.addOption({ QStringLiteral("batch-size"), QStringLiteral("generate: prompts decoded together (default 4)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("device"), QStringLiteral("generate: cpu (default) or cuda[:N]."),
                  QStringLiteral("NAME"), QStringLiteral("cpu") });
    p.addOption({ QStringLiteral("weights"), QStringLiteral("generate: weight type auto, bfloat16 or float32."),
                  QStringLiteral("TYPE"), QStringLiteral("auto") });
    p.addOption(
        { QStringLiteral("no-reference-loss"), QStringLiteral("generate: skip the reference's answer-only loss.") });
    p.addOption({ QStringLiteral("reviewer"), QStringLiteral("add-judgment: reviewer name or initials."),
                  QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("item"), QStringLiteral("add-judgment: the item's id."), QStringLiteral("ID") });
    p.addOption(
        { QStringLiteral("criterion"), QStringLiteral("add-judgment: rubric criterion id."), QStringLiteral("C") });
    p.addOption({ QStringLiteral("value"),
                  QStringLiteral("add-judgment: the value (preference: A, B or tie as stored, A = first system)."),
                  QStringLiteral("V") });
    p.addOption({ QStringLiteral("submit"), QStringLiteral("add-judgment: also mark the item submitted.") });
    cl.addJsonOption();
    if (!cl.parse(
            QStringLiteral(
                "Clinician review sessions.\n\n"
                "Actions:\n"
                "  import-outputs FILE...  import JSONL/CSV outputs (id, source, reference, output, system)\n"
                "  stats                   metrics, ratings, agreement and preference of a session\n"
                "  add-judgment            record one judgment headless\n"
                "  sessions                list the review sessions\n"
                "  generate                generate outputs of the base model and adapters over a test split\n"
                "                          or a stratified sample of it: --model DIR [--adapter DIR --system NAME]...\n"
                "                          --dataset D... [--limit N | --per-source N] [--seed S]")
                + reviewTeamActionsHelp(),
            QStringLiteral("ACTION [FILE...]")))
        return cl.exitCode();
    QStringList args = cl.positional();
    if (args.isEmpty())
        throw UsageError(
            QStringLiteral("review needs an action: import-outputs, generate, stats, add-judgment or sessions"));
    const QString action = args.takeFirst();
    if (isReviewTeamAction(action))
        return runReviewTeamAction(cl, action, args);
    ReviewStore store(cl.reviewDatabase());
    if (action == QLatin1String("import-outputs"))
        return importOutputsAction(cl, store, args);
    if (action == QLatin1String("stats"))
        return statsAction(cl, store);
    if (action == QLatin1String("add-judgment"))
        return addJudgmentAction(cl, store);
    if (action == QLatin1String("sessions"))
        return sessionsAction(cl, store);
    if (action == QLatin1String("generate"))
        return generateAction(cl);
    throw UsageError(QStringLiteral("Unknown review action '%1'").arg(action),
                     QStringLiteral("actions: import-outputs, generate, stats, add-judgment, sessions"));
}

} // namespace medtune::cli
