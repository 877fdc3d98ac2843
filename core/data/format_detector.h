// Recognizes a dataset file's format from its first bytes (and its extension for CSV/TSV),
// so that the user rarely has to name it; the user can always override.
#pragma once

#include "data/data_format.h"

namespace medtune {

/// The detected format and, in *why, the evidence ("a JSON object keyed by PMID with
/// QUESTION"). Throws Error when the file cannot be read, is empty or matches nothing.
DataFormat detectFormat(const QString &path, QString *why = nullptr);

} // namespace medtune
