// PubMedQA (Jin et al. 2019): the official files keyed by PMID (PQA-L, PQA-A, PQA-U), the
// official test split file, and the Hugging Face JSON Lines export.
#pragma once

#include "data/read_report.h"

#include <QHash>

namespace medtune {

/// ori_pqal.json / ori_pqaa.json / ori_pqau.json, streamed member by member.
void readPubMedQaOfficial(const QString &path, const ExampleSink &sink, ReadReport &report);
/// The Hugging Face export: pubid, question, context{contexts, labels, meshes}, long_answer,
/// final_decision (absent for the unlabelled subset).
void readPubMedQaHf(const QString &path, const ExampleSink &sink, ReadReport &report);
/// test_ground_truth.json: PMID -> decision. The PMIDs are the official test split.
QHash<QString, QString> readPubMedQaSplitFile(const QString &path, ReadReport &report);

/// The reference target: "Yes. <long answer>" (the decision capitalized, then the long
/// answer); only the long answer when there is no decision.
QString pubMedQaTarget(const QString &decision, const QString &longAnswer);

} // namespace medtune
