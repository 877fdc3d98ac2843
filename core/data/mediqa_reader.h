// MEDIQA 2019: Task 3 question answering XML (answers with system and reference ranks and
// 1-4 reference scores; scores 3 and 4 are correct) and MEDIQA-AnS answer summarization
// JSON (per-answer abstractive/extractive summaries and multi-document summaries).
#pragma once

#include "data/read_report.h"

namespace medtune {

/// One example per <Question>; the reference answer is the correct answer (score 3 or 4)
/// with the best ReferenceRank; every answer with its ranks and score stays in meta.
void readMediqaQa(const QString &path, const ExampleSink &sink, ReadReport &report);
/// One summarization example per answer article (-> its abstractive summary) and one per
/// question for the multi-document summary. read counts questions, imported examples.
void readMediqaAns(const QString &path, const ExampleSink &sink, ReadReport &report);

} // namespace medtune
