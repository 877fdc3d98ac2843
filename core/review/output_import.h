// Importing outputs produced elsewhere (JSONL or CSV: id, source text, reference,
// output, system name) into a review session, with a column mapping and automatic
// metrics against the references. Bad records are skipped and counted.
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace medtune {

class ReviewStore;

struct OutputImportOptions
{
    QString path;
    QString session; ///< session name: extended when it exists, else created
    QString system; ///< system name for every record (overrides a system column)
    QString task = QStringLiteral("auto");
    /// Logical field -> column: id, source, reference, output, system, dataset, split,
    /// model_hash, adapter_hash, generation.
    QMap<QString, QString> mapping;
    bool blind = true;
    qint64 seed = 1234;
};

struct OutputImportResult
{
    qint64 sessionId = 0;
    QString sessionName;
    bool createdSession = false;
    int records = 0;
    int imported = 0;
    int skipped = 0;
    QStringList problems; ///< the first problems, each with its line
    QStringList systems;
};

/// The logical fields a mapping may name.
QStringList outputImportFields();

/// Reads the file (".csv" is CSV, anything else JSONL) and imports it in one go.
OutputImportResult importOutputs(ReviewStore &store, const OutputImportOptions &options);

} // namespace medtune
