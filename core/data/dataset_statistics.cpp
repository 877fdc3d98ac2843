#include "data/dataset_statistics.h"

namespace medtune {

void DatasetStatistics::add(const Example &e)
{
    ++m_total;
    if (e.labelled())
        ++m_labelled;
    ++m_bySource[e.source];
    ++m_byTask[taskName(e.task)];
    ++m_bySplit[e.split];
    const QString decision = e.meta.value(QStringLiteral("decision")).toString();
    if (!decision.isEmpty())
        ++m_labels[QStringLiteral("decision")][decision];
    const QString letter = e.meta.value(QStringLiteral("correct")).toString();
    if (!letter.isEmpty())
        ++m_labels[QStringLiteral("correct_option")][letter];
    const qint64 input = e.question.size() + e.context.size() + e.document.size();
    m_inputChars += input;
    m_maxInputChars = std::max(m_maxInputChars, input);
    m_answerChars += e.answer.size();
}

static QJsonObject toObject(const QMap<QString, qint64> &m)
{
    QJsonObject o;
    for (auto it = m.begin(); it != m.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject DatasetStatistics::toJson() const
{
    QJsonObject labels;
    for (auto it = m_labels.begin(); it != m_labels.end(); ++it)
        labels.insert(it.key(), toObject(it.value()));
    return { { QStringLiteral("examples"), m_total },
             { QStringLiteral("labelled"), m_labelled },
             { QStringLiteral("by_source"), toObject(m_bySource) },
             { QStringLiteral("by_task"), toObject(m_byTask) },
             { QStringLiteral("by_split"), toObject(m_bySplit) },
             { QStringLiteral("labels"), labels },
             { QStringLiteral("mean_input_chars"), m_total ? double(m_inputChars) / m_total : 0.0 },
             { QStringLiteral("max_input_chars"), m_maxInputChars },
             { QStringLiteral("mean_answer_chars"), m_total ? double(m_answerChars) / m_total : 0.0 } };
}

} // namespace medtune
