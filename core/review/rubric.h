// A review rubric as data: named criteria with their options, scope (per output or per
// item) and the tasks they apply to, plus the hallucination span types. Stored as JSON
// with a version, so a team can add or rename criteria without code changes.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace medtune {

/// A rubric label or description in the user's language: the default rubric's English
/// texts are in the translation catalogue (context "medtune::Rubric"); a team's own texts,
/// which are not, come back as they are. Stored values and exports stay in English.
QString rubricDisplayText(const QString &text);

struct RubricOption
{
    QString value; ///< what is stored ("3", "minor", "A")
    QString label; ///< what a reviewer sees
};

struct RubricCriterion
{
    enum class Scope { Output, Item };
    enum class Kind { Choice, Text };

    QString id;
    QString label;
    QString description;
    Scope scope = Scope::Output;
    Kind kind = Kind::Choice;
    bool ordered = true; ///< options are ordered (ordinal agreement, weighted kappa)
    bool spans = false; ///< reviewers mark spans in the output for this criterion
    bool higherIsBetter = true; ///< for ordered criteria: is the last option the best one
    QStringList tasks; ///< empty: every task; else e.g. {"summary"}
    std::vector<RubricOption> options;

    bool appliesTo(const QString &task) const { return tasks.isEmpty() || tasks.contains(task); }
    /// Index of value among the options, or -1.
    int optionIndex(const QString &value) const;
    bool isScale() const { return kind == Kind::Choice && ordered; }
};

class Rubric
{
public:
    QString name;
    int version = 1;
    std::vector<RubricCriterion> criteria;
    std::vector<RubricOption> spanTypes;
    std::vector<RubricOption> spanSeverities;

    /// The default clinical rubric (Med-PaLM, Van Veen et al., CREOLA, PDSQI-9).
    static Rubric clinicalDefault();
    /// Parses and validates a rubric; throws Error naming the offending criterion.
    static Rubric fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    const RubricCriterion *criterion(const QString &id) const;
    /// Criteria for a task and scope, in rubric order.
    std::vector<const RubricCriterion *> criteriaFor(const QString &task, RubricCriterion::Scope scope) const;
    bool hasSpanType(const QString &value) const;
    bool hasSpanSeverity(const QString &value) const;
};

} // namespace medtune
