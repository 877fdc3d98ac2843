// Counts gathered while a dataset is imported: examples by source, task and split, labelled
// examples, label distributions (PubMedQA decisions, MedMCQA letters) and text lengths.
// Token-length figures come from the tokenized cache (text/tokenized_cache.h).
#pragma once

#include "data/example.h"

#include <QJsonObject>
#include <QMap>

namespace medtune {

class DatasetStatistics
{
public:
    void add(const Example &example);
    qint64 total() const { return m_total; }
    QJsonObject toJson() const;

private:
    qint64 m_total = 0, m_labelled = 0;
    QMap<QString, qint64> m_bySource, m_byTask, m_bySplit;
    QMap<QString, QMap<QString, qint64>> m_labels; // label kind -> value -> count
    qint64 m_inputChars = 0, m_answerChars = 0, m_maxInputChars = 0;
};

} // namespace medtune
