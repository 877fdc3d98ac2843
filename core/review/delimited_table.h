// RFC 4180 CSV: reading records (quoted fields with commas, quotes and line breaks; a
// UTF-8 byte order mark; CRLF) with the line each record starts on, and writing fields
// quoted where needed, so exports read back exactly.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace medtune {

struct CsvRecord
{
    int line = 0; ///< 1-based line the record starts on
    QStringList fields;
    /// Why the record is malformed (text after a closing quote), empty when it is whole. The
    /// rest of such a record's line is skipped, so that it cannot swallow the lines after it.
    QString malformed;
};

/// Parses CSV text; throws Error (with the line) on an unterminated quoted field; a record
/// with text after a closing quote comes back with `malformed` set.
std::vector<CsvRecord> parseCsv(const QString &text, const QString &fileName = {});
/// One CSV line (with the trailing CRLF) of the fields, quoted where needed.
QString csvLine(const QStringList &fields);

} // namespace medtune
