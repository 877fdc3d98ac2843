// Generation jobs for clinician review: select examples, prompt with the data layer's
// template, generate per system, score the reference's answer-only loss, store outputs.
#include "review/generation_job.h"

#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "eval/perplexity.h"
#include "model/llama_model.h"
#include "review/output_metrics.h"
#include "review/review_store.h"
#include "review/rubric.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "text/tokenizer.h"
#include "train/adapter_io.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QMutexLocker>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace medtune {
namespace {

quint64 splitmix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

quint64 fnv1a(const QByteArray &bytes)
{
    quint64 h = 14695981039346656037ull;
    for (const char c : bytes) {
        h ^= quint8(c);
        h *= 1099511628211ull;
    }
    return h;
}

/// The review task of an example: what output_metrics scores it as.
QString reviewTaskOf(const Example &e)
{
    if (e.source == u"pubmedqa")
        return QStringLiteral("pubmedqa");
    if (e.source == u"medmcqa")
        return QStringLiteral("medmcqa");
    return e.task == TaskKind::Summarization ? QStringLiteral("summary") : QStringLiteral("qa");
}

void hashFileInto(QCryptographicHash &h, const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot open %1: %2").arg(path, f.errorString()),
                    QStringLiteral("check the path and the file's permissions"));
    if (!h.addData(&f))
        throw Error(QStringLiteral("Cannot read %1").arg(path));
}

struct Candidate
{
    SampledExample ref;
    quint64 key = 0;
};

} // namespace

void GenerationJobSpec::validate() const
{
    if (modelDir.isEmpty())
        throw UsageError(QStringLiteral("A generation job needs a model folder"), QStringLiteral("pass --model DIR"));
    if (systems.empty())
        throw UsageError(QStringLiteral("A generation job needs at least one system"));
    std::set<QString> names;
    for (const GenerationSystem &s : systems) {
        if (s.name.trimmed().isEmpty())
            throw UsageError(QStringLiteral("Every system needs a name"),
                             QStringLiteral("name adapters with --system NAME"));
        if (!names.insert(s.name).second)
            throw UsageError(QStringLiteral("The system name '%1' is used twice").arg(s.name),
                             QStringLiteral("give every adapter its own --system name"));
    }
    if (datasets.isEmpty())
        throw UsageError(QStringLiteral("A generation job needs at least one dataset"),
                         QStringLiteral("pass --dataset NAME ('medtune-cli datasets' lists them)"));
    if (split::code(split) == 255)
        throw UsageError(QStringLiteral("Unknown split '%1'").arg(split),
                         QStringLiteral("use train, validation or test"));
    if (limit < 0 || perSource < 0)
        throw UsageError(QStringLiteral("The sample size must not be negative"));
    if (limit > 0 && perSource > 0)
        throw UsageError(QStringLiteral("Choose either a total sample size or a size per source, not both"));
    if (maxTokens != 0 && maxTokens < 16)
        throw UsageError(QStringLiteral("A maximum length of %1 tokens is too short").arg(maxTokens));
    if (batchSize < 0)
        throw UsageError(QStringLiteral("The batch size must be at least 1, or 0 for automatic"));
    LengthPolicy::parseCut(cut);
    sampling.validate();
}

QJsonObject GenerationJobSpec::settingsJson() const
{
    QJsonObject s { { QStringLiteral("greedy"), sampling.greedy },
                    { QStringLiteral("max_new_tokens"), sampling.maxNewTokens },
                    { QStringLiteral("stop_at_eos"), sampling.stopAtEos },
                    { QStringLiteral("seed"), qint64(seed) },
                    { QStringLiteral("batch_size"), batchSize > 0 ? QJsonValue(batchSize) : QStringLiteral("auto") },
                    { QStringLiteral("template"), templateName },
                    { QStringLiteral("max_tokens"), maxTokens },
                    { QStringLiteral("cut"), cut },
                    { QStringLiteral("split"), split },
                    { QStringLiteral("dtype"), dtype },
                    { QStringLiteral("device"), device } };
    if (!sampling.greedy) {
        s.insert(QStringLiteral("temperature"), sampling.temperature);
        s.insert(QStringLiteral("top_k"), sampling.topK);
        s.insert(QStringLiteral("top_p"), sampling.topP);
    }
    if (sampling.repetitionPenalty != 1.0)
        s.insert(QStringLiteral("repetition_penalty"), sampling.repetitionPenalty);
    if (!sampling.stopStrings.isEmpty())
        s.insert(QStringLiteral("stop_strings"), QJsonArray::fromStringList(sampling.stopStrings));
    if (limit > 0)
        s.insert(QStringLiteral("sample"), limit);
    if (perSource > 0)
        s.insert(QStringLiteral("per_source"), perSource);
    return s;
}

std::vector<SampledExample> selectGenerationExamples(Workspace &workspace, const GenerationJobSpec &spec)
{
    const quint8 wanted = split::code(spec.split);
    if (wanted == 255)
        throw UsageError(QStringLiteral("Unknown split '%1'").arg(spec.split),
                         QStringLiteral("use train, validation or test"));
    DatasetStore store(workspace);
    const quint64 seedMix = splitmix64(spec.seed);
    std::map<QString, std::vector<Candidate>> bySource;
    std::set<quint64> inputs; // an input seen in an earlier dataset is taken once
    std::set<qint64> seenDatasets;
    for (const QString &name : spec.datasets) {
        const DatasetInfo info = store.resolve(name);
        if (!seenDatasets.insert(info.id).second)
            continue;
        const std::unique_ptr<DatasetFile> file = store.open(info);
        for (qint64 i = 0; i < file->size(); ++i) {
            const IndexEntry &e = file->entry(i);
            if (e.split != wanted || !e.labelled || !inputs.insert(e.inputHash).second)
                continue;
            const Example ex = file->at(i);
            Candidate c;
            c.ref = { info.id, info.name, i, ex.id, ex.source };
            // Keyed on the dataset's content and the record: stable when other data change.
            c.key
                = splitmix64(fnv1a((info.contentHash + u'\n' + ex.id + u'\n' + QString::number(i)).toUtf8()) ^ seedMix);
            bySource[ex.source].push_back(std::move(c));
        }
    }
    qint64 total = 0;
    for (auto &[source, list] : bySource) {
        std::sort(list.begin(), list.end(), [](const Candidate &a, const Candidate &b) { return a.key < b.key; });
        total += qint64(list.size());
    }
    if (total == 0)
        throw Error(QStringLiteral("The chosen datasets have no labelled %1 examples").arg(spec.split),
                    QStringLiteral("choose other datasets or another split"));

    // How many to take from each source.
    std::map<QString, qint64> quota;
    if (spec.perSource > 0) {
        for (const auto &[source, list] : bySource)
            quota[source] = std::min<qint64>(spec.perSource, qint64(list.size()));
    } else if (spec.limit > 0 && spec.limit < total) {
        // Proportional allocation, remainders to the largest fractions (ties: source name).
        qint64 given = 0;
        std::vector<std::pair<double, QString>> fractions;
        for (const auto &[source, list] : bySource) {
            const double exact = double(spec.limit) * double(list.size()) / double(total);
            quota[source] = qint64(std::floor(exact));
            given += quota[source];
            fractions.emplace_back(exact - std::floor(exact), source);
        }
        std::stable_sort(fractions.begin(), fractions.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        for (size_t i = 0; given < spec.limit && i < fractions.size(); ++i, ++given)
            ++quota[fractions[i].second];
    } else {
        for (const auto &[source, list] : bySource)
            quota[source] = qint64(list.size());
    }

    // Interleave the sources so that any prefix of the list is mixed.
    std::vector<SampledExample> out;
    for (qint64 round = 0;; ++round) {
        bool any = false;
        for (const auto &[source, list] : bySource) {
            if (round < quota[source]) {
                out.push_back(list[size_t(round)].ref);
                any = true;
            }
        }
        if (!any)
            break;
    }
    return out;
}

QString modelWeightsHash(const QString &modelDir)
{
    const QDir dir(modelDir);
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (dir.exists(QStringLiteral("model.safetensors"))) {
        hashFileInto(h, dir.filePath(QStringLiteral("model.safetensors")));
    } else {
        const QStringList shards = dir.entryList({ QStringLiteral("model-*.safetensors") }, QDir::Files, QDir::Name);
        if (shards.isEmpty())
            throw Error(QStringLiteral("%1 has no model.safetensors").arg(modelDir),
                        QStringLiteral("choose a Hugging Face model folder with safetensors weights"));
        for (const QString &s : shards)
            hashFileInto(h, dir.filePath(s));
    }
    return QString::fromLatin1(h.result().toHex());
}

QString adapterWeightsHash(const QString &adapterDir)
{
    const QString path = QDir(adapterDir).filePath(QStringLiteral("adapter_model.safetensors"));
    if (!QFileInfo::exists(path))
        throw Error(QStringLiteral("%1 has no adapter_model.safetensors").arg(adapterDir),
                    QStringLiteral("choose a PEFT adapter folder (a run's checkpoint folder)"));
    return fileSha256(path);
}

QJsonObject GenerationJobResult::toJson() const
{
    return { { QStringLiteral("session_id"), sessionId },           { QStringLiteral("session"), sessionName },
             { QStringLiteral("created_session"), createdSession }, { QStringLiteral("items"), items },
             { QStringLiteral("outputs"), outputsPerSystem },       { QStringLiteral("skipped"), skipped },
             { QStringLiteral("model_hash"), modelHash },           { QStringLiteral("adapter_hashes"), adapterHashes },
             { QStringLiteral("batch_size"), batchSize },           { QStringLiteral("batch_reason"), batchReason } };
}

BatchChoice generationBatchFor(const GenerationJobSpec &spec, const LlamaConfig &config, const QString &weights,
                               int threads, int prompts, const QString &store)
{
    if (spec.batchSize > 0)
        return BatchChoice { spec.batchSize, QStringLiteral("explicit"), false };
    GenerationSpeedKey key;
    key.cpu = spec.device.startsWith(QLatin1String("cuda")) ? spec.device : cpuSignature();
    key.threads = threads;
    key.hiddenSize = config.hiddenSize;
    key.intermediateSize = config.intermediateSize;
    key.layers = config.numLayers;
    key.vocabSize = config.vocabSize;
    key.weights = weights;
    QList<GenerationSpeed> measured;
    QString unreadable;
    try {
        measured = GenerationSpeedStore(store.isEmpty() ? GenerationSpeedStore::defaultPath() : store).all();
    } catch (const Error &e) {
        unreadable = e.message();
    }
    BatchChoice c = chooseGenerationBatch(measured, key, prompts);
    if (!unreadable.isEmpty())
        c.reason += QStringLiteral(" (the measurements could not be read: %1)").arg(unreadable);
    return c;
}

GenerationJob::GenerationJob(Workspace &workspace, GenerationJobSpec spec, QObject *parent)
    : BackgroundJob(QStringLiteral("Generate outputs for review"), parent)
    , m_workspace(workspace)
    , m_spec(std::move(spec))
{
}

GenerationJob::~GenerationJob()
{
    cancelAndWait();
}

GenerationJobResult GenerationJob::result() const
{
    QMutexLocker lock(&m_resultMutex);
    return m_result;
}

void GenerationJob::work()
{
    m_spec.validate();
    if (m_spec.threads > 0)
        setComputeThreads(m_spec.threads);

    reportProgress(0, 0, QStringLiteral("Selecting examples"));
    const std::vector<SampledExample> sample = selectGenerationExamples(m_workspace, m_spec);
    checkpoint();

    // Hashes first: a missing adapter fails before the long part.
    reportProgress(0, 0, QStringLiteral("Hashing the model weights"));
    const QString modelHash = modelWeightsHash(m_spec.modelDir);
    std::vector<QString> adapterHashes;
    for (const GenerationSystem &s : m_spec.systems)
        adapterHashes.push_back(s.adapterDir.isEmpty() ? QString() : adapterWeightsHash(s.adapterDir));
    checkpoint();

    reportProgress(0, 0, QStringLiteral("Loading the model"));
    ModelOptions modelOptions;
    modelOptions.device = m_spec.device;
    modelOptions.weights = parseWeightType(m_spec.dtype);
    const std::shared_ptr<LlamaModel> model = LlamaModel::load(m_spec.modelDir, modelOptions);
    if (!model->tokenizer())
        throw Error(QStringLiteral("The model folder %1 has no tokenizer.model").arg(m_spec.modelDir),
                    QStringLiteral("generation needs the model's SentencePiece tokenizer"));
    checkpoint();

    // Prompts exactly as training builds them; the context holds prompt + reference + EOS.
    const InstructionTemplate templ = TemplateStore(m_workspace).resolve(m_spec.templateName);
    LengthPolicy policy;
    const int positions = model->config().maxPositions;
    policy.maxTokens = m_spec.maxTokens > 0 ? std::min(m_spec.maxTokens, positions) : std::min(positions, 1024);
    policy.cut = LengthPolicy::parseCut(m_spec.cut);
    const PromptFormatter formatter(templ, model->tokenizer(), policy);

    struct Prepared
    {
        SampledExample ref;
        Example example;
        FormattedExample formatted;
        QString task;
    };
    DatasetStore datasets(m_workspace);
    std::map<qint64, std::unique_ptr<DatasetFile>> files;
    std::vector<Prepared> items;
    QJsonObject skipped;
    for (const SampledExample &s : sample) {
        auto f = files.find(s.datasetId);
        if (f == files.end()) {
            const std::optional<DatasetInfo> info = datasets.byId(s.datasetId);
            if (!info)
                throw Error(QStringLiteral("Dataset %1 was removed while the job ran").arg(s.datasetName));
            f = files.emplace(s.datasetId, datasets.open(*info)).first;
        }
        Prepared p { s, f->second->at(s.index), {}, {} };
        p.formatted = formatter.format(p.example);
        if (p.formatted.skip != FormatSkip::None) {
            const QString why = formatSkipText(p.formatted.skip, policy.maxTokens);
            skipped[why] = skipped.value(why).toInt() + 1;
            continue;
        }
        p.task = reviewTaskOf(p.example);
        items.push_back(std::move(p));
    }
    if (items.empty())
        throw Error(QStringLiteral("None of the %1 selected examples fits in %2 tokens")
                        .arg(sample.size())
                        .arg(policy.maxTokens),
                    QStringLiteral("raise the maximum length"));

    // The session, extended when it exists.
    std::unique_ptr<ReviewStore> target = m_reviewDatabase ? std::make_unique<ReviewStore>(*m_reviewDatabase)
                                                           : std::make_unique<ReviewStore>(m_workspace);
    ReviewStore &store = *target;
    const QString sessionName = m_spec.session.isEmpty()
        ? QStringLiteral("Generated %1")
              .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")))
        : m_spec.session;
    std::optional<ReviewSession> session = store.findSession(sessionName);
    const bool created = !session;
    if (created)
        session = store.session(store.createSession(sessionName, QStringLiteral("auto"), Rubric::clinicalDefault(),
                                                    m_spec.blind, qint64(m_spec.seed)));
    if (session->task != u"auto") // a session with one task scores every output as that task
        for (Prepared &p : items)
            p.task = session->task;
    {
        QMutexLocker lock(&m_resultMutex);
        m_result.skipped = skipped;
        m_result.sessionId = session->id;
        m_result.sessionName = session->name;
        m_result.createdSession = created;
        m_result.items = int(items.size());
        m_result.modelHash = modelHash;
    }

    // Automatic batch size: from this machine's measured decode speed (bench generate).
    const BatchChoice batch = generationBatchFor(m_spec, model->config(), weightTypeName(model->weightType()),
                                                 computeThreads(), int(items.size()));
    reportProgress(0, 0, QStringLiteral("Batch size %1 (%2)").arg(batch.batchSize).arg(batch.reason));
    {
        QMutexLocker lock(&m_resultMutex);
        m_result.batchSize = batch.batchSize;
        m_result.batchReason = batch.reason;
    }

    QJsonObject settings = m_spec.settingsJson();
    settings.insert(QStringLiteral("max_tokens"), policy.maxTokens); // the context used, not 0 for "default"
    settings.insert(QStringLiteral("batch_size"), batch.batchSize); // the batch used, also when automatic
    if (m_spec.batchSize <= 0)
        settings.insert(QStringLiteral("batch_choice"), batch.reason);
    const qint64 total = qint64(items.size() * m_spec.systems.size());
    qint64 done = 0;
    std::atomic_bool stop { false };
    for (size_t si = 0; si < m_spec.systems.size(); ++si) {
        const GenerationSystem &system = m_spec.systems[si];
        detachAdapters(*model);
        if (!system.adapterDir.isEmpty()) {
            reportProgress(done, total, QStringLiteral("Attaching adapter %1").arg(system.name));
            attachAdapter(*model, system.adapterDir);
        }
        QJsonObject systemSettings = settings;
        systemSettings.insert(QStringLiteral("model"), QFileInfo(m_spec.modelDir).absoluteFilePath());
        if (!system.adapterDir.isEmpty())
            systemSettings.insert(QStringLiteral("adapter"), QFileInfo(system.adapterDir).absoluteFilePath());
        const qint64 systemId = store.ensureSystem(system.name, modelHash, adapterHashes[si], systemSettings);
        {
            QMutexLocker lock(&m_resultMutex);
            if (!adapterHashes[si].isEmpty())
                m_result.adapterHashes.insert(system.name, adapterHashes[si]);
            m_result.outputsPerSystem.insert(system.name, 0);
        }
        const Generator generator(model);
        const auto batchSize = size_t(batch.batchSize);
        for (size_t start = 0, batch = 0; start < items.size(); start += batchSize, ++batch) {
            checkpoint();
            const size_t end = std::min(items.size(), start + batchSize);
            reportProgress(
                done, total,
                QStringLiteral("%1: items %2-%3 of %4").arg(system.name).arg(start + 1).arg(end).arg(items.size()));
            std::vector<std::vector<int>> prompts;
            for (size_t i = start; i < end; ++i) {
                const FormattedExample &f = items[i].formatted;
                prompts.emplace_back(f.ids.begin(), f.ids.begin() + f.promptLength);
            }
            SamplingOptions sampling = m_spec.sampling;
            // Each batch has its own seed from the job's: same job, same outputs.
            sampling.seed = splitmix64(m_spec.seed ^ splitmix64(batch));
            const std::vector<GenerationResult> results = generator.generate(
                prompts, sampling,
                [this, &stop](const TokenEvent &) {
                    if (isCancelRequested())
                        stop = true;
                },
                &stop);
            checkpoint(); // a cancelled batch is not stored

            for (size_t i = start; i < end; ++i) {
                const Prepared &p = items[i];
                const GenerationResult &r = results[i - start];
                const QString text = r.text.trimmed();
                QJsonObject metrics = outputMetrics(p.task, p.example.answer, text);
                if (m_spec.referenceLoss) {
                    // Mean cross-entropy per answer token (and EOS) of the reference after the
                    // same prompt, under this system.
                    const LabelledSequence reference { p.formatted.ids, p.formatted.labels, p.task, p.example.source };
                    const LossTotal loss = sequenceLoss(*model, { reference }, 1);
                    metrics.insert(QStringLiteral("reference_loss"), loss.meanLoss());
                    metrics.insert(QStringLiteral("reference_tokens"), qint64(loss.tokens));
                }
                QJsonObject generation = settings;
                generation.insert(QStringLiteral("model_hash"), modelHash);
                if (!adapterHashes[si].isEmpty())
                    generation.insert(QStringLiteral("adapter_hash"), adapterHashes[si]);
                generation.insert(QStringLiteral("batch_seed"), QString::number(sampling.seed));
                generation.insert(QStringLiteral("stop_reason"), stopReasonName(r.reason));
                generation.insert(QStringLiteral("prompt_tokens"), r.promptTokens);
                generation.insert(QStringLiteral("generated_tokens"), int(r.tokens.size()));
                if (p.formatted.truncated())
                    generation.insert(QStringLiteral("prompt_cut_tokens"), p.formatted.cutTokens);

                QJsonObject metadata { { QStringLiteral("task"), p.task },
                                       { QStringLiteral("dataset"), p.ref.datasetName },
                                       { QStringLiteral("split"), p.example.split },
                                       { QStringLiteral("source"), p.example.source },
                                       { QStringLiteral("example_id"), p.example.id },
                                       { QStringLiteral("prompt"), p.formatted.promptText } };
                const QString externalId
                    = p.ref.datasetName + u'/' + (p.example.id.isEmpty() ? QString::number(p.ref.index) : p.example.id);
                const qint64 itemId
                    = store.ensureItem(session->id, externalId, p.example.inputText(), p.example.answer, metadata);
                store.setOutput(itemId, systemId, text, metrics, generation);
                ++done;
                {
                    QMutexLocker lock(&m_resultMutex);
                    m_result.outputsPerSystem.insert(system.name,
                                                     m_result.outputsPerSystem.value(system.name).toInt() + 1);
                }
                Q_EMIT outputStored(itemId, system.name);
            }
            reportProgress(done, total, QStringLiteral("%1: %2 of %3 outputs").arg(system.name).arg(done).arg(total));
        }
    }
    detachAdapters(*model);
    if (!skipped.isEmpty()) {
        QStringList parts;
        for (auto it = skipped.begin(); it != skipped.end(); ++it)
            parts << QStringLiteral("%1 skipped: %2").arg(it.value().toInt()).arg(it.key());
        reportProgress(done, total, parts.join(QStringLiteral("; ")));
    }
}

} // namespace medtune

// Its moc code stays in this file, so programs without libtorch do not pull it in through
// the library's shared moc file.
#include "moc_generation_job.cpp"
