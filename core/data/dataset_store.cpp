#include "data/dataset_store.h"

#include "util/error.h"
#include "workspace/workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <cerrno>
#include <csignal>
#include <sys/types.h>

namespace medtune {
namespace {
const QString kColumns
    = QStringLiteral("id, name, formats, content_hash, example_count, stats_json, split_json, storage_dir, created_at");

QJsonObject parseObject(const QString &s)
{
    return QJsonDocument::fromJson(s.toUtf8()).object();
}

} // namespace

DatasetStore::DatasetStore(Workspace &workspace)
    : m_workspace(workspace)
{
}

QStringList DatasetStore::removeOrphanFolders() const
{
    QSet<QString> used;
    for (const DatasetInfo &d : list())
        used.insert(QFileInfo(d.storageDir).fileName());
    QStringList removed;
    const QDir root(datasetsRoot());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QFileInfo &fi : root.entryInfoList({ QStringLiteral("ds-*") }, QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (used.contains(fi.fileName()))
            continue;
        QFile marker(QDir(fi.filePath()).filePath(importMarkerName()));
        if (marker.open(QIODevice::ReadOnly)) {
            bool ok = false;
            const qint64 pid = marker.readAll().trimmed().toLongLong(&ok);
            marker.close();
            if (ok && pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM))
                continue; // that import is still running
        } else if (fi.lastModified().toUTC().secsTo(now) < 600) {
            continue; // an import that has not written its marker yet
        }
        // The dataset row is committed before the marker is removed, so a folder here that
        // no row names belongs to an import that never finished.
        if (QDir(fi.filePath()).removeRecursively())
            removed << fi.fileName();
    }
    return removed;
}

QString DatasetStore::datasetsRoot() const
{
    return QDir(m_workspace.root()).filePath(QStringLiteral("datasets"));
}

static DatasetInfo fromQuery(const QSqlQuery &q, const QString &root)
{
    DatasetInfo d;
    d.id = q.value(0).toLongLong();
    d.name = q.value(1).toString();
    d.formats = q.value(2).toString().split(u',', Qt::SkipEmptyParts);
    d.contentHash = q.value(3).toString();
    d.exampleCount = q.value(4).toLongLong();
    d.stats = parseObject(q.value(5).toString());
    d.splitPolicy = SplitPolicy::fromJson(parseObject(q.value(6).toString()));
    d.storageDir = QDir(root).filePath(q.value(7).toString());
    d.createdAt = q.value(8).toString();
    return d;
}

QList<DatasetInfo> DatasetStore::list() const
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM datasets ORDER BY id").arg(kColumns)))
        throw Error(QStringLiteral("Cannot list datasets: %1").arg(q.lastError().text()));
    QList<DatasetInfo> out;
    while (q.next())
        out << fromQuery(q, m_workspace.root());
    return out;
}

std::optional<DatasetInfo> DatasetStore::byId(qint64 id) const
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM datasets WHERE id = ?").arg(kColumns));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return fromQuery(q, m_workspace.root());
    return std::nullopt;
}

std::optional<DatasetInfo> DatasetStore::byContentHash(const QString &hash) const
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM datasets WHERE content_hash = ?").arg(kColumns));
    q.addBindValue(hash);
    if (q.exec() && q.next())
        return fromQuery(q, m_workspace.root());
    return std::nullopt;
}

DatasetInfo DatasetStore::resolve(const QString &idOrName) const
{
    bool isNumber = false;
    const qint64 id = idOrName.toLongLong(&isNumber);
    QStringList known;
    for (const DatasetInfo &d : list()) {
        if ((isNumber && d.id == id) || d.name == idOrName)
            return d;
        known << QStringLiteral("%1 (%2)").arg(d.id).arg(d.name);
    }
    throw UsageError(QStringLiteral("No dataset '%1' in the workspace").arg(idOrName),
                     known.isEmpty() ? QStringLiteral("import one first with 'medtune-cli import FILE'")
                                     : QStringLiteral("known datasets: ") + known.join(QStringLiteral(", ")));
}

QList<ImportRecord> DatasetStore::imports(qint64 datasetId) const
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, dataset_id, source_path, format, content_hash, records_read, imported,"
                             " skipped_json, issues_json, notes_json, imported_at FROM dataset_imports"
                             " WHERE dataset_id = ? ORDER BY id"));
    q.addBindValue(datasetId);
    if (!q.exec())
        throw Error(QStringLiteral("Cannot read import records: %1").arg(q.lastError().text()));
    QList<ImportRecord> out;
    while (q.next()) {
        ImportRecord r;
        r.id = q.value(0).toLongLong();
        r.datasetId = q.value(1).toLongLong();
        r.sourcePath = q.value(2).toString();
        r.format = q.value(3).toString();
        r.contentHash = q.value(4).toString();
        r.read = q.value(5).toLongLong();
        r.imported = q.value(6).toLongLong();
        r.skipped = parseObject(q.value(7).toString());
        r.issues = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).array();
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(9).toString().toUtf8()).array())
            r.notes << v.toString();
        r.importedAt = q.value(10).toString();
        out << r;
    }
    return out;
}

std::unique_ptr<DatasetFile> DatasetStore::open(const DatasetInfo &info) const
{
    return DatasetFile::open(info.storageDir);
}

void DatasetStore::remove(qint64 id)
{
    const auto info = byId(id);
    if (!info)
        throw UsageError(QStringLiteral("No dataset with id %1").arg(id));
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM datasets WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        throw Error(QStringLiteral("Cannot remove dataset %1: %2").arg(id).arg(q.lastError().text()));
    QDir(info->storageDir).removeRecursively();
}

QString DatasetStore::uniqueName(const QString &base) const
{
    QStringList names;
    for (const DatasetInfo &d : list())
        names << d.name;
    QString name = base;
    for (int i = 2; names.contains(name); ++i)
        name = QStringLiteral("%1 (%2)").arg(base).arg(i);
    return name;
}

} // namespace medtune
