// medtune-cli train: a LoRA training run from a JSON configuration and/or flags, with a
// live progress line and a final JSON summary; --demo prepares and trains the demo
// workspace; --resume continues a stopped run. Ctrl+C stops at the next step, keeping
// the last checkpoint. Started by torchrun (WORLD_SIZE > 1) it is one rank of a
// data-parallel run (docs/distributed.md).
#include "cli/commands.h"
#include "cli/hub_cli.h"
#include "data/dataset_store.h"
#include "train/data_parallel.h"
#include "train/demo_workspace.h"
#include "train/run_store.h"
#include "train/training_data.h"
#include "train/training_job.h"
#include "util/error.h"
#include "util/regular_file.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <unistd.h>

namespace medtune::cli {
namespace {

std::atomic_bool g_interrupted { false };

void onInterrupt(int)
{
    g_interrupted = true;
}

QString duration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    return s >= 3600
        ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar(u'0')).arg(s % 60, 2, 10, QChar(u'0'))
        : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar(u'0'));
}

QJsonObject readConfig(const QString &path)
{
    requireRegularFile(path, QStringLiteral("the configuration file"));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw UsageError(QStringLiteral("Cannot read the configuration %1: %2").arg(path, f.errorString()));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject())
        throw UsageError(
            QStringLiteral("%1 is not a JSON object: %2 at offset %3").arg(path, err.errorString()).arg(err.offset));
    return doc.object();
}

int trainAsRank(CommandLine &cl, const std::optional<RankEnvironment> &rankEnv);

} // namespace

int runTrain(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("config"),
                  QStringLiteral("Run configuration (JSON, as 'runs show ID --json' prints under \"config\")."),
                  QStringLiteral("FILE") });
    p.addOption(
        { QStringLiteral("demo"),
          QStringLiteral("Prepare the demo workspace (samples, demo model) and fine-tune the demo model on it.") });
    p.addOption({ QStringLiteral("resume"),
                  QStringLiteral("Continue a stopped or interrupted run from its last checkpoint."),
                  QStringLiteral("RUN") });
    p.addOption({ QStringLiteral("checkpoint"),
                  QStringLiteral("With --resume: continue from checkpoint-N of the run (default: the newest that "
                                 "reads back)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("name"), QStringLiteral("Run name."), QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("model"),
                  QStringLiteral("Base model folder, or a repo id ORG/NAME from the Hugging Face cache."),
                  QStringLiteral("DIR") });
    addDownloadOption(cl);
    p.addOption({ QStringLiteral("dataset"), QStringLiteral("Dataset id or name to train on; may be repeated."),
                  QStringLiteral("D") });
    // Defaults shown in --help come from the same objects a run starts from.
    const TrainingSpec d;
    const QJsonObject dataDefaults = effectiveDataSpec({});
    auto def
        = [](const QString &text, const QString &value) { return QStringLiteral("%1 (default %2).").arg(text, value); };
    p.addOption(
        { QStringLiteral("template"),
          def(QStringLiteral("Instruction template"), dataDefaults.value(QStringLiteral("template")).toString()),
          QStringLiteral("T") });
    p.addOption({ QStringLiteral("max-tokens"),
                  def(QStringLiteral("Maximum sequence length in tokens"),
                      QString::number(dataDefaults.value(QStringLiteral("max_tokens")).toInt())),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("cut"),
                  def(QStringLiteral("Cut long documents at the tail, head or middle"),
                      dataDefaults.value(QStringLiteral("cut")).toString()),
                  QStringLiteral("C") });
    p.addOption(
        { QStringLiteral("r"), def(QStringLiteral("LoRA rank"), QString::number(d.lora.r)), QStringLiteral("N") });
    p.addOption({ QStringLiteral("alpha"), def(QStringLiteral("LoRA alpha"), QString::number(d.lora.alpha)),
                  QStringLiteral("X") });
    p.addOption({ QStringLiteral("dropout"), def(QStringLiteral("LoRA dropout"), QString::number(d.lora.dropout)),
                  QStringLiteral("X") });
    p.addOption(
        { QStringLiteral("targets"),
          def(QStringLiteral("LoRA target modules, comma-separated"), d.lora.targetModules.join(QStringLiteral(","))),
          QStringLiteral("LIST") });
    p.addOption({ QStringLiteral("lr"),
                  def(QStringLiteral("Peak learning rate"), QString::number(d.trainer.learningRate)),
                  QStringLiteral("X") });
    p.addOption({ QStringLiteral("schedule"),
                  def(QStringLiteral("cosine, linear or constant"), LrSchedule::name(d.trainer.schedule)),
                  QStringLiteral("S") });
    p.addOption(
        { QStringLiteral("warmup-steps"),
          def(QStringLiteral("Warm-up steps"), QStringLiteral("%1% of the steps").arg(d.trainer.warmupRatio * 100)),
          QStringLiteral("N") });
    p.addOption({ QStringLiteral("batch"),
                  def(QStringLiteral("Sequences per micro-batch"), QString::number(d.trainer.microBatchSize)),
                  QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("accumulation"),
          def(QStringLiteral("Micro-batches per optimizer step"), QString::number(d.trainer.gradientAccumulation)),
          QStringLiteral("N") });
    p.addOption({ QStringLiteral("epochs"), def(QStringLiteral("Epochs"), QString::number(d.trainer.epochs)),
                  QStringLiteral("X") });
    p.addOption({ QStringLiteral("max-steps"),
                  def(QStringLiteral("Optimizer steps, overriding --epochs"), QStringLiteral("0 = from --epochs")),
                  QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("eval-every"),
          def(QStringLiteral("Validation every N steps, 0 = only at the end"), QString::number(d.trainer.evalEvery)),
          QStringLiteral("N") });
    p.addOption({ QStringLiteral("checkpoint-every"),
                  def(QStringLiteral("Checkpoint every N steps, 0 = only at the end"),
                      QString::number(d.trainer.checkpointEvery)),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("seed"),
                  def(QStringLiteral("Seed of the data order, adapter initialisation and dropout"),
                      QString::number(d.trainer.seed)),
                  QStringLiteral("S") });
    p.addOption(
        { QStringLiteral("dtype"),
          def(QStringLiteral("Base weights: auto (bfloat16 where the CPU has a fast path), bfloat16 or float32"),
              d.dtype),
          QStringLiteral("T") });
    p.addOption({ QStringLiteral("device"), def(QStringLiteral("cpu or cuda[:N]"), d.device), QStringLiteral("D") });
    p.addOption({ QStringLiteral("checkpoint-activations"),
                  def(QStringLiteral("Recompute each layer in the backward pass to save memory: auto (when a step "
                                     "would not fit otherwise), on or off"),
                      d.activationCheckpointing),
                  QStringLiteral("MODE") });
    p.addOption({ QStringLiteral("stop-after-step"),
                  QStringLiteral("Stop with a checkpoint after N optimizer steps in all (resume later with --resume)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("rank-timeout"),
                  QStringLiteral("Data-parallel runs: seconds to wait for a rank that does not answer before all "
                                 "stop (default 300, or $MEDTUNE_RANK_TIMEOUT)."),
                  QStringLiteral("S") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Fine-tune LoRA adapters on a frozen base model.")))
        return cl.exitCode();

    // Started by torchrun with WORLD_SIZE > 1: this process is one rank.
    const std::optional<RankEnvironment> rankEnv = RankEnvironment::fromEnvironment();
    const int rank = rankEnv ? rankEnv->rank : 0;
    try {
        return trainAsRank(cl, rankEnv);
    } catch (const UsageError &e) {
        if (rank == 0)
            throw;
        throw UsageError(QStringLiteral("rank %1: %2").arg(rank).arg(e.message()), e.hint());
    } catch (const Error &e) {
        if (rank == 0)
            throw;
        throw Error(QStringLiteral("rank %1: %2").arg(rank).arg(e.message()), e.hint());
    }
}

namespace {

int trainAsRank(CommandLine &cl, const std::optional<RankEnvironment> &rankEnv)
{
    std::unique_ptr<Workspace> demoWorkspace;
    Workspace *ws = nullptr;
    if (rankEnv && cl.isSet(QStringLiteral("demo")))
        throw UsageError(QStringLiteral("--demo cannot run as a data-parallel rank"),
                         QStringLiteral("prepare the workspace with 'medtune-cli train --demo' first, then start the "
                                        "ranks with --model and --dataset"));
    if (cl.isSet(QStringLiteral("demo")) && !cl.isSet(QStringLiteral("workspace"))) {
        demoWorkspace = std::make_unique<Workspace>(Workspace::demoLocation());
        ws = demoWorkspace.get();
    } else {
        ws = &cl.workspace();
    }
    QTextStream &err = cl.err();
    const bool writer = !rankEnv || rankEnv->rank == 0;
    // Ranks other than 0 print only warnings and errors (prefixed with the rank).
    const bool tty = writer && ::isatty(STDERR_FILENO);

    std::shared_ptr<DataParallel> group;
    if (rankEnv) {
        const auto timeout = cl.isSet(QStringLiteral("rank-timeout"))
            ? std::chrono::milliseconds(qint64(cl.doubleValue(QStringLiteral("rank-timeout")) * 1000))
            : DataParallel::defaultTimeout();
        if (timeout.count() <= 0)
            throw UsageError(QStringLiteral("--rank-timeout must be positive"));
        QString device = QStringLiteral("cpu");
        if (!cl.isSet(QStringLiteral("resume"))) {
            if (cl.isSet(QStringLiteral("device")))
                device = cl.value(QStringLiteral("device"));
            else if (cl.isSet(QStringLiteral("config")))
                device
                    = readConfig(cl.value(QStringLiteral("config"))).value(QStringLiteral("device")).toString(device);
        } else {
            bool ok = false;
            const qint64 id = cl.value(QStringLiteral("resume")).toLongLong(&ok);
            if (ok)
                device = RunStore(*ws, false).get(id).config.value(QStringLiteral("device")).toString(device);
        }
        // One GPU per process on a machine: cuda -> cuda:LOCAL_RANK.
        if (device == QLatin1String("cuda"))
            device = QStringLiteral("cuda:%1").arg(rankEnv->localRank);
        if (writer)
            err << "rank 0 of " << rankEnv->worldSize << ": waiting for the other ranks at " << rankEnv->masterAddr
                << ':' << rankEnv->masterPort << '\n';
        err.flush();
        group = std::make_shared<DataParallel>(*rankEnv, timeout, device);
    }

    std::unique_ptr<TrainingJob> job;
    if (cl.isSet(QStringLiteral("resume"))) {
        bool ok = false;
        const qint64 id = cl.value(QStringLiteral("resume")).toLongLong(&ok);
        if (!ok)
            throw UsageError(QStringLiteral("'%1' is not a run id").arg(cl.value(QStringLiteral("resume"))));
        // A resumed run keeps its stored configuration: other training flags would be ignored.
        static const QStringList allowed
            = { QStringLiteral("resume"),          QStringLiteral("checkpoint"),  QStringLiteral("workspace"),
                QStringLiteral("threads"),         QStringLiteral("json"),        QStringLiteral("verbose"),
                QStringLiteral("stop-after-step"), QStringLiteral("rank-timeout") };
        for (const QString &name : cl.parser().optionNames())
            if (!allowed.contains(name))
                throw UsageError(QStringLiteral("--%1 cannot be combined with --resume").arg(name),
                                 QStringLiteral("a resumed run continues with its stored configuration; start a new "
                                                "run to change settings"));
        job = TrainingJob::resume(
            *ws, id, nullptr, group,
            cl.isSet(QStringLiteral("checkpoint")) ? cl.intValue(QStringLiteral("checkpoint"), 0, 1 << 30) : -1);
    } else {
        if (cl.isSet(QStringLiteral("checkpoint")))
            throw UsageError(QStringLiteral("--checkpoint goes with --resume RUN"));
        TrainingSpec spec;
        if (cl.isSet(QStringLiteral("demo"))) {
            prepareDemoWorkspace(*ws, [&](const QString &message, qint64 done, qint64 total) {
                if (total == 0 || done == 1 || done % 20 == 0 || done == total) {
                    err << message << '\n';
                    err.flush();
                }
            });
            spec = demoTrainingSpec(*ws);
        }
        if (cl.isSet(QStringLiteral("config")))
            spec = TrainingSpec::fromJson(readConfig(cl.value(QStringLiteral("config"))));
        // Flags override the configuration.
        if (cl.isSet(QStringLiteral("name")))
            spec.name = cl.value(QStringLiteral("name"));
        if (cl.isSet(QStringLiteral("model")))
            spec.modelDir = cl.value(QStringLiteral("model"));
        if (cl.isSet(QStringLiteral("dataset"))) {
            QJsonArray datasets;
            DatasetStore store(*ws);
            for (const QString &d : cl.parser().values(QStringLiteral("dataset")))
                datasets.append(QJsonObject { { QStringLiteral("id"), store.resolve(d).id } });
            spec.data[QStringLiteral("datasets")] = datasets;
        }
        if (cl.isSet(QStringLiteral("template")))
            spec.data[QStringLiteral("template")] = cl.value(QStringLiteral("template"));
        if (cl.isSet(QStringLiteral("max-tokens")))
            spec.data[QStringLiteral("max_tokens")] = cl.intValue(QStringLiteral("max-tokens"), 16, 1 << 20);
        if (cl.isSet(QStringLiteral("cut")))
            spec.data[QStringLiteral("cut")] = cl.value(QStringLiteral("cut"));
        if (cl.isSet(QStringLiteral("r")))
            spec.lora.r = cl.intValue(QStringLiteral("r"), 1, 4096);
        if (cl.isSet(QStringLiteral("alpha")))
            spec.lora.alpha = cl.doubleValue(QStringLiteral("alpha"));
        if (cl.isSet(QStringLiteral("dropout")))
            spec.lora.dropout = cl.doubleValue(QStringLiteral("dropout"));
        if (cl.isSet(QStringLiteral("targets")))
            spec.lora.targetModules = cl.value(QStringLiteral("targets")).split(u',', Qt::SkipEmptyParts);
        if (cl.isSet(QStringLiteral("lr")))
            spec.trainer.learningRate = cl.doubleValue(QStringLiteral("lr"));
        if (cl.isSet(QStringLiteral("schedule")))
            spec.trainer.schedule = LrSchedule::kindFromName(cl.value(QStringLiteral("schedule")));
        if (cl.isSet(QStringLiteral("warmup-steps")))
            spec.trainer.warmupSteps = cl.intValue(QStringLiteral("warmup-steps"), 0, 1 << 30);
        if (cl.isSet(QStringLiteral("batch")))
            spec.trainer.microBatchSize = cl.intValue(QStringLiteral("batch"), 1, 4096);
        if (cl.isSet(QStringLiteral("accumulation")))
            spec.trainer.gradientAccumulation = cl.intValue(QStringLiteral("accumulation"), 1, 4096);
        if (cl.isSet(QStringLiteral("epochs")))
            spec.trainer.epochs = cl.doubleValue(QStringLiteral("epochs"));
        if (cl.isSet(QStringLiteral("max-steps")))
            spec.trainer.maxSteps = cl.intValue(QStringLiteral("max-steps"), 0, 1 << 30);
        if (cl.isSet(QStringLiteral("eval-every")))
            spec.trainer.evalEvery = cl.intValue(QStringLiteral("eval-every"), 0, 1 << 30);
        if (cl.isSet(QStringLiteral("checkpoint-every")))
            spec.trainer.checkpointEvery = cl.intValue(QStringLiteral("checkpoint-every"), 0, 1 << 30);
        if (cl.isSet(QStringLiteral("seed")))
            spec.trainer.seed = cl.value(QStringLiteral("seed")).toULongLong();
        if (cl.isSet(QStringLiteral("dtype")))
            spec.dtype = cl.value(QStringLiteral("dtype"));
        if (cl.isSet(QStringLiteral("device")))
            spec.device = cl.value(QStringLiteral("device"));
        if (cl.isSet(QStringLiteral("checkpoint-activations")))
            spec.activationCheckpointing = cl.value(QStringLiteral("checkpoint-activations"));
        if (cl.isSet(QStringLiteral("threads")))
            spec.threads = cl.intValue(QStringLiteral("threads"), 0, 1024);
        if (spec.name.isEmpty())
            spec.name = QStringLiteral("run");
        downloadIfRequested(cl, spec.modelDir, false);
        if (group) {
            // --accumulation is per rank; the run records the global count, so that it
            // trains (and resumes, on any number of ranks) as one process with that count.
            spec.trainer.gradientAccumulation *= group->worldSize();
        }
        job = std::make_unique<TrainingJob>(*ws, spec);
        job->setDataParallel(group);
    }
    if (cl.isSet(QStringLiteral("stop-after-step")))
        job->setStopAfterStep(cl.intValue(QStringLiteral("stop-after-step"), 1, 1 << 30));

    QEventLoop loop;
    QString failure;
    bool cancelled = false;
    QObject::connect(job.get(), &TrainingJob::runCreated, &loop,
                     [&](qint64 id) { err << "run " << id << " in " << ws->runsDir() << '\n'; });
    if (writer) {
        QObject::connect(job.get(), &TrainingJob::logLine, &loop, [&](const QString &line) {
            err << (tty ? "\r\033[K" : "") << line << '\n';
            err.flush();
        });
        QObject::connect(job.get(), &BackgroundJob::progress, &loop,
                         [&](qint64 done, qint64 total, const QString &message) {
                             if (total == 0 && !message.isEmpty()) {
                                 err << (tty ? "\r\033[K" : "") << message << (tty ? "" : "\n");
                                 err.flush();
                             }
                         });
        QObject::connect(job.get(), &TrainingJob::stepCompleted, &loop, [&](const TrainingProgress &s) {
            const QString line = QStringLiteral("step %1/%2  loss %3  lr %4  %5 tok/s  ETA %6%7")
                                     .arg(s.step)
                                     .arg(s.totalSteps)
                                     .arg(s.loss, 0, 'f', 4)
                                     .arg(s.learningRate, 0, 'e', 2)
                                     .arg(s.tokensPerSecond, 0, 'f', 0)
                                     .arg(duration(s.etaSeconds))
                                     .arg(s.skipped ? QStringLiteral("  (skipped: non-finite)") : QString());
            if (tty)
                err << "\r\033[K" << line;
            else if (s.step == 1 || s.step % 10 == 0 || s.step == s.totalSteps)
                err << line << '\n';
            err.flush();
        });
    }
    QObject::connect(job.get(), &BackgroundJob::failed, &loop, [&](const QString &m) { failure = m; });
    QObject::connect(job.get(), &BackgroundJob::cancelled, &loop, [&] { cancelled = true; });
    QObject::connect(job.get(), &BackgroundJob::ended, &loop, &QEventLoop::quit);

    g_interrupted = false;
    auto previous = std::signal(SIGINT, onInterrupt);
    // torchrun passes Ctrl+C on to the ranks, and stops them with SIGTERM: both stop every
    // rank after the current step, with a checkpoint.
    auto previousTerm = rankEnv ? std::signal(SIGTERM, onInterrupt) : SIG_DFL;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (g_interrupted.exchange(false)) {
            if (writer)
                err << (tty ? "\n" : "") << "stopping at the next step...\n";
            job->requestCancel();
        }
    });
    poll.start(100);
    job->start();
    loop.exec();
    std::signal(SIGINT, previous);
    if (rankEnv)
        std::signal(SIGTERM, previousTerm);
    if (tty)
        err << '\n';

    if (!failure.isEmpty())
        throw Error(failure);
    if (cancelled) {
        if (!writer)
            return RuntimeError;
        err << "stopped; continue with 'medtune-cli train --resume " << job->runId() << "'\n";
        return RuntimeError;
    }
    if (!writer)
        return Ok;
    QJsonObject summary = job->results();
    summary.insert(QStringLiteral("run"), job->runId());
    summary.insert(QStringLiteral("workspace"), ws->root());
    if (cl.json()) {
        cl.printJson(QJsonDocument(summary));
        return Ok;
    }
    // A short human summary; --json or 'runs show ID --json' give everything.
    QTextStream &out = cl.out();
    auto figure = [&summary](const char *key, int decimals) {
        const QJsonValue v = summary.value(QLatin1String(key));
        return v.isDouble() ? QString::number(v.toDouble(), 'f', decimals) : QStringLiteral("-");
    };
    out << "Run " << job->runId() << " finished after " << summary.value(QStringLiteral("steps")).toInt() << " steps\n";
    const std::pair<const char *, const char *> rows[] = {
        { "last training loss", "final_train_loss" },   { "best validation loss", "best_validation_loss" },
        { "final validation loss", "validation_loss" }, { "test loss", "test_loss" },
        { "test perplexity", "test_perplexity" },
    };
    for (const auto &[label, key] : rows)
        if (summary.contains(QLatin1String(key)))
            out << "  " << QString::fromLatin1(label).leftJustified(24) << figure(key, 4) << '\n';
    for (const char *key : { "best_adapter", "final_checkpoint" })
        if (summary.value(QLatin1String(key)).isString())
            out << "  " << QString::fromLatin1(key).replace(u'_', u' ').leftJustified(24)
                << summary.value(QLatin1String(key)).toString() << '\n';
    out << "Details: medtune-cli --workspace " << ws->root() << " runs show " << job->runId() << '\n';
    return Ok;
}

} // namespace
} // namespace medtune::cli
