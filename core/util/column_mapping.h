// "field=column" mappings given on the command line or in a dialog, shared by dataset
// import and review-output import.
#pragma once

#include <QMap>
#include <QStringList>

namespace medtune {

/// Parses "field=column" items against the allowed fields; throws UsageError naming the
/// item for a bad form or an unknown field.
QMap<QString, QString> parseColumnMapping(const QStringList &items, const QStringList &fields);

} // namespace medtune
