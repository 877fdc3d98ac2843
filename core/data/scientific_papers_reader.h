// Scientific Papers, PubMed part (Cohan et al. 2018): the original JSON Lines (article_id,
// article_text and abstract_text as sentence lists, abstract sentences in <S> ... </S>)
// and the Hugging Face export (article, abstract, section_names as strings).
#pragma once

#include "data/read_report.h"

namespace medtune {

void readScientificPapers(const QString &path, const ExampleSink &sink, ReadReport &report);
void readScientificPapersHf(const QString &path, const ExampleSink &sink, ReadReport &report);

/// Removes <S> and </S> sentence tags and normalizes whitespace.
QString stripSentenceTags(const QString &text);

} // namespace medtune
