// MedMCQA (Pal et al. 2022): JSON Lines of four-option questions. The correct option `cop`
// is 1-4 in the original release and 0-3 in the Hugging Face export; the reader detects
// which (or takes it from the options) and says so in the report. Test files carry no
// answers: their records are imported unlabelled.
#pragma once

#include "data/data_format.h"

namespace medtune {

void readMedMcqa(const QString &path, const ReaderOptions &options, const ExampleSink &sink, ReadReport &report);

/// Scans the file's cop values: 1 when they are 1-4 (a 4 seen, or no 0), 0 when a 0 is seen.
/// *evidence says what decided it.
int detectMedMcqaCopBase(const QString &path, QString *evidence);

} // namespace medtune
