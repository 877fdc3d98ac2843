// A training configuration as a cluster launch: the run JSON, a torchrun command line that
// works with Debian 12's torchrun, and a Slurm sbatch script (docs/distributed.md). Plain
// text generation, no libtorch; the Training page's export dialog shows and saves it.
#pragma once

#include "train/training_spec.h"

#include <QString>

namespace medtune {

struct ClusterLaunch
{
    int nodes = 1;
    int processesPerNode = 2;
    int threadsPerProcess = 1;
    QString workspace; ///< the workspace on a file system every node sees
    QString configPath = QStringLiteral("run.json"); ///< where the run JSON will be, as the nodes see it
    QString program = QStringLiteral("medtune-cli");
    int masterPort = 29500;
    QString logDir = QStringLiteral("torchrun-logs");
    QString jobName = QStringLiteral("medtune-lora");
    QString timeLimit = QStringLiteral("24:00:00");

    /// Throws UsageError naming the bad setting.
    void validate() const;
    /// The run configuration for `train --config` (pretty JSON).
    static QByteArray runJson(const TrainingSpec &spec);
    /// One torchrun line per node: "$NODE_RANK" and "$MASTER_ADDR" stand for the node's
    /// index and the first node's host name (for a single node: no rendezvous flags).
    QString torchrunCommand() const;
    /// A complete sbatch script: one task per node, each running torchrun.
    QString sbatchScript() const;
    /// Sequences per optimizer step over all processes.
    int globalBatch(const TrainingSpec &spec) const;

private:
    QString torchrunLine(const QString &nnodes, const QString &nodeRank, const QString &logs) const;
};

} // namespace medtune
