// medtune-cli review: clinician review sessions. Each action has its own options and help;
// the larger ones live in review_<action>_command.cpp.
#include "cli/commands.h"
#include "cli/engine_entry.h"
#include "cli/review_actions.h"
#include "cli/text_table.h"
#include "review/review_analysis.h"
#include "review/review_store.h"
#include "review/rubric.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace medtune::cli {
namespace {

QString num(double v, int decimals = 3)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("n/a");
}

} // namespace

void addSessionOption(CommandLine &cl, const QString &description)
{
    cl.parser().addOption({ QStringLiteral("session"), description, QStringLiteral("S") });
}

int reviewSessions(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("List the review sessions with their ids, systems and items.")))
        return cl.exitCode();
    ReviewStore store(cl.workspace());
    QJsonArray all;
    TextTable table({ { QStringLiteral("ID"), TextTable::Align::Right },
                      { QStringLiteral("NAME") },
                      { QStringLiteral("TASK") },
                      { QStringLiteral("MODE") },
                      { QStringLiteral("ITEMS"), TextTable::Align::Right },
                      { QStringLiteral("SYSTEMS") },
                      { QStringLiteral("CREATED") } });
    for (const ReviewSession &s : store.sessions()) {
        const int items = int(store.items(s.id).size());
        QStringList systems;
        for (const ReviewSystem &sys : store.systems(s.id))
            systems << sys.name;
        if (cl.json())
            all.append(QJsonObject { { QStringLiteral("id"), s.id },
                                     { QStringLiteral("name"), s.name },
                                     { QStringLiteral("task"), s.task },
                                     { QStringLiteral("blind"), s.blind },
                                     { QStringLiteral("items"), items },
                                     { QStringLiteral("systems"), QJsonArray::fromStringList(systems) },
                                     { QStringLiteral("created_at"), s.createdAt } });
        else
            table.addRow({ QString::number(s.id), s.name, s.task,
                           s.blind ? QStringLiteral("blind") : QStringLiteral("open"), QString::number(items),
                           systems.join(QStringLiteral(", ")), s.createdAt });
    }
    if (cl.json())
        cl.printJson(QJsonDocument(all));
    else if (table.isEmpty())
        cl.out() << "No review sessions in " << cl.workspace().root()
                 << ". Create one with 'medtune-cli review generate' or 'review import-outputs'.\n";
    else
        table.print(cl.out());
    return Ok;
}

int reviewItems(CommandLine &cl)
{
    addSessionOption(cl, QStringLiteral("Review session name or id (default: the latest)."));
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("List a session's items: the ids that add-judgment takes, their systems and how many "
                                 "reviewers submitted each.")))
        return cl.exitCode();
    ReviewStore store(cl.workspace());
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    const std::vector<ReviewItem> items = store.items(s.id);
    QHash<qint64, int> submitted;
    for (const Reviewer &r : store.sessionReviewers(s.id))
        for (const ReviewItem &it : items)
            if (store.status(it.id, r.id).submitted)
                ++submitted[it.id];
    QJsonArray all;
    TextTable table({ { QStringLiteral("ITEM") },
                      { QStringLiteral("SYSTEMS") },
                      { QStringLiteral("SUBMITTED"), TextTable::Align::Right },
                      { QStringLiteral("SOURCE") } });
    for (const ReviewItem &it : items) {
        QStringList systems;
        for (const ReviewOutput &o : it.outputs)
            systems << o.systemName;
        if (cl.json()) {
            all.append(QJsonObject { { QStringLiteral("id"), it.externalId },
                                     { QStringLiteral("position"), it.position },
                                     { QStringLiteral("systems"), QJsonArray::fromStringList(systems) },
                                     { QStringLiteral("submitted_by"), submitted.value(it.id) },
                                     { QStringLiteral("source"), it.source } });
            continue;
        }
        QString source = it.source.simplified();
        if (source.size() > 60)
            source = source.left(57) + QStringLiteral("...");
        table.addRow(
            { it.externalId, systems.join(QStringLiteral(", ")), QString::number(submitted.value(it.id)), source });
    }
    if (cl.json()) {
        cl.printJson(QJsonDocument(all));
        return Ok;
    }
    cl.out() << "Session '" << s.name << "' (id " << s.id << "): " << items.size() << " items\n";
    table.print(cl.out());
    return Ok;
}

int reviewRubric(CommandLine &cl)
{
    addSessionOption(cl,
                     QStringLiteral("The rubric of this session (default: the latest session's, else the "
                                    "default rubric)."));
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("The criteria that judgments use: ids, what they apply to and their allowed values.")))
        return cl.exitCode();
    ReviewStore store(cl.workspace());
    Rubric rubric = Rubric::clinicalDefault();
    if (cl.isSet(QStringLiteral("session")) || store.latestSession())
        rubric = store.rubric(store.resolveSession(cl.value(QStringLiteral("session"))).rubricId);
    if (cl.json()) {
        cl.printJson(QJsonDocument(rubric.toJson()));
        return Ok;
    }
    cl.out() << "Rubric " << rubric.name << " v" << rubric.version << '\n';
    TextTable table({ { QStringLiteral("CRITERION") },
                      { QStringLiteral("JUDGES") },
                      { QStringLiteral("TASKS") },
                      { QStringLiteral("VALUES") } });
    for (const RubricCriterion &c : rubric.criteria) {
        QStringList values;
        for (const RubricOption &o : c.options)
            values << (o.label.isEmpty() || o.label == o.value  ? o.value
                           : o.label.startsWith(o.value + u' ') ? o.label // "1 very poor"
                                                                : QStringLiteral("%1 (%2)").arg(o.value, o.label));
        const QString judges = c.scope == RubricCriterion::Scope::Output ? QStringLiteral("each output (--system)")
            : c.id == QLatin1String("preference")                        ? QStringLiteral("the item, two systems only")
                                                                         : QStringLiteral("the item");
        table.addRow({ c.id, judges, c.tasks.isEmpty() ? QStringLiteral("all") : c.tasks.join(QStringLiteral(", ")),
                       c.kind == RubricCriterion::Kind::Text ? QStringLiteral("free text")
                                                             : values.join(QStringLiteral(", ")) });
    }
    table.print(cl.out());
    return Ok;
}

int reviewStats(CommandLine &cl)
{
    addSessionOption(cl, QStringLiteral("Review session name or id (default: the latest)."));
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Automatic metrics, ratings, agreement and preference of a review session.")))
        return cl.exitCode();
    ReviewStore store(cl.workspace());
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
        TextTable table({ { QStringLiteral("ITEM") },
                          { QStringLiteral("SPREAD"), TextTable::Align::Right },
                          { QStringLiteral("WHERE REVIEWERS DIFFER") } });
        for (const DisagreedItem &d : a.disagreed)
            table.addRow({ d.externalId, num(d.score, 2), d.details.join(QStringLiteral("; ")) });
        table.print(out, QStringLiteral("  "));
    }
    return Ok;
}

int runReview(CommandLine &cl)
{
    return dispatch(
        cl, QStringLiteral("Clinician review sessions: outputs to judge, judgments, statistics."),
        {
            { QStringLiteral("generate"),
              QStringLiteral("generate outputs of the base model and adapters into a session"),
              engineCommand(QStringLiteral("review generate")) },
            { QStringLiteral("import-outputs"),
              QStringLiteral("import JSONL/CSV outputs produced elsewhere into a session"), reviewImportOutputs },
            { QStringLiteral("sessions"), QStringLiteral("list the review sessions"), reviewSessions },
            { QStringLiteral("items"), QStringLiteral("list a session's items and their ids"), reviewItems },
            { QStringLiteral("rubric"), QStringLiteral("the criteria and their allowed values"), reviewRubric },
            { QStringLiteral("add-judgment"), QStringLiteral("record one judgment"), reviewAddJudgment },
            { QStringLiteral("add-judgments"),
              QStringLiteral("record many judgments from a JSONL or CSV file, in one transaction"),
              reviewAddJudgments },
            { QStringLiteral("stats"), QStringLiteral("metrics, ratings, agreement and preference of a session"),
              reviewStats },
        });
}

} // namespace medtune::cli
