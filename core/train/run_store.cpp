#include "train/run_store.h"

#include "util/error.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <functional>
#include <sys/types.h>
#include <unistd.h>

namespace medtune {
namespace {

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

QSqlQuery prepared(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        throw Error(QStringLiteral("Cannot prepare a run query: %1").arg(q.lastError().text()));
    return q;
}

void run(QSqlQuery &q, const QString &what)
{
    if (!q.exec())
        throw databaseError(what, q.lastError());
}

// Keys of a run's results and configuration that hold paths.
const QStringList &resultPathKeys()
{
    static const QStringList keys { QStringLiteral("final_checkpoint"), QStringLiteral("best_adapter") };
    return keys;
}

// Paths in a JSON object made relative to the workspace (store) or absolute (read).
QJsonObject mapPaths(QJsonObject o, const QStringList &keys, const std::function<QString(const QString &)> &map)
{
    for (const QString &k : keys)
        if (o.value(k).isString())
            o.insert(k, map(o.value(k).toString()));
    return o;
}

QJsonObject parseObject(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

bool processAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

} // namespace

RunStore::RunStore(Workspace &workspace, bool markInterrupted)
    : m_workspace(workspace)
{
    // Marking crashed runs is a write; when it cannot be done (a full disk, a read-only
    // copy) reading the runs must still work, so the failure is only logged here.
    if (markInterrupted) {
        try {
            markInterruptedRuns();
        } catch (const Error &e) {
            qWarning("%s", qPrintable(e.fullMessage()));
        }
    }
}

qint64 RunStore::create(const QString &name, const QJsonObject &config)
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q = prepared(db, QStringLiteral("INSERT INTO runs (name, status, config_json) VALUES (?, 'created', ?)"));
    q.addBindValue(name);
    q.addBindValue(compact(mapPaths(config, { QStringLiteral("model_dir") },
                                    [this](const QString &p) { return m_workspace.storedPath(p); })));
    run(q, QStringLiteral("create a run"));
    const qint64 id = q.lastInsertId().toLongLong();
    const QString dir = QDir(m_workspace.runsDir()).filePath(QStringLiteral("run-%1").arg(id));
    if (!QDir().mkpath(dir))
        throw Error(QStringLiteral("Cannot create the run folder %1").arg(dir),
                    QStringLiteral("check the workspace's permissions and free space"));
    QSqlQuery u = prepared(db, QStringLiteral("UPDATE runs SET output_dir = ? WHERE id = ?"));
    u.addBindValue(m_workspace.storedPath(dir)); // relative: the workspace may be copied or moved
    u.addBindValue(id);
    run(u, QStringLiteral("record the run folder"));
    return id;
}

void RunStore::markRunning(qint64 id)
{
    QSqlQuery q = prepared(m_workspace.database(),
                           QStringLiteral("UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?), "
                                          "heartbeat_at = ?, pid = ?, error = NULL, finished_at = NULL WHERE id = ?"));
    const QString now = nowIso();
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(qint64(QCoreApplication::applicationPid()));
    q.addBindValue(id);
    run(q, QStringLiteral("mark the run as running"));
}

void RunStore::setStatus(qint64 id, const QString &status, const QString &error)
{
    QSqlQuery q
        = prepared(m_workspace.database(), QStringLiteral("UPDATE runs SET status = ?, error = ? WHERE id = ?"));
    q.addBindValue(status);
    q.addBindValue(error.isEmpty() ? QVariant() : QVariant(error));
    q.addBindValue(id);
    run(q, QStringLiteral("update the run's status"));
}

void RunStore::finish(qint64 id, const QString &status, const QJsonObject &results, const QString &error)
{
    QSqlQuery q = prepared(
        m_workspace.database(),
        QStringLiteral("UPDATE runs SET status = ?, finished_at = ?, results_json = ?, error = ? WHERE id = ?"));
    q.addBindValue(status);
    q.addBindValue(nowIso());
    q.addBindValue(
        compact(mapPaths(results, resultPathKeys(), [this](const QString &p) { return m_workspace.storedPath(p); })));
    q.addBindValue(error.isEmpty() ? QVariant() : QVariant(error));
    q.addBindValue(id);
    run(q, QStringLiteral("record the run's results"));
}

void RunStore::heartbeat(qint64 id)
{
    QSqlQuery q = prepared(m_workspace.database(), QStringLiteral("UPDATE runs SET heartbeat_at = ? WHERE id = ?"));
    q.addBindValue(nowIso());
    q.addBindValue(id);
    run(q, QStringLiteral("record the run's heartbeat"));
}

void RunStore::addMetrics(qint64 id, const QString &split, int step, const QMap<QString, double> &values)
{
    WriteTransaction transaction(m_workspace.database());
    QSqlDatabase &db = transaction.db();
    {
        QSqlQuery q = prepared(db,
                               QStringLiteral("INSERT OR REPLACE INTO run_metrics (run_id, split, name, step, value) "
                                              "VALUES (?, ?, ?, ?, ?)"));
        for (auto it = values.begin(); it != values.end(); ++it) {
            q.bindValue(0, id);
            q.bindValue(1, split);
            q.bindValue(2, it.key());
            q.bindValue(3, step);
            q.bindValue(4, std::isfinite(it.value()) ? QVariant(it.value()) : QVariant());
            run(q, QStringLiteral("record metrics"));
        }
    }
    transaction.commit();
}

void RunStore::addCheckpoint(qint64 id, int step, const QString &path, const QString &kind)
{
    QSqlQuery q = prepared(
        m_workspace.database(),
        QStringLiteral("INSERT OR REPLACE INTO run_checkpoints (run_id, step, path, kind) VALUES (?, ?, ?, ?)"));
    q.addBindValue(id);
    q.addBindValue(step);
    q.addBindValue(m_workspace.storedPath(path));
    q.addBindValue(kind);
    run(q, QStringLiteral("record a checkpoint"));
}

static RunRecord recordFrom(const QSqlQuery &q, const Workspace &ws)
{
    RunRecord r;
    r.id = q.value(0).toLongLong();
    r.name = q.value(1).toString();
    r.status = q.value(2).toString();
    r.createdAt = QDateTime::fromString(q.value(3).toString(), Qt::ISODate);
    r.startedAt = QDateTime::fromString(q.value(4).toString(), Qt::ISODate);
    r.finishedAt = QDateTime::fromString(q.value(5).toString(), Qt::ISODate);
    // Paths are stored relative to the workspace and read as absolute ones under its root.
    const auto resolve = [&ws](const QString &p) { return ws.resolvedPath(p); };
    r.config = mapPaths(parseObject(q.value(6)), { QStringLiteral("model_dir") }, resolve);
    r.results = mapPaths(parseObject(q.value(7)), resultPathKeys(), resolve);
    r.outputDir = ws.resolvedPath(q.value(8).toString());
    r.error = q.value(9).toString();
    return r;
}

static const char *kSelectRun
    = "SELECT id, name, status, created_at, started_at, finished_at, config_json, results_json, "
      "output_dir, error FROM runs";

RunRecord RunStore::get(qint64 id) const
{
    QSqlQuery q = prepared(m_workspace.database(), QString::fromLatin1(kSelectRun) + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id);
    run(q, QStringLiteral("read a run"));
    if (!q.next())
        throw Error(QStringLiteral("There is no run %1 in this workspace").arg(id),
                    QStringLiteral("'medtune-cli runs' lists the runs"));
    return recordFrom(q, m_workspace);
}

QList<RunRecord> RunStore::list() const
{
    QSqlQuery q
        = prepared(m_workspace.database(), QString::fromLatin1(kSelectRun) + QStringLiteral(" ORDER BY id DESC"));
    run(q, QStringLiteral("list runs"));
    QList<RunRecord> out;
    while (q.next())
        out << recordFrom(q, m_workspace);
    return out;
}

QList<MetricPoint> RunStore::metrics(qint64 id, const QString &split, const QString &name) const
{
    QSqlQuery q
        = prepared(m_workspace.database(),
                   QStringLiteral("SELECT step, value FROM run_metrics WHERE run_id = ? AND split = ? AND name = ? "
                                  "AND value IS NOT NULL ORDER BY step"));
    q.addBindValue(id);
    q.addBindValue(split);
    q.addBindValue(name);
    run(q, QStringLiteral("read metrics"));
    QList<MetricPoint> out;
    while (q.next())
        out << MetricPoint { q.value(0).toInt(), q.value(1).toDouble() };
    return out;
}

RunProgress RunStore::progress(qint64 id) const
{
    QSqlQuery q = prepared(m_workspace.database(),
                           QStringLiteral("SELECT step, value FROM run_metrics WHERE run_id = ? AND split = 'train' "
                                          "AND name = 'loss' ORDER BY step DESC LIMIT 1"));
    q.addBindValue(id);
    run(q, QStringLiteral("read progress"));
    RunProgress p;
    if (q.next()) {
        p.step = q.value(0).toInt();
        p.hasLoss = !q.value(1).isNull();
        p.loss = q.value(1).toDouble();
    }
    return p;
}

QStringList RunStore::metricNames(qint64 id, const QString &split) const
{
    QSqlQuery q = prepared(
        m_workspace.database(),
        QStringLiteral("SELECT DISTINCT name FROM run_metrics WHERE run_id = ? AND split = ? ORDER BY name"));
    q.addBindValue(id);
    q.addBindValue(split);
    run(q, QStringLiteral("read metric names"));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

QList<CheckpointRecord> RunStore::checkpoints(qint64 id) const
{
    QSqlQuery q
        = prepared(m_workspace.database(),
                   QStringLiteral("SELECT step, path, kind FROM run_checkpoints WHERE run_id = ? ORDER BY step, kind"));
    q.addBindValue(id);
    run(q, QStringLiteral("read checkpoints"));
    QList<CheckpointRecord> out;
    while (q.next())
        out << CheckpointRecord { q.value(0).toInt(), m_workspace.resolvedPath(q.value(1).toString()),
                                  q.value(2).toString() };
    return out;
}

void RunStore::remove(qint64 id)
{
    const RunRecord r = get(id);
    if (r.status == QLatin1String("running") || r.status == QLatin1String("paused"))
        throw Error(QStringLiteral("Run %1 is still %2").arg(id).arg(r.status), QStringLiteral("stop it first"));
    QSqlQuery q = prepared(m_workspace.database(), QStringLiteral("DELETE FROM runs WHERE id = ?"));
    q.addBindValue(id);
    run(q, QStringLiteral("delete the run"));
    // Only a folder inside this workspace's runs folder is removed.
    const QString runs = QDir(m_workspace.runsDir()).canonicalPath();
    const QString dir = QDir(r.outputDir).canonicalPath();
    if (!dir.isEmpty() && dir.startsWith(runs + u'/'))
        QDir(dir).removeRecursively();
}

int RunStore::markInterruptedRuns()
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q = prepared(db, QStringLiteral("SELECT id, pid FROM runs WHERE status IN ('running', 'paused')"));
    run(q, QStringLiteral("look for interrupted runs"));
    QList<qint64> gone;
    const qint64 self = QCoreApplication::applicationPid();
    while (q.next()) {
        const qint64 pid = q.value(1).toLongLong();
        if (pid != self && !processAlive(pid))
            gone << q.value(0).toLongLong();
    }
    q.finish();
    for (qint64 id : gone)
        setStatus(
            id, QStringLiteral("interrupted"),
            QStringLiteral("The program stopped while this run was training; resume it from its last checkpoint."));
    return int(gone.size());
}

QList<RunAdapter> RunStore::adapters() const
{
    QList<RunAdapter> result;
    for (const RunRecord &run : list()) {
        for (const CheckpointRecord &c : checkpoints(run.id)) {
            if (c.kind != QLatin1String("final") && c.kind != QLatin1String("best"))
                continue;
            if (!QFileInfo::exists(QDir(c.path).filePath(QStringLiteral("adapter_config.json"))))
                continue;
            result.append(
                { run.id, run.name, c.kind, c.step, c.path, run.config.value(QStringLiteral("model_dir")).toString(),
                  run.config.value(QStringLiteral("data")).toObject().value(QStringLiteral("template")).toString() });
        }
    }
    return result;
}

} // namespace medtune
