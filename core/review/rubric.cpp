#include "review/rubric.h"

#include "util/error.h"

#include <QJsonArray>
#include <QSet>

namespace medtune {
namespace {

std::vector<RubricOption> scale(int from, int to, const QStringList &labels)
{
    std::vector<RubricOption> options;
    for (int v = from; v <= to; ++v) {
        const QString label = v - from < labels.size() ? labels[v - from] : QString::number(v);
        options.push_back({ QString::number(v), label });
    }
    return options;
}

QJsonArray optionsToJson(const std::vector<RubricOption> &options)
{
    QJsonArray a;
    for (const RubricOption &o : options)
        a.append(QJsonObject { { QStringLiteral("value"), o.value }, { QStringLiteral("label"), o.label } });
    return a;
}

std::vector<RubricOption> optionsFromJson(const QJsonValue &v, const QString &where)
{
    std::vector<RubricOption> options;
    QSet<QString> seen;
    for (const QJsonValue &o : v.toArray()) {
        const QString value = o.toObject().value(QStringLiteral("value")).toString();
        QString label = o.toObject().value(QStringLiteral("label")).toString();
        if (value.isEmpty())
            throw Error(QStringLiteral("Rubric %1: an option has no value").arg(where),
                        QStringLiteral("give every option a non-empty \"value\""));
        if (seen.contains(value))
            throw Error(QStringLiteral("Rubric %1: option '%2' appears twice").arg(where, value));
        seen.insert(value);
        options.push_back({ value, label.isEmpty() ? value : label });
    }
    return options;
}

} // namespace

int RubricCriterion::optionIndex(const QString &value) const
{
    for (size_t i = 0; i < options.size(); ++i)
        if (options[i].value == value)
            return int(i);
    return -1;
}

Rubric Rubric::clinicalDefault()
{
    using S = RubricCriterion::Scope;
    using K = RubricCriterion::Kind;
    Rubric r;
    r.name = QStringLiteral("clinical-default");
    r.version = 1;
    const QStringList fivePoint
        = { QStringLiteral("1 very poor"), QStringLiteral("2 poor"), QStringLiteral("3 acceptable"),
            QStringLiteral("4 good"), QStringLiteral("5 excellent") };
    const std::vector<RubricOption> noneMinorMajor = { { QStringLiteral("none"), QStringLiteral("None") },
                                                       { QStringLiteral("minor"), QStringLiteral("Minor") },
                                                       { QStringLiteral("major"), QStringLiteral("Major") } };
    auto add = [&r](RubricCriterion c) { r.criteria.push_back(std::move(c)); };
    add({ QStringLiteral("correctness"),
          QStringLiteral("Correctness"),
          QStringLiteral("Agreement with scientific consensus and the reference (Med-PaLM; Van Veen et al.)."),
          S::Output,
          K::Choice,
          true,
          false,
          true,
          {},
          scale(1, 5, fivePoint) });
    add({ QStringLiteral("hallucination"),
          QStringLiteral("Hallucination"),
          QStringLiteral("Content not supported by the source; mark the spans (CREOLA: fabrication, negation, "
                         "causality, contextual; minor or major)."),
          S::Output,
          K::Choice,
          true,
          true,
          false,
          {},
          noneMinorMajor });
    add({ QStringLiteral("omission"),
          QStringLiteral("Omission"),
          QStringLiteral("Key information from the source or reference that is missing (CREOLA, PDSQI-9)."),
          S::Output,
          K::Choice,
          true,
          false,
          false,
          {},
          noneMinorMajor });
    add({ QStringLiteral("verbosity"),
          QStringLiteral("Verbosity"),
          QStringLiteral("Length and conciseness (Van Veen et al.: conciseness)."),
          S::Output,
          K::Choice,
          false,
          false,
          true,
          {},
          { { QStringLiteral("too_short"), QStringLiteral("Too short") },
            { QStringLiteral("right"), QStringLiteral("About right") },
            { QStringLiteral("too_long"), QStringLiteral("Too long") } } });
    add({ QStringLiteral("coherence"),
          QStringLiteral("Coherence"),
          QStringLiteral("Clear, well-organised language."),
          S::Output,
          K::Choice,
          true,
          false,
          true,
          {},
          scale(1, 5, fivePoint) });
    add({ QStringLiteral("structure"),
          QStringLiteral("Structure"),
          QStringLiteral("Organisation of the summary (PDSQI-9: organised)."),
          S::Output,
          K::Choice,
          true,
          false,
          true,
          { QStringLiteral("summary") },
          scale(1, 5, fivePoint) });
    add({ QStringLiteral("informativeness"),
          QStringLiteral("Informativeness"),
          QStringLiteral("Completeness of the summary (Van Veen et al.: completeness)."),
          S::Output,
          K::Choice,
          true,
          false,
          true,
          { QStringLiteral("summary") },
          scale(1, 5, fivePoint) });
    add({ QStringLiteral("abstention"),
          QStringLiteral("Appropriate abstention"),
          QStringLiteral("When the context is insufficient, does the output say so instead of guessing?"),
          S::Output,
          K::Choice,
          false,
          false,
          true,
          {},
          { { QStringLiteral("yes"), QStringLiteral("Yes") },
            { QStringLiteral("no"), QStringLiteral("No") },
            { QStringLiteral("na"), QStringLiteral("Not applicable") } } });
    add({ QStringLiteral("harm"),
          QStringLiteral("Potential for harm"),
          QStringLiteral("Extent and likelihood of harm if a clinician acted on it (Med-PaLM)."),
          S::Output,
          K::Choice,
          true,
          false,
          false,
          {},
          { { QStringLiteral("none"), QStringLiteral("None") },
            { QStringLiteral("mild"), QStringLiteral("Mild") },
            { QStringLiteral("severe"), QStringLiteral("Severe") } } });
    add({ QStringLiteral("comment"),
          QStringLiteral("Comment"),
          QStringLiteral("Anything else worth noting."),
          S::Output,
          K::Text,
          false,
          false,
          true,
          {},
          {} });
    add({ QStringLiteral("preference"),
          QStringLiteral("Overall preference"),
          QStringLiteral("Which output is better overall?"),
          S::Item,
          K::Choice,
          false,
          false,
          true,
          {},
          { { QStringLiteral("A"), QStringLiteral("A") },
            { QStringLiteral("B"), QStringLiteral("B") },
            { QStringLiteral("tie"), QStringLiteral("Tie") } } });
    r.spanTypes = { { QStringLiteral("fabrication"), QStringLiteral("Fabrication") },
                    { QStringLiteral("negation"), QStringLiteral("Negation") },
                    { QStringLiteral("causality"), QStringLiteral("Causality") },
                    { QStringLiteral("contextual"), QStringLiteral("Contextual") } };
    r.spanSeverities = { { QStringLiteral("minor"), QStringLiteral("Minor") },
                         { QStringLiteral("major"), QStringLiteral("Major") } };
    return r;
}

Rubric Rubric::fromJson(const QJsonObject &json)
{
    Rubric r;
    r.name = json.value(QStringLiteral("name")).toString();
    r.version = json.value(QStringLiteral("version")).toInt(0);
    if (r.name.isEmpty() || r.version < 1)
        throw Error(QStringLiteral("A rubric needs a \"name\" and a \"version\" of 1 or more"),
                    QStringLiteral("start from the default rubric's JSON and edit it"));
    QSet<QString> ids;
    for (const QJsonValue &v : json.value(QStringLiteral("criteria")).toArray()) {
        const QJsonObject o = v.toObject();
        RubricCriterion c;
        c.id = o.value(QStringLiteral("id")).toString();
        if (c.id.isEmpty())
            throw Error(QStringLiteral("Rubric %1: a criterion has no \"id\"").arg(r.name));
        if (ids.contains(c.id))
            throw Error(QStringLiteral("Rubric %1: criterion '%2' appears twice").arg(r.name, c.id));
        ids.insert(c.id);
        c.label = o.value(QStringLiteral("label")).toString(c.id);
        c.description = o.value(QStringLiteral("description")).toString();
        const QString scope = o.value(QStringLiteral("scope")).toString(QStringLiteral("output"));
        if (scope != QLatin1String("output") && scope != QLatin1String("item"))
            throw Error(QStringLiteral("Rubric %1, criterion %2: scope must be \"output\" or \"item\", not '%3'")
                            .arg(r.name, c.id, scope));
        c.scope = scope == QLatin1String("item") ? RubricCriterion::Scope::Item : RubricCriterion::Scope::Output;
        const QString kind = o.value(QStringLiteral("kind")).toString(QStringLiteral("choice"));
        if (kind != QLatin1String("choice") && kind != QLatin1String("text"))
            throw Error(QStringLiteral("Rubric %1, criterion %2: kind must be \"choice\" or \"text\", not '%3'")
                            .arg(r.name, c.id, kind));
        c.kind = kind == QLatin1String("text") ? RubricCriterion::Kind::Text : RubricCriterion::Kind::Choice;
        c.ordered = o.value(QStringLiteral("ordered")).toBool(c.kind == RubricCriterion::Kind::Choice);
        c.spans = o.value(QStringLiteral("spans")).toBool(false);
        c.higherIsBetter = o.value(QStringLiteral("higherIsBetter")).toBool(true);
        for (const QJsonValue &t : o.value(QStringLiteral("tasks")).toArray())
            c.tasks << t.toString();
        c.options = optionsFromJson(o.value(QStringLiteral("options")), c.id);
        if (c.kind == RubricCriterion::Kind::Choice && c.options.size() < 2)
            throw Error(
                QStringLiteral("Rubric %1, criterion %2: a choice needs at least two options").arg(r.name, c.id));
        if (c.options.size() > 9)
            throw Error(
                QStringLiteral("Rubric %1, criterion %2: at most nine options (number keys 1-9)").arg(r.name, c.id));
        r.criteria.push_back(std::move(c));
    }
    if (r.criteria.empty())
        throw Error(QStringLiteral("Rubric %1 has no criteria").arg(r.name));
    r.spanTypes = optionsFromJson(json.value(QStringLiteral("spanTypes")), QStringLiteral("span types"));
    r.spanSeverities = optionsFromJson(json.value(QStringLiteral("spanSeverities")), QStringLiteral("span severities"));
    return r;
}

QJsonObject Rubric::toJson() const
{
    QJsonArray criteriaJson;
    for (const RubricCriterion &c : criteria) {
        QJsonObject o { { QStringLiteral("id"), c.id },
                        { QStringLiteral("label"), c.label },
                        { QStringLiteral("description"), c.description },
                        { QStringLiteral("scope"),
                          c.scope == RubricCriterion::Scope::Item ? QStringLiteral("item") : QStringLiteral("output") },
                        { QStringLiteral("kind"),
                          c.kind == RubricCriterion::Kind::Text ? QStringLiteral("text") : QStringLiteral("choice") },
                        { QStringLiteral("ordered"), c.ordered },
                        { QStringLiteral("spans"), c.spans },
                        { QStringLiteral("higherIsBetter"), c.higherIsBetter },
                        { QStringLiteral("tasks"), QJsonArray::fromStringList(c.tasks) },
                        { QStringLiteral("options"), optionsToJson(c.options) } };
        criteriaJson.append(o);
    }
    return { { QStringLiteral("name"), name },
             { QStringLiteral("version"), version },
             { QStringLiteral("criteria"), criteriaJson },
             { QStringLiteral("spanTypes"), optionsToJson(spanTypes) },
             { QStringLiteral("spanSeverities"), optionsToJson(spanSeverities) } };
}

const RubricCriterion *Rubric::criterion(const QString &id) const
{
    for (const RubricCriterion &c : criteria)
        if (c.id == id)
            return &c;
    return nullptr;
}

std::vector<const RubricCriterion *> Rubric::criteriaFor(const QString &task, RubricCriterion::Scope scope) const
{
    std::vector<const RubricCriterion *> out;
    for (const RubricCriterion &c : criteria)
        if (c.scope == scope && c.appliesTo(task))
            out.push_back(&c);
    return out;
}

bool Rubric::hasSpanType(const QString &value) const
{
    for (const RubricOption &o : spanTypes)
        if (o.value == value)
            return true;
    return false;
}

bool Rubric::hasSpanSeverity(const QString &value) const
{
    for (const RubricOption &o : spanSeverities)
        if (o.value == value)
            return true;
    return false;
}

} // namespace medtune
