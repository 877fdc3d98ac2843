// Imports source files into the workspace as one dataset: detects formats, streams the
// records through the readers, normalizes, assigns splits, drops in-dataset duplicates,
// writes the dataset folder and records the import. Idempotent by content hash.
#pragma once

#include "data/data_format.h"
#include "data/dataset_store.h"
#include "data/splits.h"

#include <QList>
#include <QStringList>
#include <functional>

namespace medtune {

class Workspace;

struct ImportOptions
{
    DataFormat format = DataFormat::Auto; ///< applies to every file; Auto detects per file
    ReaderOptions reader;
    QString name; ///< dataset name; default: the first file's base name
    SplitPolicy split;
    /// What to record as a file's source path instead of its real path (e.g. the bundled
    /// resource a temporary copy came from).
    QMap<QString, QString> recordedPaths;
    /// The split of every record of a file (path as given -> "train", "validation" or
    /// "test"), overriding what the file name says; records that carry their own split keep it.
    QMap<QString, QString> splitOverrides;
    /// Called with (bytes read, bytes total over all files) every 200 examples and once at
    /// the end; return false to cancel (importDataset then throws Error and leaves nothing).
    std::function<bool(qint64, qint64)> progress;
};

struct ImportResult
{
    DatasetInfo dataset;
    bool alreadyImported = false; ///< the same content was imported before: nothing changed
    QList<ReadReport> reports; ///< one per file (empty when alreadyImported)
    qint64 duplicatesDropped = 0; ///< records not imported because their text was seen before
    /// Duplicates kept because an official test or validation split stays whole (reported).
    qint64 duplicatesKept = 0;
    /// Training records removed because a test or validation record has the same text.
    qint64 leaksRemoved = 0;
};

/// Throws Error when a file cannot be read, no format can be detected, or nothing imports.
ImportResult importDataset(Workspace &workspace, const QStringList &paths, const ImportOptions &options = {});

/// The sample files bundled in the program (":/samples/..."), grouped per dataset.
struct SampleSet
{
    QString name;
    QStringList files;
};
QList<SampleSet> bundledSamples();
/// Imports every bundled sample set (idempotent: already imported ones are skipped).
QList<ImportResult> importBundledSamples(Workspace &workspace);

/// SHA-256 (hex) of a file's bytes, streamed.
QString fileSha256(const QString &path);

} // namespace medtune
