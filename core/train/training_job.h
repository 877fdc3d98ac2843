// A training run as a background job: loads the base model, builds the tokenized data,
// attaches LoRA, trains, and records everything in the workspace's run store. Emits
// queued signals for the GUI and the CLI; pause, resume and cancel at any moment (the
// last checkpoint stays consistent). No libtorch in this header.
#pragma once

#include "train/training_spec.h"
#include "util/background_job.h"

#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QMutex>
#include <memory>

namespace medtune {

class DataParallel;
class Workspace;

struct TrainingProgress
{
    int step = 0;
    int totalSteps = 0;
    int epoch = 0;
    double epochProgress = 0;
    double loss = 0;
    double learningRate = 0;
    double gradNorm = 0;
    double tokensPerSecond = 0;
    double etaSeconds = 0;
    bool skipped = false;
};

struct EvaluationPoint
{
    QString split; ///< validation or test
    int step = 0;
    double loss = 0;
    double perplexity = 0;
    qint64 tokens = 0;
    QMap<QString, double> lossByTask;
    QMap<QString, double> lossBySource;
};

class TrainingJob : public BackgroundJob
{
    Q_OBJECT
public:
    /// A new run of spec in workspace (recorded when the job starts).
    TrainingJob(Workspace &workspace, TrainingSpec spec, QObject *parent = nullptr);
    /// Continues the run `runId` from its last checkpoint. With a data-parallel group, ranks
    /// other than 0 only read the run (rank 0 checks and records it).
    /// checkpointStep: resume from checkpoint-<step> of the run (throws Error when it has
    /// none); -1: the newest that reads back, falling back to older ones when it is damaged.
    static std::unique_ptr<TrainingJob> resume(Workspace &workspace, qint64 runId, QObject *parent = nullptr,
                                               std::shared_ptr<DataParallel> group = {}, int checkpointStep = -1);
    ~TrainingJob() override;

    const TrainingSpec &spec() const { return m_spec; }
    /// Makes this job one rank of a data-parallel run (before start()). Rank 0 records the
    /// run; the other ranks write nothing to the workspace. At start all ranks compare their
    /// base model, datasets and configuration and refuse to train when one differs.
    void setDataParallel(std::shared_ptr<DataParallel> group);
    /// Stops with a checkpoint (status "stopped", resumable) after this many optimizer
    /// steps in all; -1 = train to the end.
    void setStopAfterStep(int step) { m_stopAfterStep = step; }
    /// The run's id once created (0 before).
    qint64 runId() const { return m_runId.load(); }
    /// The final results (valid after succeeded()).
    QJsonObject results() const;

Q_SIGNALS:
    void runCreated(qint64 runId);
    void dataReady(const QJsonObject &summary); ///< counts, truncation, tokens of the built data
    void stepCompleted(const medtune::TrainingProgress &progress);
    void evaluated(const medtune::EvaluationPoint &point);
    void checkpointSaved(const QString &path, int step);
    void logLine(const QString &line);

protected:
    void work() override;

private:
    Workspace &m_workspace;
    TrainingSpec m_spec;
    std::atomic<qint64> m_runId { 0 };
    bool m_resume = false;
    std::shared_ptr<DataParallel> m_parallel;
    int m_stopAfterStep = -1;
    int m_resumeStep = -1; ///< the checkpoint chosen to resume from; -1: the newest valid one
    mutable QMutex m_resultsMutex;
    QJsonObject m_results;
};

} // namespace medtune

Q_DECLARE_METATYPE(medtune::TrainingProgress)
Q_DECLARE_METATYPE(medtune::EvaluationPoint)
