// medtune-cli review: import outputs produced elsewhere into a review session, record
// judgments headless, list sessions and print the session's statistics.
#include "cli/commands.h"
#include "util/column_mapping.h"

#include "review/output_import.h"
#include "review/review_analysis.h"
#include "review/review_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

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
            results.append(QJsonObject{{QStringLiteral("file"), file},
                                       {QStringLiteral("session"), r.sessionName},
                                       {QStringLiteral("created_session"), r.createdSession},
                                       {QStringLiteral("records"), r.records},
                                       {QStringLiteral("imported"), r.imported},
                                       {QStringLiteral("skipped"), r.skipped},
                                       {QStringLiteral("systems"), QJsonArray::fromStringList(r.systems)},
                                       {QStringLiteral("problems"), QJsonArray::fromStringList(r.problems)}});
            continue;
        }
        cl.out() << file << ": " << r.imported << " of " << r.records << " records imported into session '" << r.sessionName
                 << "'" << (r.createdSession ? " (new)" : "") << ", systems: " << r.systems.join(QStringLiteral(", ")) << '\n';
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

int statsAction(CommandLine &cl, ReviewStore &store)
{
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    const ReviewAnalysis a = analyzeSession(store, s.id);
    if (cl.json()) {
        cl.printJson(QJsonDocument(a.toJson()));
        return Ok;
    }
    QTextStream &out = cl.out();
    out << "Session " << s.name << " (" << s.task << ", " << (s.blind ? "blind" : "open") << ", rubric " << a.rubric.name
        << " v" << a.rubric.version << "): " << a.items << " items\n";
    out << "\nReviewers\n";
    if (a.reviewers.empty())
        out << "  none yet\n";
    for (const Reviewer &r : a.reviewers) {
        const ReviewProgress p = a.progress.at(r.id);
        out << "  " << r.name.leftJustified(16) << p.submitted << "/" << p.total << " submitted, " << p.skipped << " skipped, "
            << p.flagged << " flagged\n";
    }
    out << "\nAutomatic metrics\n  " << QStringLiteral("system").leftJustified(18) << "n    ROUGE-1 ROUGE-2 ROUGE-L tokF1   EM      decAcc  decF1   letAcc\n";
    for (const SystemMetrics &m : a.metrics) {
        auto mean = [&m](const char *k) {
            return m.means.contains(QString::fromLatin1(k)) ? num(m.means.value(QString::fromLatin1(k)).toDouble()) : QStringLiteral("n/a");
        };
        out << "  " << m.system.leftJustified(18) << QString::number(m.outputs).leftJustified(5)
            << mean("rouge1").leftJustified(8) << mean("rouge2").leftJustified(8) << mean("rougeL").leftJustified(8)
            << mean("token_f1").leftJustified(8) << mean("exact_match").leftJustified(8)
            << (m.decisionCount ? num(m.decisionAccuracy) : QStringLiteral("n/a")).leftJustified(8)
            << (m.decisionCount ? num(m.decisionMacroF1) : QStringLiteral("n/a")).leftJustified(8)
            << (m.letterCount ? num(m.letterAccuracy) : QStringLiteral("n/a")) << '\n';
    }
    out << "\nMean ratings (1-based scale position)\n";
    for (const CriterionDistribution &d : a.distributions)
        if (d.n > 0 && std::isfinite(d.meanPosition))
            out << "  " << d.criterion.leftJustified(18) << d.system.leftJustified(18) << num(d.meanPosition, 2) << " (n=" << d.n << ")\n";
    out << "\nAgreement\n";
    for (const CriterionAgreement &g : a.agreement)
        if (g.units > 0)
            out << "  " << g.criterion.leftJustified(18) << "units " << QString::number(g.units).leftJustified(5) << "kappa "
                << num(g.kappa).leftJustified(8) << "alpha(" << g.alphaMetric << ") " << num(g.alpha) << '\n';
    if (!a.winRates.empty()) {
        out << "\nPreference\n";
        for (const WinRate &w : a.winRates)
            out << "  " << w.systemA << " vs " << w.systemB << ": " << w.winsA << "-" << w.winsB << " (" << w.ties
                << " ties), win rate " << num(w.rateA) << " [95% " << num(w.low) << ", " << num(w.high) << "]\n";
    }
    if (!a.disagreed.empty()) {
        out << "\nMost disagreed items\n";
        for (const DisagreedItem &d : a.disagreed)
            out << "  " << d.externalId.leftJustified(16) << num(d.score, 2) << "  " << d.details.join(QStringLiteral("; ")) << '\n';
    }
    return Ok;
}

int addJudgmentAction(CommandLine &cl, ReviewStore &store)
{
    for (const char *required : {"reviewer", "item", "criterion", "value"})
        if (!cl.isSet(QString::fromLatin1(required)))
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
    const auto it = std::find_if(items.begin(), items.end(), [&itemId](const ReviewItem &x) { return x.externalId == itemId; });
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
        if (outputId == 0)
            throw Error(QStringLiteral("Item %1 has no output of system '%2'").arg(itemId, system));
    }
    const qint64 reviewer = store.ensureReviewer(cl.value(QStringLiteral("reviewer")));
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
            all.append(QJsonObject{{QStringLiteral("id"), s.id},
                                   {QStringLiteral("name"), s.name},
                                   {QStringLiteral("task"), s.task},
                                   {QStringLiteral("blind"), s.blind},
                                   {QStringLiteral("items"), items},
                                   {QStringLiteral("created_at"), s.createdAt}});
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
    p.addOption({QStringLiteral("session"), QStringLiteral("Review session name or id (default: the latest; import: the file's name)."), QStringLiteral("S")});
    p.addOption({QStringLiteral("system"), QStringLiteral("import-outputs: system name for every record; add-judgment: the judged output's system."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("map"), QStringLiteral("import-outputs: field=column (fields: %1); repeatable.").arg(outputImportFields().join(QStringLiteral(", "))), QStringLiteral("field=column")});
    p.addOption({QStringLiteral("task"), QStringLiteral("import-outputs: auto, summary, qa, pubmedqa or medmcqa (default auto)."), QStringLiteral("T")});
    p.addOption({QStringLiteral("open"), QStringLiteral("import-outputs: a new session shows system names (default: blind).")});
    p.addOption({QStringLiteral("seed"), QStringLiteral("import-outputs: seed of a new session's blind randomisation."), QStringLiteral("N")});
    p.addOption({QStringLiteral("reviewer"), QStringLiteral("add-judgment: reviewer name or initials."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("item"), QStringLiteral("add-judgment: the item's id."), QStringLiteral("ID")});
    p.addOption({QStringLiteral("criterion"), QStringLiteral("add-judgment: rubric criterion id."), QStringLiteral("C")});
    p.addOption({QStringLiteral("value"), QStringLiteral("add-judgment: the value (preference: A, B or tie as stored, A = first system)."), QStringLiteral("V")});
    p.addOption({QStringLiteral("submit"), QStringLiteral("add-judgment: also mark the item submitted.")});
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Clinician review sessions.\n\n"
                                 "Actions:\n"
                                 "  import-outputs FILE...  import JSONL/CSV outputs (id, source, reference, output, system)\n"
                                 "  stats                   metrics, ratings, agreement and preference of a session\n"
                                 "  add-judgment            record one judgment headless\n"
                                 "  sessions                list the review sessions\n"
                                 "(review generate needs the model engine and is not available yet.)"),
                  QStringLiteral("ACTION [FILE...]")))
        return cl.exitCode();
    QStringList args = cl.positional();
    if (args.isEmpty())
        throw UsageError(QStringLiteral("review needs an action: import-outputs, stats, add-judgment or sessions"));
    const QString action = args.takeFirst();
    ReviewStore store(cl.workspace());
    if (action == QLatin1String("import-outputs"))
        return importOutputsAction(cl, store, args);
    if (action == QLatin1String("stats"))
        return statsAction(cl, store);
    if (action == QLatin1String("add-judgment"))
        return addJudgmentAction(cl, store);
    if (action == QLatin1String("sessions"))
        return sessionsAction(cl, store);
    if (action == QLatin1String("generate"))
        throw Error(QStringLiteral("review generate is not available in this build"),
                    QStringLiteral("generate outputs elsewhere and use review import-outputs"));
    throw UsageError(QStringLiteral("Unknown review action '%1'").arg(action),
                     QStringLiteral("actions: import-outputs, stats, add-judgment, sessions"));
}

} // namespace medtune::cli
