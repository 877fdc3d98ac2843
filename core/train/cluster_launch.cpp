#include "train/cluster_launch.h"

#include "util/error.h"

#include <QJsonDocument>
#include <QStringList>

namespace medtune {
namespace {

// Quotes a word for a POSIX shell when it needs it.
QString shellWord(const QString &s)
{
    static const QString safe
        = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,+@%");
    bool plain = !s.isEmpty();
    for (QChar c : s)
        plain = plain && safe.contains(c);
    if (plain)
        return s;
    QString q = s;
    q.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return u'\'' + q + u'\'';
}

} // namespace

void ClusterLaunch::validate() const
{
    if (nodes < 1)
        throw UsageError(QStringLiteral("The number of nodes must be at least 1"));
    if (processesPerNode < 1)
        throw UsageError(QStringLiteral("The processes per node must be at least 1"));
    if (threadsPerProcess < 1)
        throw UsageError(QStringLiteral("The threads per process must be at least 1"));
    if (workspace.trimmed().isEmpty())
        throw UsageError(QStringLiteral("Give the workspace path on the shared file system"),
                         QStringLiteral("every node reads the datasets and rank 0 writes the run there"));
    if (masterPort < 1 || masterPort > 65535)
        throw UsageError(QStringLiteral("The rendezvous port must be from 1 to 65535"));
}

QByteArray ClusterLaunch::runJson(const TrainingSpec &spec)
{
    return QJsonDocument(spec.toJson()).toJson(QJsonDocument::Indented);
}

QString ClusterLaunch::torchrunLine(const QString &nnodes, const QString &nodeRank, const QString &logs) const
{
    // Debian 12's torchrun does not start without --redirects, --tee and --log_dir.
    QStringList words { QStringLiteral("torchrun"),    QStringLiteral("--no_python"),
                        QStringLiteral("--redirects"), QStringLiteral("2"),
                        QStringLiteral("--tee"),       QStringLiteral("2"),
                        QStringLiteral("--log_dir"),   logs };
    if (!nnodes.isEmpty())
        words << QStringLiteral("--nnodes") << nnodes << QStringLiteral("--node_rank") << nodeRank
              << QStringLiteral("--master_addr") << QStringLiteral("\"$MASTER_ADDR\"")
              << QStringLiteral("--master_port") << QString::number(masterPort);
    words << QStringLiteral("--nproc_per_node") << QString::number(processesPerNode) << shellWord(program)
          << QStringLiteral("--threads") << QString::number(threadsPerProcess) << QStringLiteral("--workspace")
          << shellWord(workspace) << QStringLiteral("train") << QStringLiteral("--config") << shellWord(configPath)
          << QStringLiteral("--json");
    return words.join(u' ');
}

QString ClusterLaunch::torchrunCommand() const
{
    return nodes > 1 ? torchrunLine(QString::number(nodes), QStringLiteral("\"$NODE_RANK\""), shellWord(logDir))
                     : torchrunLine({}, {}, shellWord(logDir));
}

QString ClusterLaunch::sbatchScript() const
{
    // Slurm starts one task per node; each runs torchrun for that node's processes.
    const QString line = torchrunLine(QStringLiteral("\"$SLURM_NNODES\""), QStringLiteral("\"$SLURM_NODEID\""),
                                      shellWord(logDir) + QStringLiteral("/\"$SLURM_JOB_ID\"/\"$SLURM_NODEID\""));
    return QStringLiteral("#!/bin/bash\n"
                          "# LoRA fine-tuning as one data-parallel job: %1 node(s) x %2 process(es) x %3 thread(s).\n"
                          "# Rank 0 records the run in the shared workspace %4.\n"
                          "#SBATCH --job-name=%5\n"
                          "#SBATCH --nodes=%1\n"
                          "#SBATCH --ntasks-per-node=1\n"
                          "#SBATCH --cpus-per-task=%6\n"
                          "#SBATCH --time=%7\n"
                          "set -euo pipefail\n"
                          "export MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)\n"
                          "srun %8\n")
        .arg(nodes)
        .arg(processesPerNode)
        .arg(threadsPerProcess)
        .arg(workspace, jobName)
        .arg(processesPerNode * threadsPerProcess)
        .arg(timeLimit, line);
}

int ClusterLaunch::globalBatch(const TrainingSpec &spec) const
{
    return nodes * processesPerNode * spec.trainer.microBatchSize * spec.trainer.gradientAccumulation;
}

} // namespace medtune
