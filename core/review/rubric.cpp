#include "review/rubric.h"

#include "util/error.h"

#include <QCoreApplication>
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

QString rubricDisplayText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    return QCoreApplication::translate("medtune::Rubric", utf8.constData());
}

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
    const QStringList fivePoint = { QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "1 very poor")),
                                    QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "2 poor")),
                                    QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "3 acceptable")),
                                    QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "4 good")),
                                    QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "5 excellent")) };
    const std::vector<RubricOption> noneMinorMajor
        = { { QStringLiteral("none"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "None")) },
            { QStringLiteral("minor"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Minor")) },
            { QStringLiteral("major"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Major")) } };
    auto add = [&r](RubricCriterion c) { r.criteria.push_back(std::move(c)); };
    add({ QStringLiteral("correctness"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Correctness")),
          QString::fromUtf8(QT_TRANSLATE_NOOP(
              "medtune::Rubric", "Agreement with scientific consensus and the reference (Med-PaLM; Van Veen et al.).")),
          S::Output,
          K::Choice,
          true,
          false,
          true,
          {},
          scale(1, 5, fivePoint) });
    add({ QStringLiteral("hallucination"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Hallucination")),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric",
                                              "Content not supported by the source; mark the spans (CREOLA: "
                                              "fabrication, negation, causality, contextual; minor or major).")),
          S::Output,
          K::Choice,
          true,
          true,
          false,
          {},
          noneMinorMajor });
    add({ QStringLiteral("omission"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Omission")),
          QString::fromUtf8(QT_TRANSLATE_NOOP(
              "medtune::Rubric", "Key information from the source or reference that is missing (CREOLA, PDSQI-9).")),
          S::Output,
          K::Choice,
          true,
          false,
          false,
          {},
          noneMinorMajor });
    add({ QStringLiteral("verbosity"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Verbosity")),
          QString::fromUtf8(
              QT_TRANSLATE_NOOP("medtune::Rubric", "Length and conciseness (Van Veen et al.: conciseness).")),
          S::Output,
          K::Choice,
          false,
          false,
          true,
          {},
          { { QStringLiteral("too_short"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Too short")) },
            { QStringLiteral("right"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "About right")) },
            { QStringLiteral("too_long"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Too long")) } } });
    add({ QStringLiteral("coherence"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Coherence")),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Clear, well-organised language.")),
          S::Output,
          K::Choice,
          true,
          false,
          true,
          {},
          scale(1, 5, fivePoint) });
    add({ QStringLiteral("structure"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Structure")),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Organisation of the summary (PDSQI-9: organised).")),
          S::Output,
          K::Choice,
          true,
          false,
          true,
          { QStringLiteral("summary") },
          scale(1, 5, fivePoint) });
    add({ QStringLiteral("informativeness"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Informativeness")),
          QString::fromUtf8(
              QT_TRANSLATE_NOOP("medtune::Rubric", "Completeness of the summary (Van Veen et al.: completeness).")),
          S::Output,
          K::Choice,
          true,
          false,
          true,
          { QStringLiteral("summary") },
          scale(1, 5, fivePoint) });
    add({ QStringLiteral("abstention"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Appropriate abstention")),
          QString::fromUtf8(QT_TRANSLATE_NOOP(
              "medtune::Rubric", "When the context is insufficient, does the output say so instead of guessing?")),
          S::Output,
          K::Choice,
          false,
          false,
          true,
          {},
          { { QStringLiteral("yes"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Yes")) },
            { QStringLiteral("no"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "No")) },
            { QStringLiteral("na"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Not applicable")) } } });
    add({ QStringLiteral("harm"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Potential for harm")),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric",
                                              "Extent and likelihood of harm if a clinician acted on it (Med-PaLM).")),
          S::Output,
          K::Choice,
          true,
          false,
          false,
          {},
          { { QStringLiteral("none"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "None")) },
            { QStringLiteral("mild"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Mild")) },
            { QStringLiteral("severe"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Severe")) } } });
    add({ QStringLiteral("comment"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Comment")),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Anything else worth noting.")),
          S::Output,
          K::Text,
          false,
          false,
          true,
          {},
          {} });
    add({ QStringLiteral("preference"),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Overall preference")),
          QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Which output is better overall?")),
          S::Item,
          K::Choice,
          false,
          false,
          true,
          {},
          { { QStringLiteral("A"), QStringLiteral("A") },
            { QStringLiteral("B"), QStringLiteral("B") },
            { QStringLiteral("tie"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Tie")) } } });
    r.spanTypes
        = { { QStringLiteral("fabrication"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Fabrication")) },
            { QStringLiteral("negation"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Negation")) },
            { QStringLiteral("causality"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Causality")) },
            { QStringLiteral("contextual"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Contextual")) } };
    r.spanSeverities
        = { { QStringLiteral("minor"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Minor")) },
            { QStringLiteral("major"), QString::fromUtf8(QT_TRANSLATE_NOOP("medtune::Rubric", "Major")) } };
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
