#include "review/output_metrics.h"

#include "eval/answer_extraction.h"
#include "eval/classification_metrics.h"
#include "eval/text_metrics.h"

#include <QRegularExpression>

namespace medtune {

QStringList reviewTasks()
{
    return { QStringLiteral("auto"), QStringLiteral("summary"), QStringLiteral("qa"), QStringLiteral("pubmedqa"),
             QStringLiteral("medmcqa") };
}

QString detectTask(const QString &reference)
{
    if (!extractDecision(reference).isEmpty())
        return QStringLiteral("pubmedqa");
    static const QRegularExpression letter(QStringLiteral("^\\s*\\(?([A-Da-d])\\)?([.):]|\\s*$)"));
    if (letter.match(reference).hasMatch())
        return QStringLiteral("medmcqa");
    const qsizetype words = reference.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size();
    return words <= 40 ? QStringLiteral("qa") : QStringLiteral("summary");
}

QStringList numericMetricNames()
{
    return { QStringLiteral("rouge1"),         QStringLiteral("rouge2"),        QStringLiteral("rougeL"),
             QStringLiteral("token_f1"),       QStringLiteral("exact_match"),   QStringLiteral("decision_correct"),
             QStringLiteral("letter_correct"), QStringLiteral("reference_loss") };
}

QJsonObject outputMetrics(const QString &task, const QString &reference, const QString &output)
{
    if (reference.trimmed().isEmpty())
        return {};
    QJsonObject m;
    const RougeScores r = rouge(reference, output, true);
    m.insert(QStringLiteral("rouge1"), r.rouge1.f1);
    m.insert(QStringLiteral("rouge2"), r.rouge2.f1);
    m.insert(QStringLiteral("rougeL"), r.rougeL.f1);
    m.insert(QStringLiteral("token_f1"), tokenF1(reference, output));
    m.insert(QStringLiteral("exact_match"), exactMatch(reference, output));
    if (task == QLatin1String("pubmedqa")) {
        const QString gold = extractDecision(reference);
        const QString got = extractDecision(output);
        m.insert(QStringLiteral("gold_decision"), gold);
        m.insert(QStringLiteral("decision"), got);
        m.insert(QStringLiteral("decision_correct"), !gold.isEmpty() && gold == got ? 1.0 : 0.0);
    } else if (task == QLatin1String("medmcqa")) {
        const QString gold = extractOptionLetter(reference, 4);
        const QString got = extractOptionLetter(output, 4);
        m.insert(QStringLiteral("gold_letter"), gold);
        m.insert(QStringLiteral("letter"), got);
        m.insert(QStringLiteral("letter_correct"), !gold.isEmpty() && gold == got ? 1.0 : 0.0);
    }
    return m;
}

QJsonObject SystemMetrics::toJson() const
{
    QJsonObject o { { QStringLiteral("system"), system },
                    { QStringLiteral("outputs"), outputs },
                    { QStringLiteral("with_reference"), withReference },
                    { QStringLiteral("means"), means } };
    if (decisionCount > 0) {
        o.insert(QStringLiteral("decision_count"), decisionCount);
        o.insert(QStringLiteral("decision_accuracy"), decisionAccuracy);
        o.insert(QStringLiteral("decision_macro_f1"), decisionMacroF1);
    }
    if (letterCount > 0) {
        o.insert(QStringLiteral("letter_count"), letterCount);
        o.insert(QStringLiteral("letter_accuracy"), letterAccuracy);
    }
    return o;
}

SystemMetrics aggregateMetrics(const QString &system, const std::vector<QJsonObject> &metrics)
{
    SystemMetrics s;
    s.system = system;
    s.outputs = int(metrics.size());
    std::vector<QString> goldDecisions, decisions, goldLetters, letters;
    for (const QString &name : numericMetricNames()) {
        double sum = 0;
        int n = 0;
        for (const QJsonObject &m : metrics) {
            if (m.contains(name)) {
                sum += m.value(name).toDouble();
                ++n;
            }
        }
        if (n > 0)
            s.means.insert(name, sum / n);
    }
    for (const QJsonObject &m : metrics) {
        if (!m.isEmpty())
            ++s.withReference;
        if (m.contains(QStringLiteral("gold_decision"))) {
            goldDecisions.push_back(m.value(QStringLiteral("gold_decision")).toString());
            decisions.push_back(m.value(QStringLiteral("decision")).toString());
        }
        if (m.contains(QStringLiteral("gold_letter"))) {
            goldLetters.push_back(m.value(QStringLiteral("gold_letter")).toString());
            letters.push_back(m.value(QStringLiteral("letter")).toString());
        }
    }
    if (!goldDecisions.empty()) {
        const ClassificationScores c = classificationScores(
            goldDecisions, decisions, { QStringLiteral("yes"), QStringLiteral("no"), QStringLiteral("maybe") });
        s.decisionCount = c.count;
        s.decisionAccuracy = c.accuracy;
        s.decisionMacroF1 = c.macroF1;
    }
    if (!goldLetters.empty()) {
        const ClassificationScores c = classificationScores(
            goldLetters, letters,
            { QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("D") });
        s.letterCount = c.count;
        s.letterAccuracy = c.accuracy;
    }
    return s;
}

} // namespace medtune
