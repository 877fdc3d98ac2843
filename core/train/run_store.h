// Training runs recorded in the workspace: configuration, status, metric time series,
// checkpoints and final results. A run left "running" by a crashed process is marked
// "interrupted" when a store is opened.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace medtune {

class Workspace;

struct RunRecord
{
    qint64 id = 0;
    QString name;
    QString status; ///< created, running, paused, stopped, completed, failed, interrupted
    QDateTime createdAt, startedAt, finishedAt;
    QJsonObject config;
    QJsonObject results;
    QString outputDir;
    QString error;
};

struct MetricPoint
{
    int step = 0;
    double value = 0;
};

struct CheckpointRecord
{
    int step = 0;
    QString path;
    QString kind; ///< periodic, best, final
};

/// How far a run has come, from its recorded training metrics (live while it runs).
struct RunProgress
{
    int step = 0; ///< the last training step recorded (0 before the first)
    double loss = 0; ///< that step's training loss
    bool hasLoss = false;
};

/// A run's final or best adapter that exists on disk, with what it was trained on.
struct RunAdapter
{
    qint64 runId = 0;
    QString runName;
    QString kind; ///< final or best
    int step = 0;
    QString path; ///< the PEFT folder
    QString modelDir; ///< the run's base model
    QString templateName; ///< the run's instruction template
};

class RunStore
{
public:
    /// Also marks runs whose process is gone as interrupted.
    explicit RunStore(Workspace &workspace);

    /// Creates a run and its folder (runs/run-<id>); returns the id.
    qint64 create(const QString &name, const QJsonObject &config);
    void markRunning(qint64 id);
    void setStatus(qint64 id, const QString &status, const QString &error = {});
    void finish(qint64 id, const QString &status, const QJsonObject &results, const QString &error = {});
    /// Records that the owning process is alive (the crash detector reads it).
    void heartbeat(qint64 id);
    /// Values of several metrics at one step, in one transaction; re-recording a step replaces it.
    void addMetrics(qint64 id, const QString &split, int step, const QMap<QString, double> &values);
    void addCheckpoint(qint64 id, int step, const QString &path, const QString &kind);

    RunRecord get(qint64 id) const; ///< throws Error for an unknown id
    QList<RunRecord> list() const; ///< newest first
    QList<MetricPoint> metrics(qint64 id, const QString &split, const QString &name) const;
    QStringList metricNames(qint64 id, const QString &split) const;
    RunProgress progress(qint64 id) const;
    QList<CheckpointRecord> checkpoints(qint64 id) const;
    /// The final and best adapters of every run (newest run first) whose folder holds an
    /// adapter_config.json.
    QList<RunAdapter> adapters() const;
    /// Deletes the run, its series and its folder. A running run cannot be deleted.
    void remove(qint64 id);
    /// Marks runs left running by a process that no longer exists; returns how many.
    int markInterruptedRuns();

private:
    Workspace &m_workspace;
};

} // namespace medtune
