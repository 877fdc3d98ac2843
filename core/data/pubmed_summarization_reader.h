// PubMed summarization (Cohan et al. 2018 as exported to Hugging Face,
// ccdv/pubmed-summarization): JSON Lines with `article` and `abstract`.
#pragma once

#include "data/read_report.h"

namespace medtune {

/// Records get the id field when present, otherwise "line-N".
void readPubMedSummarization(const QString &path, const ExampleSink &sink, ReadReport &report);

} // namespace medtune
