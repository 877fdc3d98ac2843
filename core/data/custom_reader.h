// The user's own data: JSON Lines, a JSON array, CSV or TSV, with a column mapping from the
// example's fields (id, question, context, document, answer, summary, task, split) to the
// file's columns, e.g. dialogue-to-note pairs or discharge notes with their summaries.
#pragma once

#include "data/data_format.h"

namespace medtune {

void readCustom(const QString &path, DataFormat format, const ReaderOptions &options, const ExampleSink &sink,
                ReadReport &report);

/// The example fields a mapping may name.
QStringList customFields();

/// The field separator of a .csv file: ';' when its header row has more semicolons than
/// commas outside quotes (spreadsheets in many European locales write those), else ','.
char csvSeparator(const QString &path);
/// Parses "field=column" items; throws UsageError for unknown fields or bad items.

} // namespace medtune
