// The workspace's datasets: metadata and import records in SQLite (schema version 3), the
// examples themselves in one folder per dataset (data/dataset_file.h).
#pragma once

#include "data/dataset_file.h"
#include "data/splits.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace medtune {

class Workspace;

struct DatasetInfo
{
    qint64 id = 0;
    QString name;
    QStringList formats;
    QString contentHash; ///< SHA-256 of the source files and import options
    qint64 exampleCount = 0;
    QJsonObject stats; ///< DatasetStatistics::toJson()
    SplitPolicy splitPolicy;
    QString storageDir; ///< absolute folder of examples.jsonl and examples.idx
    QString createdAt;
};

struct ImportRecord
{
    qint64 id = 0, datasetId = 0;
    QString sourcePath, format, contentHash;
    qint64 read = 0, imported = 0;
    QJsonObject skipped;
    QJsonArray issues;
    QStringList notes;
    QString importedAt;
};

/// Thread-safety: uses the calling thread's database connection; one store per thread.
class DatasetStore
{
public:
    explicit DatasetStore(Workspace &workspace);

    QList<DatasetInfo> list() const;
    std::optional<DatasetInfo> byId(qint64 id) const;
    std::optional<DatasetInfo> byContentHash(const QString &hash) const;
    /// By id or by name; throws UsageError naming the known datasets when absent.
    DatasetInfo resolve(const QString &idOrName) const;
    QList<ImportRecord> imports(qint64 datasetId) const;
    std::unique_ptr<DatasetFile> open(const DatasetInfo &info) const;
    /// Deletes the records and the folder.
    void remove(qint64 id);
    /// A name not yet used: base, or "base (2)", "base (3)"...
    QString uniqueName(const QString &base) const;
    /// Removes datasets/ds-* folders no dataset refers to, left by interrupted imports: those
    /// whose importing process is gone (its .importing marker names a dead process) or,
    /// without a marker, untouched for ten minutes. Imports still running keep theirs.
    /// Returns the folders removed.
    QStringList removeOrphanFolders() const;
    /// The marker file an import keeps in its folder until the dataset is recorded.
    static QString importMarkerName() { return QStringLiteral(".importing"); }
    /// Folder under the workspace where datasets live.
    QString datasetsRoot() const;
    Workspace &workspace() const { return m_workspace; }

private:
    Workspace &m_workspace;
};

} // namespace medtune
