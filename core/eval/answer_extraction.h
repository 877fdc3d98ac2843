// Reading a model's decision from its free text: PubMedQA's yes/no/maybe and MedMCQA's
// option letter.
#pragma once

#include <QString>

namespace medtune {

/// "yes", "no" or "maybe" when the output starts with one (after blanks, quotes and an
/// optional "Answer:" / "Assistant:" / "Decision:" label), else an empty string.
QString extractDecision(const QString &output);

/// "A".."D" (or further letters up to maxOptions) when the output names an option at its
/// start ("B", "B.", "(B)", "B)", "Answer: B", "Option B") or says "the answer is B";
/// else an empty string.
QString extractOptionLetter(const QString &output, int maxOptions = 4);

} // namespace medtune
