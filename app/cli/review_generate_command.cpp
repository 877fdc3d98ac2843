// medtune-cli review generate: outputs of the base model and adapters over a dataset split,
// stored in a new or an existing review session.
#include "cli/review_actions.h"
#include "review/generation_job.h"
#include "review/review_database.h"
#include "util/error.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QMutex>
#include <atomic>
#include <csignal>

namespace medtune::cli {
namespace {

std::atomic_bool g_generateInterrupted { false };

void addGenerateOptions(CommandLine &cl)
{
    QCommandLineParser &p = cl.parser();
    addSessionOption(cl,
                     QStringLiteral("Add the outputs to this session (name or id); a new name creates it "
                                    "(default: a new session 'Generated DATE TIME')."));
    p.addOption({ QStringLiteral("model"),
                  QStringLiteral("Hugging Face model folder (config.json, model.safetensors, tokenizer.model)."),
                  QStringLiteral("DIR") });
    p.addOption({ QStringLiteral("adapter"), QStringLiteral("PEFT adapter folder, one system each; repeatable."),
                  QStringLiteral("DIR") });
    p.addOption({ QStringLiteral("system"), QStringLiteral("The name of the matching --adapter; repeatable."),
                  QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("base-name"), QStringLiteral("System name of the base model."), QStringLiteral("NAME"),
                  QStringLiteral("base") });
    p.addOption({ QStringLiteral("no-base"), QStringLiteral("Only the adapters, not the base model.") });
    p.addOption({ QStringLiteral("dataset"), QStringLiteral("Workspace dataset name or id; repeatable."),
                  QStringLiteral("D") });
    p.addOption({ QStringLiteral("split"), QStringLiteral("train, validation or test (default test)."),
                  QStringLiteral("SPLIT") });
    p.addOption(
        { QStringLiteral("limit"), QStringLiteral("A sample of N items, stratified by source."), QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("per-source"), QStringLiteral("A sample of N items from each source."), QStringLiteral("N") });
    p.addOption({ QStringLiteral("seed"),
                  QStringLiteral("Seed of the sample, the sampling and a new session's blind order (default 1234)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("open"), QStringLiteral("A new session shows system names (default: blind).") });
    p.addOption({ QStringLiteral("template"), QStringLiteral("Instruction template (default 'default')."),
                  QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("max-tokens"),
                  QStringLiteral("Tokens of prompt + reference; longer documents or contexts are cut "
                                 "(default: the model's positions, at most 1024)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("greedy"), QStringLiteral("Always take the most likely token (the default).") });
    p.addOption(
        { QStringLiteral("temperature"), QStringLiteral("Sample with this temperature."), QStringLiteral("T") });
    p.addOption(
        { QStringLiteral("top-k"), QStringLiteral("Sample among the K most likely tokens."), QStringLiteral("K") });
    p.addOption({ QStringLiteral("top-p"), QStringLiteral("Sample from the smallest set with this probability mass."),
                  QStringLiteral("P") });
    p.addOption({ QStringLiteral("repetition-penalty"), QStringLiteral("Penalty (>1) for tokens already present."),
                  QStringLiteral("R") });
    p.addOption({ QStringLiteral("max-new-tokens"), QStringLiteral("Most tokens per output (default 128)."),
                  QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("stop"), QStringLiteral("Stop before this text; repeatable."), QStringLiteral("TEXT") });
    p.addOption(
        { QStringLiteral("batch-size"),
          QStringLiteral("Prompts decoded together, or auto (the default: chosen from this machine's 'bench generate' "
                         "figures, else 4)."),
          QStringLiteral("N") });
    p.addOption({ QStringLiteral("device"), QStringLiteral("cpu or cuda[:N]."), QStringLiteral("NAME"),
                  QStringLiteral("cpu") });
    p.addOption({ QStringLiteral("weights"), QStringLiteral("Weight type auto, bfloat16 or float32."),
                  QStringLiteral("TYPE"), QStringLiteral("auto") });
    p.addOption({ QStringLiteral("no-reference-loss"), QStringLiteral("Skip the reference's answer-only loss.") });
    cl.addJsonOption();
}

} // namespace

int reviewGenerate(CommandLine &cl)
{
    addGenerateOptions(cl);
    if (!cl.parse(QStringLiteral("Generate outputs of the base model and adapters over a dataset split (or a "
                                 "stratified sample of it) and store them for review. With --session S the outputs "
                                 "are added to that session, so new systems can be compared with earlier ones.")))
        return cl.exitCode();
    GenerationJobSpec spec;
    if (!cl.isSet(QStringLiteral("model")))
        throw UsageError(QStringLiteral("review generate needs --model DIR"));
    spec.modelDir = cl.value(QStringLiteral("model"));
    const QStringList adapters = cl.parser().values(QStringLiteral("adapter"));
    const QStringList names = cl.parser().values(QStringLiteral("system"));
    if (names.size() > adapters.size())
        throw UsageError(
            QStringLiteral("%1 --system names for %2 --adapter folders").arg(names.size()).arg(adapters.size()),
            QStringLiteral("the i-th --system names the i-th --adapter"));
    if (!cl.isSet(QStringLiteral("no-base")))
        spec.systems.push_back({ cl.value(QStringLiteral("base-name")), QString() });
    for (qsizetype i = 0; i < adapters.size(); ++i)
        spec.systems.push_back({ i < names.size() ? names[i] : QFileInfo(adapters[i]).fileName(), adapters[i] });
    spec.datasets = cl.parser().values(QStringLiteral("dataset"));
    if (cl.isSet(QStringLiteral("split")))
        spec.split = cl.value(QStringLiteral("split"));
    if (cl.isSet(QStringLiteral("limit")))
        spec.limit = cl.intValue(QStringLiteral("limit"), 1, 1 << 30);
    if (cl.isSet(QStringLiteral("per-source")))
        spec.perSource = cl.intValue(QStringLiteral("per-source"), 1, 1 << 30);
    if (cl.isSet(QStringLiteral("seed")))
        spec.seed = quint64(cl.intValue(QStringLiteral("seed"), 0, 2147483647));
    spec.session = cl.value(QStringLiteral("session"));
    spec.blind = !cl.isSet(QStringLiteral("open"));
    if (cl.isSet(QStringLiteral("template")))
        spec.templateName = cl.value(QStringLiteral("template"));
    if (cl.isSet(QStringLiteral("max-tokens")))
        spec.maxTokens = cl.intValue(QStringLiteral("max-tokens"), 16, 1 << 20);
    if (cl.isSet(QStringLiteral("batch-size")) && cl.value(QStringLiteral("batch-size")) != u"auto")
        spec.batchSize = cl.intValue(QStringLiteral("batch-size"), 1, 1024);
    spec.device = cl.value(QStringLiteral("device"));
    spec.dtype = cl.value(QStringLiteral("weights"));
    spec.referenceLoss = !cl.isSet(QStringLiteral("no-reference-loss"));
    const bool sampling = cl.isSet(QStringLiteral("temperature")) || cl.isSet(QStringLiteral("top-k"))
        || cl.isSet(QStringLiteral("top-p"));
    if (sampling && cl.isSet(QStringLiteral("greedy")))
        throw UsageError(QStringLiteral("--greedy cannot be combined with --temperature, --top-k or --top-p"));
    spec.sampling.greedy = !sampling;
    if (cl.isSet(QStringLiteral("temperature")))
        spec.sampling.temperature = cl.doubleValue(QStringLiteral("temperature"));
    if (cl.isSet(QStringLiteral("top-k")))
        spec.sampling.topK = cl.intValue(QStringLiteral("top-k"), 0, 1 << 20);
    if (cl.isSet(QStringLiteral("top-p")))
        spec.sampling.topP = cl.doubleValue(QStringLiteral("top-p"));
    if (cl.isSet(QStringLiteral("repetition-penalty")))
        spec.sampling.repetitionPenalty = cl.doubleValue(QStringLiteral("repetition-penalty"));
    if (cl.isSet(QStringLiteral("max-new-tokens")))
        spec.sampling.maxNewTokens = cl.intValue(QStringLiteral("max-new-tokens"), 1, 1 << 20);
    spec.sampling.stopStrings = cl.parser().values(QStringLiteral("stop"));
    spec.validate();

    GenerationJob job(cl.workspace(), spec);
    if (!cl.reviewServerUrl().isEmpty())
        job.setReviewDatabase(&cl.reviewDatabase());
    QMutex mutex;
    QString failure;
    bool cancelled = false;
    QTextStream &err = cl.err();
    const bool quiet = cl.json();
    // Direct connections: the handlers run on the job's thread while this one waits.
    QObject::connect(
        &job, &BackgroundJob::progress, &job,
        [&](qint64 done, qint64 total, const QString &message) {
            if (quiet)
                return;
            QMutexLocker lock(&mutex);
            err << (total > 0 ? QStringLiteral("[%1/%2] ").arg(done).arg(total) : QString()) << message << '\n';
            err.flush();
        },
        Qt::DirectConnection);
    QObject::connect(
        &job, &BackgroundJob::failed, &job,
        [&](const QString &message) {
            QMutexLocker lock(&mutex);
            failure = message;
        },
        Qt::DirectConnection);
    QObject::connect(
        &job, &BackgroundJob::cancelled, &job,
        [&] {
            QMutexLocker lock(&mutex);
            cancelled = true;
        },
        Qt::DirectConnection);
    g_generateInterrupted = false;
    auto previous = std::signal(SIGINT, [](int) { g_generateInterrupted = true; });
    job.start();
    while (!job.wait(200))
        if (g_generateInterrupted && !job.isCancelRequested())
            job.requestCancel();
    std::signal(SIGINT, previous);

    const GenerationJobResult r = job.result();
    if (!failure.isEmpty())
        throw Error(failure);
    QJsonObject json = r.toJson();
    json.insert(QStringLiteral("cancelled"), cancelled);
    if (cl.json()) {
        cl.printJson(QJsonDocument(json));
    } else {
        cl.out() << (cancelled ? "Cancelled; kept the outputs stored so far in " : "Stored outputs in ")
                 << (r.createdSession ? "the new session '" : "the existing session '") << r.sessionName << "' (id "
                 << r.sessionId << ", " << r.items << " items)\n";
        for (auto it = r.outputsPerSystem.begin(); it != r.outputsPerSystem.end(); ++it)
            cl.out()
                << "  " << it.key().leftJustified(18) << it.value().toInt() << " outputs"
                << (r.adapterHashes.contains(it.key())
                        ? QStringLiteral(", adapter sha256 %1").arg(r.adapterHashes.value(it.key()).toString().left(16))
                        : QString())
                << '\n';
        cl.out() << "  model sha256 " << r.modelHash << '\n';
        cl.out() << "  batch size " << r.batchSize << " (" << r.batchReason << ")\n";
        for (auto it = r.skipped.begin(); it != r.skipped.end(); ++it)
            cl.out() << "  skipped " << it.value().toInt() << ": " << it.key() << '\n';
    }
    return cancelled ? RuntimeError : Ok;
}

} // namespace medtune::cli
