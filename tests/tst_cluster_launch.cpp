// The cluster launch export: the torchrun line (in the form Debian 12's torchrun needs),
// the Slurm script, the run JSON that round-trips, and the Training page's dialog.
#include "test_support.h"
#include "train/cluster_launch.h"
#include "training/cluster_launch_dialog.h"
#include "util/error.h"

#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

namespace {

TrainingSpec exampleSpec()
{
    TrainingSpec s;
    s.name = QStringLiteral("cluster run");
    s.modelDir = QStringLiteral("/models/TinyLlama");
    s.data = QJsonObject { { QStringLiteral("datasets"), QJsonArray { QJsonObject { { QStringLiteral("id"), 3 } } } } };
    s.trainer.microBatchSize = 4;
    s.trainer.gradientAccumulation = 2;
    return s;
}

} // namespace

class ClusterLaunchTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void singleNodeCommand()
    {
        ClusterLaunch l;
        l.processesPerNode = 4;
        l.threadsPerProcess = 2;
        l.workspace = QStringLiteral("/shared/my ws");
        QCOMPARE(l.torchrunCommand(),
                 QStringLiteral("torchrun --no_python --redirects 2 --tee 2 --log_dir torchrun-logs --nproc_per_node 4 "
                                "medtune-cli --threads 2 --workspace '/shared/my ws' train --config run.json --json"));
        QCOMPARE(l.globalBatch(exampleSpec()), 1 * 4 * 4 * 2);
    }

    void multiNodeCommandAndSlurm()
    {
        ClusterLaunch l;
        l.nodes = 12;
        l.processesPerNode = 2;
        l.threadsPerProcess = 16;
        l.workspace = QStringLiteral("/lustre/ws");
        const QString cmd = l.torchrunCommand();
        QVERIFY(cmd.contains(QStringLiteral("--nnodes 12 --node_rank \"$NODE_RANK\" --master_addr \"$MASTER_ADDR\" "
                                            "--master_port 29500 --nproc_per_node 2")));
        const QString script = l.sbatchScript();
        QVERIFY(script.startsWith(QStringLiteral("#!/bin/bash\n")));
        QVERIFY(script.contains(QStringLiteral("#SBATCH --nodes=12\n")));
        QVERIFY(script.contains(QStringLiteral("#SBATCH --ntasks-per-node=1\n")));
        QVERIFY(script.contains(QStringLiteral("#SBATCH --cpus-per-task=32\n")));
        QVERIFY(script.contains(QStringLiteral("srun torchrun --no_python --redirects 2 --tee 2 --log_dir "
                                               "torchrun-logs/\"$SLURM_JOB_ID\"/\"$SLURM_NODEID\" --nnodes "
                                               "\"$SLURM_NNODES\" --node_rank \"$SLURM_NODEID\"")));
        QVERIFY(script.contains(QStringLiteral("--workspace /lustre/ws train --config run.json --json\n")));
        QCOMPARE(l.globalBatch(exampleSpec()), 12 * 2 * 4 * 2);
    }

    void runJsonRoundTrips()
    {
        const TrainingSpec s = exampleSpec();
        const QJsonObject json = QJsonDocument::fromJson(ClusterLaunch::runJson(s)).object();
        QCOMPARE(TrainingSpec::fromJson(json).toJson(), s.toJson());
    }

    void rejectsBadSettings()
    {
        ClusterLaunch l;
        QVERIFY_THROWS_EXCEPTION(UsageError, l.validate()); // no workspace
        l.workspace = QStringLiteral("/ws");
        l.validate();
        l.processesPerNode = 0;
        QVERIFY_THROWS_EXCEPTION(UsageError, l.validate());
    }

    void dialogShowsAndSaves()
    {
        ui::ClusterLaunchDialog dialog(exampleSpec(), QStringLiteral("/shared/ws"));
        dialog.findChild<QSpinBox *>(QStringLiteral("nodes"))->setValue(2);
        dialog.findChild<QSpinBox *>(QStringLiteral("processesPerNode"))->setValue(3);
        dialog.findChild<QSpinBox *>(QStringLiteral("threadsPerProcess"))->setValue(4);
        QVERIFY(dialog.torchrunCommand().contains(QStringLiteral("--nnodes 2")));
        QVERIFY(dialog.torchrunCommand().contains(QStringLiteral("--nproc_per_node 3")));
        QVERIFY(dialog.torchrunCommand().contains(QStringLiteral("--threads 4 --workspace /shared/ws")));
        QVERIFY(dialog.sbatchScript().contains(QStringLiteral("#SBATCH --cpus-per-task=12")));
        bool explained = false;
        for (QLabel *label : dialog.findChildren<QLabel *>())
            explained = explained || label->text().contains(QStringLiteral("%1 sequences").arg(2 * 3 * 4 * 2));
        QVERIFY(explained);

        QTemporaryDir dir;
        QString error;
        QVERIFY2(dialog.saveTo(dir.path(), &error), qPrintable(error));
        for (const char *name : { "run.json", "torchrun.sh", "medtune-train.sbatch" })
            QVERIFY(QFile::exists(dir.filePath(QLatin1String(name))));
        QFile json(dir.filePath(QStringLiteral("run.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(TrainingSpec::fromJson(QJsonDocument::fromJson(json.readAll()).object()).toJson(),
                 exampleSpec().toJson());
        dialog.show();
        QVERIFY(dialog.grab().save(QDir(test::artefactDir()).filePath(QStringLiteral("cluster_launch_dialog.png"))));
    }
};

QTEST_MAIN(ClusterLaunchTest)
#include "tst_cluster_launch.moc"
