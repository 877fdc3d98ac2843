// medtune-cli bench train: LoRA training throughput at TinyLlama's widths, the achieved
// FLOP/s against the measured matmul rate, and the projected time of one epoch of a
// dataset at TinyLlama's full depth. --ranks N starts N local data-parallel ranks of this
// program (as torchrun would) and compares them with one process of N times the threads.
#include "cli/commands.h"
#include "data/dataset_importer.h"
#include "model/llama_model.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "text/tokenized_cache.h"
#include "text/tokenizer.h"
#include "train/data_parallel.h"
#include "train/train_benchmark.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace medtune::cli {
namespace {

// Tokens of every formatted example of `files` under the default template.
qint64 datasetTokens(const QStringList &files, const QString &tokenizerPath, int maxTokens, qint64 *examples)
{
    QTemporaryDir tmp;
    Workspace ws(tmp.filePath(QStringLiteral("ws")));
    const ImportResult imported = importDataset(ws, files);
    const auto tokenizer = Tokenizer::load(tokenizerPath);
    LengthPolicy policy;
    policy.maxTokens = maxTokens;
    const PromptFormatter formatter(InstructionTemplate::plain(), tokenizer, policy);
    auto file = DatasetStore(ws).open(imported.dataset);
    const auto cache = TokenizedCache::openOrBuild(ws.cacheDir(), *file, imported.dataset.contentHash, formatter);
    qint64 tokens = 0;
    *examples = 0;
    for (qint64 i = 0; i < cache->size(); ++i) {
        const auto rec = cache->record(i);
        if (rec.skip == FormatSkip::None) {
            tokens += qint64(rec.ids.size());
            ++*examples;
        }
    }
    return tokens;
}

// A loopback port nobody listens on now, for the ranks' rendezvous.
int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        ::close(fd);
    if (port == 0)
        throw Error(QStringLiteral("No free loopback port for the ranks' rendezvous"));
    return port;
}

// Runs `ranks` copies of this program's 'bench train' as data-parallel ranks on loopback
// and returns rank 0's JSON.
QJsonObject runRanks(int ranks, int threadsPerRank, const QStringList &benchArgs, QTextStream &err)
{
    const int port = freeLoopbackPort();
    std::vector<std::unique_ptr<QProcess>> procs;
    for (int r = 0; r < ranks; ++r) {
        RankEnvironment env;
        env.rank = env.localRank = r;
        env.worldSize = env.localWorldSize = ranks;
        env.masterAddr = QStringLiteral("127.0.0.1");
        env.masterPort = port;
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment pe = QProcessEnvironment::systemEnvironment();
        pe.remove(QStringLiteral("TORCHELASTIC_USE_AGENT_STORE"));
        for (const QString &kv : env.toEnvironment())
            pe.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
        p->setProcessEnvironment(pe);
        p->setProcessChannelMode(r == 0 ? QProcess::SeparateChannels : QProcess::ForwardedErrorChannel);
        p->start(QCoreApplication::applicationFilePath(),
                 QStringList { QStringLiteral("--threads"), QString::number(threadsPerRank), QStringLiteral("bench"),
                               QStringLiteral("train") }
                     + benchArgs + QStringList { QStringLiteral("--json") });
        procs.push_back(std::move(p));
    }
    QByteArray out, errors;
    for (int r = 0; r < ranks; ++r) {
        procs[size_t(r)]->waitForFinished(-1);
        if (r == 0) {
            out = procs[0]->readAllStandardOutput();
            errors = procs[0]->readAllStandardError();
        }
        if (procs[size_t(r)]->exitStatus() != QProcess::NormalExit || procs[size_t(r)]->exitCode() != 0) {
            err << errors;
            throw Error(
                QStringLiteral("Rank %1 of the benchmark failed (exit %2)").arg(r).arg(procs[size_t(r)]->exitCode()));
        }
    }
    // printJson writes one object, indented or on one line.
    const QJsonObject result = QJsonDocument::fromJson(out.trimmed()).object();
    if (result.isEmpty())
        throw Error(QStringLiteral("Rank 0 of the benchmark printed no result"));
    return result;
}

// One line per weight type the benchmark skipped on this CPU, with the reason.
void printSkipped(QTextStream &out, const QJsonObject &result)
{
    for (const QJsonValue &v : result.value(QStringLiteral("skipped")).toArray())
        out << "skipped " << v[QStringLiteral("weights")].toString() << ": " << v[QStringLiteral("reason")].toString()
            << '\n';
}

} // namespace

int runBenchTrain(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("layers"), QStringLiteral("Layers at TinyLlama's widths (default 2)."),
                  QStringLiteral("N"), QStringLiteral("2") });
    p.addOption({ QStringLiteral("sequence"), QStringLiteral("Tokens per sequence (default 512)."), QStringLiteral("N"),
                  QStringLiteral("512") });
    p.addOption({ QStringLiteral("batch"), QStringLiteral("Sequences per step (default 1)."), QStringLiteral("N"),
                  QStringLiteral("1") });
    p.addOption({ QStringLiteral("steps"), QStringLiteral("Timed steps, best counts (default 3)."), QStringLiteral("N"),
                  QStringLiteral("3") });
    p.addOption({ QStringLiteral("weights"), QStringLiteral("Only this weight type (bfloat16 or float32)."),
                  QStringLiteral("TYPE") });
    p.addOption({ QStringLiteral("warmup"), QStringLiteral("Untimed steps first (default 1)."), QStringLiteral("N"),
                  QStringLiteral("1") });
    p.addOption({ QStringLiteral("answer-fraction"),
                  QStringLiteral("Share of each sequence that is answer, the only positions with logits "
                                 "(default 0.15)."),
                  QStringLiteral("F"), QStringLiteral("0.15") });
    p.addOption({ QStringLiteral("checkpoint-activations"),
                  QStringLiteral("auto (on when the step would not fit in memory), on, off, or both (off, then on: "
                                 "peak memory and time of each; off is skipped when it would not fit)."),
                  QStringLiteral("MODE"), QStringLiteral("auto") });
    p.addOption({ QStringLiteral("keep-mlp-layers"),
                  QStringLiteral("With checkpointing: layers that keep their MLP outputs and recompute only their "
                                 "attention (default: as many as fit in the memory budget; 0 = recompute all)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("memory-budget"),
                  QStringLiteral("GB a step may use in all, weights included (default: 90% of the memory "
                                 "available)."),
                  QStringLiteral("GB") });
    p.addOption({ QStringLiteral("epoch-tokens"), QStringLiteral("Project the time of an epoch of this many tokens."),
                  QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("epoch-data"),
          QStringLiteral("Project an epoch of this dataset file (e.g. PubMedQA's ori_pqal.json); needs --tokenizer."),
          QStringLiteral("FILE") });
    p.addOption({ QStringLiteral("tokenizer"),
                  QStringLiteral("tokenizer.model for --epoch-data (TinyLlama's: the LLaMA-2 tokenizer)."),
                  QStringLiteral("PATH") });
    p.addOption({ QStringLiteral("max-tokens"),
                  QStringLiteral("Maximum sequence length for --epoch-data (default 2048)."), QStringLiteral("N"),
                  QStringLiteral("2048") });
    p.addOption({ QStringLiteral("ranks"),
                  QStringLiteral("Start N local data-parallel ranks (gloo on loopback) and compare with one process "
                                 "of N times the threads per rank."),
                  QStringLiteral("N") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral(
            "LoRA training throughput (r 8 on q_proj and v_proj) at TinyLlama's widths, against the matmul rate.")))
        return cl.exitCode();
    TrainBenchmarkOptions o;
    o.layers = cl.intValue(QStringLiteral("layers"), 1, 64);
    o.sequenceLength = cl.intValue(QStringLiteral("sequence"), 8, 4096);
    o.microBatch = cl.intValue(QStringLiteral("batch"), 1, 64);
    o.steps = cl.intValue(QStringLiteral("steps"), 1, 100);
    o.warmupSteps = cl.intValue(QStringLiteral("warmup"), 0, 100);
    o.answerFraction = cl.doubleValue(QStringLiteral("answer-fraction"));
    if (!(o.answerFraction > 0 && o.answerFraction <= 1))
        throw UsageError(QStringLiteral("--answer-fraction must be in (0, 1], not %1").arg(o.answerFraction));
    const QString checkpointing = cl.value(QStringLiteral("checkpoint-activations"));
    if (cl.isSet(QStringLiteral("keep-mlp-layers")))
        o.layersKeepingMlpOutputs = cl.intValue(QStringLiteral("keep-mlp-layers"), 0, 1024);
    if (cl.isSet(QStringLiteral("memory-budget"))) {
        const double gb = cl.doubleValue(QStringLiteral("memory-budget"));
        if (!(gb > 0))
            throw UsageError(QStringLiteral("--memory-budget must be a positive number of GB"));
        o.memoryBudget = qint64(gb * 1e9);
    }
    if (checkpointing == QLatin1String("both"))
        o.checkpointing = { ActivationCheckpointing::Off, ActivationCheckpointing::On };
    else
        o.checkpointing = { parseActivationCheckpointing(checkpointing) };
    if (cl.isSet(QStringLiteral("weights"))) {
        // Asked for by name: runs even where the CPU has no fast path for it.
        const WeightType asked = parseWeightType(cl.value(QStringLiteral("weights")));
        o.weightTypes = { asked != WeightType::Auto  ? asked
                              : cpuHasFastBFloat16() ? WeightType::BFloat16
                                                     : WeightType::Float32 };
        o.weightTypesRequested = true;
    }
    qint64 epochExamples = 0;
    if (cl.isSet(QStringLiteral("epoch-data"))) {
        if (!cl.isSet(QStringLiteral("tokenizer")))
            throw UsageError(QStringLiteral("--epoch-data needs --tokenizer PATH"));
        o.epochTokens = datasetTokens({ cl.value(QStringLiteral("epoch-data")) }, cl.value(QStringLiteral("tokenizer")),
                                      cl.intValue(QStringLiteral("max-tokens"), 16, 1 << 20), &epochExamples);
    } else if (cl.isSet(QStringLiteral("epoch-tokens"))) {
        o.epochTokens = cl.intValue(QStringLiteral("epoch-tokens"), 1, std::numeric_limits<int>::max());
    }
    QJsonObject result;
    if (cl.isSet(QStringLiteral("ranks"))) {
        // N ranks of T threads against one process of N x T threads.
        const int ranks = cl.intValue(QStringLiteral("ranks"), 1, 64);
        const int perRank = cl.isSet(QStringLiteral("threads")) && cl.intValue(QStringLiteral("threads"), 0, 1024) > 0
            ? cl.intValue(QStringLiteral("threads"), 1, 1024)
            : std::max(1, availableCores() / ranks);
        QStringList args { QStringLiteral("--layers"),
                           QString::number(o.layers),
                           QStringLiteral("--sequence"),
                           QString::number(o.sequenceLength),
                           QStringLiteral("--batch"),
                           QString::number(o.microBatch),
                           QStringLiteral("--steps"),
                           QString::number(o.steps),
                           QStringLiteral("--warmup"),
                           QString::number(o.warmupSteps),
                           QStringLiteral("--answer-fraction"),
                           QString::number(o.answerFraction),
                           QStringLiteral("--checkpoint-activations"),
                           checkpointing };
        if (cl.isSet(QStringLiteral("weights")))
            args << QStringLiteral("--weights") << cl.value(QStringLiteral("weights"));
        cl.err() << "bench train: " << ranks << " ranks x " << perRank << " threads...\n";
        cl.err().flush();
        const QJsonObject distributed = ranks > 1 ? runRanks(ranks, perRank, args, cl.err()) : QJsonObject();
        cl.err() << "bench train: 1 rank x " << ranks * perRank << " threads...\n";
        cl.err().flush();
        setComputeThreads(ranks * perRank);
        const QJsonObject single = runTrainBenchmark(o);
        QJsonArray rows;
        const QJsonArray singleRows = single.value(QStringLiteral("results")).toArray();
        const QJsonArray rankRows = ranks > 1 ? distributed.value(QStringLiteral("results")).toArray() : singleRows;
        for (qsizetype i = 0; i < singleRows.size() && i < rankRows.size(); ++i) {
            const QJsonObject a = rankRows[i].toObject(), b = singleRows[i].toObject();
            rows.append(
                QJsonObject { { QStringLiteral("weights"), b.value(QStringLiteral("weights")) },
                              { QStringLiteral("ranks_tokens_per_s"), a.value(QStringLiteral("tokens_per_s")) },
                              { QStringLiteral("all_reduce_seconds_per_step"),
                                a.value(QStringLiteral("all_reduce_seconds_per_step")) },
                              { QStringLiteral("ranks_step_seconds"), a.value(QStringLiteral("step_seconds")) },
                              { QStringLiteral("single_tokens_per_s"), b.value(QStringLiteral("tokens_per_s")) },
                              { QStringLiteral("scaling_vs_single"),
                                a.value(QStringLiteral("tokens_per_s")).toDouble()
                                    / b.value(QStringLiteral("tokens_per_s")).toDouble() } });
        }
        result = QJsonObject { { QStringLiteral("ranks"), ranks },
                               { QStringLiteral("threads_per_rank"), perRank },
                               { QStringLiteral("single_threads"), ranks * perRank },
                               { QStringLiteral("layers"), o.layers },
                               { QStringLiteral("sequence_length"), o.sequenceLength },
                               { QStringLiteral("micro_batch_per_rank"), o.microBatch },
                               { QStringLiteral("comparison"), rows },
                               { QStringLiteral("ranks_run"), distributed },
                               { QStringLiteral("single_run"), single } };
        if (cl.json()) {
            cl.printJson(QJsonDocument(result));
            return Ok;
        }
        cl.out() << ranks << " ranks x " << perRank << " threads against 1 process x " << ranks * perRank
                 << " threads; " << o.layers << " layers at TinyLlama widths, sequence " << o.sequenceLength << " x "
                 << o.microBatch << " per rank\n";
        for (const QJsonValue &v : rows) {
            const QJsonObject r = v.toObject();
            auto n = [&](const char *k, int prec = 1) {
                return QString::number(r.value(QLatin1String(k)).toDouble(), 'f', prec);
            };
            cl.out() << r.value(QStringLiteral("weights")).toString() << ": " << n("ranks_tokens_per_s")
                     << " tokens/s on " << ranks << " ranks (all-reduce " << n("all_reduce_seconds_per_step", 4)
                     << " s per step) vs " << n("single_tokens_per_s") << " tokens/s in one process: scaling "
                     << n("scaling_vs_single", 2) << "\n";
        }
        printSkipped(cl.out(), single);
        return Ok;
    }
    // Started as a rank (by --ranks above, or by torchrun): join the group; rank 0 reports.
    const std::optional<RankEnvironment> rankEnv = RankEnvironment::fromEnvironment();
    std::unique_ptr<DataParallel> group;
    if (rankEnv) {
        group = std::make_unique<DataParallel>(*rankEnv, DataParallel::defaultTimeout());
        o.group = group.get();
    }
    result = runTrainBenchmark(o);
    if (group && !group->isWriter())
        return Ok;
    if (epochExamples > 0)
        result.insert(QStringLiteral("epoch_examples"), epochExamples);
    if (cl.json()) {
        cl.printJson(QJsonDocument(result));
        return Ok;
    }
    cl.out() << "threads " << result.value(QStringLiteral("threads")).toInt() << ", " << o.layers
             << " layers at TinyLlama widths, sequence " << o.sequenceLength << " x " << o.microBatch
             << ", LoRA r=" << o.rank << " on q_proj, v_proj, answer "
             << QString::number(o.answerFraction * 100, 'f', 0) << "% of each sequence\n";
    for (const QJsonValue &v : result.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        auto n = [&](const char *k, int prec = 1) {
            return QString::number(r.value(QLatin1String(k)).toDouble(), 'f', prec);
        };
        const QString label = r.value(QStringLiteral("weights")).toString() + QStringLiteral(" (")
            + r.value(QStringLiteral("matmul_kernels")).toString() + QStringLiteral(")")
            + (r.value(QStringLiteral("checkpoint_activations")).toBool() ? QStringLiteral(", checkpointing")
                                                                          : QString());
        if (r.contains(QStringLiteral("skipped"))) {
            cl.out() << label << ": skipped: " << r.value(QStringLiteral("skipped")).toString() << '\n';
            continue;
        }
        cl.out() << label << ": " << n("tokens_per_s") << " tokens/s, " << n("achieved_GFLOPs")
                 << " GFLOP/s achieved vs matmul " << n("matmul_GFLOPs") << " GFLOP/s (" << n("achieved_vs_matmul", 2)
                 << "), peak memory " << formatBytes(qint64(r.value(QStringLiteral("peak_rss_bytes")).toDouble()))
                 << " (estimated " << formatBytes(qint64(r.value(QStringLiteral("estimated_peak_bytes")).toDouble()))
                 << ")";
        if (r.value(QStringLiteral("checkpoint_activations")).toBool())
            cl.out() << ", " << r.value(QStringLiteral("layers_keeping_mlp_outputs")).toInt()
                     << " layers keeping MLP outputs";
        if (r.contains(QStringLiteral("checkpointing_time_cost")))
            cl.out() << ", checkpointing costs "
                     << QString::number(r.value(QStringLiteral("checkpointing_time_cost")).toDouble() * 100, 'f', 0)
                     << "% of the step time";
        if (r.contains(QStringLiteral("projected_epoch_seconds")))
            cl.out() << "; epoch of " << result.value(QStringLiteral("epoch_tokens")).toInteger()
                     << " tokens at full depth: "
                     << QString::number(r.value(QStringLiteral("projected_epoch_seconds")).toDouble() / 60.0, 'f', 1)
                     << " min";
        cl.out() << '\n';
    }
    printSkipped(cl.out(), result);
    return Ok;
}

} // namespace medtune::cli
