// Automatic metrics of one output against its reference, chosen by task, and their
// aggregation per system: ROUGE-1/2/L F1 (Porter-stemmed), token F1 and exact match,
// PubMedQA decision accuracy and macro-F1, MedMCQA letter accuracy.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace medtune {

/// The tasks a review session knows; "auto" detects the task from each reference.
QStringList reviewTasks();
/// "pubmedqa" when the reference starts with yes/no/maybe, "medmcqa" when it is an
/// option letter ("B", "B.", "(B) text"), "qa" for a short answer (up to 40 words),
/// else "summary".
QString detectTask(const QString &reference);

/// Metrics of output against reference for task (never "auto"). Keys: rouge1, rouge2,
/// rougeL, token_f1, exact_match; pubmedqa adds decision, gold_decision, decision_correct;
/// medmcqa adds letter, gold_letter, letter_correct. Empty when there is no reference.
QJsonObject outputMetrics(const QString &task, const QString &reference, const QString &output);

/// Numeric metric names in a stable order: those in outputMetrics that are numbers, and
/// reference_loss (the answer-only mean loss per token of the reference under the system,
/// which generation jobs add).
QStringList numericMetricNames();

struct SystemMetrics
{
    QString system;
    int outputs = 0;
    int withReference = 0;
    QJsonObject means; ///< mean of each numeric metric over outputs that have it
    int decisionCount = 0; ///< PubMedQA outputs
    double decisionAccuracy = 0;
    double decisionMacroF1 = 0;
    int letterCount = 0; ///< MedMCQA outputs
    double letterAccuracy = 0;
    QJsonObject toJson() const;
};

/// Aggregates per-output metrics (as outputMetrics wrote them) of one system.
SystemMetrics aggregateMetrics(const QString &system, const std::vector<QJsonObject> &metrics);

} // namespace medtune
