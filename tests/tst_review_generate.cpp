// Generation jobs for review on a tiny real model folder, a PEFT adapter and the bundled
// samples: the stratified sample, outputs per system, determinism for a seed, weight
// hashes, the reference's answer-only loss against the perplexity API, cancel, the CLI.
#include "cli/commands.h"
#include "cli_runner.h"
#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "eval/perplexity.h"
#include "generate/generation_speed.h"
#include "model/llama_model.h"
#include "postgres_server.h"
#include "review/generation_job.h"
#include "review/review_database.h"
#include "review/review_store.h"
#include "test_support.h"
#include "text/tokenizer.h"
#include "train/adapter_io.h"
#include "train/lora_adapter.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <map>
#include <torch/torch.h>

using namespace medtune;

namespace {

// A PEFT adapter for the model with random B (fresh adapters have B = 0, a no-op).
QString makeAdapterFolder(const QString &modelDir, const QString &dir)
{
    ModelOptions o;
    o.weights = WeightType::Float32;
    auto model = LlamaModel::load(modelDir, o);
    auto set = LoraAdapterSet::attach(model->impl(), LoraConfig(), 3);
    {
        torch::NoGradGuard g;
        at::Generator gen = at::detail::createCPUGenerator(11);
        const auto params = set->parameters();
        for (size_t i = 1; i < params.size(); i += 2)
            params[i].copy_(torch::empty_like(params[i]).normal_(0, 0.5, gen));
    }
    set->save(dir);
    set->detach();
    return dir;
}

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}

using test::CliResult;
using test::runCli;

} // namespace

class ReviewGenerateTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model, m_adapter;
    std::unique_ptr<Workspace> m_ws;
    QStringList m_datasets;

    GenerationJobSpec spec(const QString &session) const
    {
        GenerationJobSpec s;
        s.modelDir = m_model;
        s.systems = { { QStringLiteral("base"), QString() }, { QStringLiteral("lora"), m_adapter } };
        s.datasets = m_datasets;
        s.perSource = 2;
        s.seed = 7;
        s.session = session;
        s.sampling.greedy = false; // sampled, so that the seed matters
        s.sampling.temperature = 0.9;
        s.sampling.maxNewTokens = 12;
        s.batchSize = 2;
        s.dtype = QStringLiteral("float32");
        s.threads = 1;
        return s;
    }

    /// Runs a job to its end; returns the names of the signals it ended with.
    QString runJob(GenerationJob &job)
    {
        QSignalSpy ok(&job, &BackgroundJob::succeeded);
        QSignalSpy failed(&job, &BackgroundJob::failed);
        QSignalSpy cancelled(&job, &BackgroundJob::cancelled);
        QSignalSpy ended(&job, &BackgroundJob::ended);
        job.start();
        if (!QTest::qWaitFor([&] { return ended.count() == 1; }, 60000))
            return QStringLiteral("timeout");
        if (!failed.isEmpty())
            return QStringLiteral("failed: ") + failed.first().first().toString();
        return ok.count() == 1       ? QStringLiteral("succeeded")
            : cancelled.count() == 1 ? QStringLiteral("cancelled")
                                     : QStringLiteral("?");
    }

    /// Outputs of a session by (external id, system).
    std::map<std::pair<QString, QString>, ReviewOutput> outputs(const QString &session)
    {
        ReviewStore store(*m_ws);
        std::map<std::pair<QString, QString>, ReviewOutput> out;
        for (const ReviewItem &item : store.items(store.resolveSession(session).id))
            for (const ReviewOutput &o : item.outputs)
                out[{ item.externalId, o.systemName }] = o;
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_model = test::makeTinyModelFolder(m_tmp.path());
        m_adapter = makeAdapterFolder(m_model, m_tmp.filePath(QStringLiteral("adapter")));
        m_ws = std::make_unique<Workspace>(m_tmp.filePath(QStringLiteral("ws")));
        for (const ImportResult &r : importBundledSamples(*m_ws))
            if (r.dataset.name == u"Sample PubMedQA (official files)" || r.dataset.name == u"Sample MedMCQA"
                || r.dataset.name == u"Sample PubMed summarization")
                m_datasets << r.dataset.name;
        QCOMPARE(m_datasets.size(), 3);
    }

    void stratifiedSample()
    {
        // Labelled test examples per source, counted straight from the dataset files.
        DatasetStore store(*m_ws);
        std::map<QString, int> available;
        for (const QString &name : m_datasets) {
            auto file = store.open(store.resolve(name));
            for (qint64 i = 0; i < file->size(); ++i)
                if (file->entry(i).labelled && file->splitAt(i) == u"test")
                    ++available[file->at(i).source];
        }
        QVERIFY(available.size() >= 2); // MedMCQA's test split has no answers
        QCOMPARE(available.count(QStringLiteral("medmcqa")), size_t(0));

        GenerationJobSpec s = spec(QString());
        const auto perSource = selectGenerationExamples(*m_ws, s);
        std::map<QString, int> got;
        for (const SampledExample &e : perSource)
            ++got[e.source];
        for (const auto &[source, n] : available)
            QCOMPARE(got[source], std::min(n, 2));
        QCOMPARE(selectGenerationExamples(*m_ws, s).size(), perSource.size());
        for (size_t i = 0; i < perSource.size(); ++i) // same seed, same sample in the same order
            QCOMPARE(selectGenerationExamples(*m_ws, s)[i].exampleId, perSource[i].exampleId);

        // A total: allocated in proportion, largest remainders first.
        s.perSource = 0;
        s.limit = 5;
        const auto limited = selectGenerationExamples(*m_ws, s);
        QCOMPARE(int(limited.size()), 5);
        int total = 0;
        for (const auto &[source, n] : available)
            total += n;
        std::map<QString, int> share;
        for (const SampledExample &e : limited)
            ++share[e.source];
        for (const auto &[source, n] : available)
            QVERIFY(std::abs(share[source] - 5.0 * n / total) < 1.0);

        s.limit = 0;
        QCOMPARE(int(selectGenerationExamples(*m_ws, s).size()), total);
        s.split = QStringLiteral("nonsense");
        QVERIFY_THROWS_EXCEPTION(medtune::UsageError, selectGenerationExamples(*m_ws, s));
    }

    void generatesDeterministically()
    {
        GenerationJob first(*m_ws, spec(QStringLiteral("gen A")));
        QSignalSpy stored(&first, &GenerationJob::outputStored);
        QCOMPARE(runJob(first), QStringLiteral("succeeded"));
        const GenerationJobResult r = first.result();
        int items = int(selectGenerationExamples(*m_ws, spec(QString())).size());
        int skipped = 0;
        for (const QJsonValue v : r.skipped)
            skipped += v.toInt();
        QCOMPARE(r.items + skipped, items); // a reference alone longer than 1024 tokens is skipped
        QVERIFY(r.items >= 4);
        items = r.items;
        QCOMPARE(r.outputsPerSystem.value(QStringLiteral("base")).toInt(), items);
        QCOMPARE(r.outputsPerSystem.value(QStringLiteral("lora")).toInt(), items);
        QCOMPARE(stored.count(), 2 * items);

        const auto a = outputs(QStringLiteral("gen A"));
        QCOMPARE(int(a.size()), 2 * items);
        GenerationJob second(*m_ws, spec(QStringLiteral("gen B")));
        QCOMPARE(runJob(second), QStringLiteral("succeeded"));
        const auto b = outputs(QStringLiteral("gen B"));
        QCOMPARE(b.size(), a.size());
        int differ = 0;
        for (const auto &[key, o] : a) {
            QVERIFY(b.count(key));
            QCOMPARE(b.at(key).text, o.text);
            QCOMPARE(b.at(key).metrics, o.metrics);
            if (key.second == u"base" && a.at({ key.first, QStringLiteral("lora") }).text != o.text)
                ++differ;
        }
        QVERIFY(differ > 0); // the adapter changes what the model writes

        // Another seed samples differently.
        GenerationJobSpec other = spec(QStringLiteral("gen C"));
        other.seed = 8;
        other.perSource = 0;
        other.limit = 3;
        GenerationJob third(*m_ws, other);
        QCOMPARE(runJob(third), QStringLiteral("succeeded"));
        QCOMPARE(third.result().outputsPerSystem.value(QStringLiteral("base")).toInt(), 3);
    }

    void storesHashesAndSettings()
    {
        const QString modelHash = sha256Of(QDir(m_model).filePath(QStringLiteral("model.safetensors")));
        const QString adapterHash = sha256Of(QDir(m_adapter).filePath(QStringLiteral("adapter_model.safetensors")));
        QCOMPARE(modelHash.size(), 64);
        QCOMPARE(modelWeightsHash(m_model), modelHash);
        QCOMPARE(adapterWeightsHash(m_adapter), adapterHash);
        for (const auto &[key, o] : outputs(QStringLiteral("gen A"))) {
            QCOMPARE(o.generation.value(QStringLiteral("model_hash")).toString(), modelHash);
            QCOMPARE(o.generation.value(QStringLiteral("adapter_hash")).toString(),
                     key.second == u"lora" ? adapterHash : QString());
            QCOMPARE(o.generation.value(QStringLiteral("max_new_tokens")).toInt(), 12);
            QCOMPARE(o.generation.value(QStringLiteral("temperature")).toDouble(), 0.9);
            QCOMPARE(o.generation.value(QStringLiteral("template")).toString(), QStringLiteral("default"));
            QVERIFY(o.generation.value(QStringLiteral("generated_tokens")).toInt() <= 12);
            QVERIFY(o.metrics.contains(QStringLiteral("rouge1")));
        }
        ReviewStore store(*m_ws);
        for (const ReviewSystem &s : store.systems(store.resolveSession(QStringLiteral("gen A")).id)) {
            QCOMPARE(s.modelHash, modelHash);
            QCOMPARE(s.adapterHash, s.name == u"lora" ? adapterHash : QString());
        }
        QVERIFY_THROWS_EXCEPTION(medtune::Error, adapterWeightsHash(m_tmp.path()));
    }

    void referenceLossMatchesPerplexityApi()
    {
        // Independent: BOS + prompt + answer + EOS assembled by the perplexity API from the
        // stored prompt text and reference, scored under the base and base + adapter.
        ModelOptions o;
        o.weights = WeightType::Float32;
        auto model = LlamaModel::load(m_model, o);
        ReviewStore store(*m_ws);
        const auto items = store.items(store.resolveSession(QStringLiteral("gen A")).id);
        QVERIFY(!items.empty());
        std::map<QString, std::vector<double>> expected;
        for (const QString &system : { QStringLiteral("base"), QStringLiteral("lora") }) {
            detachAdapters(*model);
            if (system == u"lora")
                attachAdapter(*model, m_adapter);
            for (const ReviewItem &item : items) {
                const PromptAnswer pair { item.metadata.value(QStringLiteral("prompt")).toString(), item.reference };
                expected[system].push_back(pairLoss(*model, { pair }).meanLoss());
            }
        }
        int compared = 0;
        for (size_t i = 0; i < items.size(); ++i) {
            double base = 0, lora = 0;
            for (const ReviewOutput &out : items[i].outputs) {
                const double got = out.metrics.value(QStringLiteral("reference_loss")).toDouble(-1);
                const double want = expected[out.systemName][i];
                QVERIFY2(
                    std::abs(got - want) < 1e-4 * std::max(1.0, want),
                    qPrintable(
                        QStringLiteral("%1 %2: %3 vs %4").arg(items[i].externalId, out.systemName).arg(got).arg(want)));
                QVERIFY(out.metrics.value(QStringLiteral("reference_tokens")).toInt() > 0);
                (out.systemName == u"base" ? base : lora) = got;
                ++compared;
            }
            QVERIFY(std::abs(base - lora) > 1e-3); // the adapter is attached for its system
        }
        QCOMPARE(compared, int(2 * items.size()));
    }

    void cancelKeepsCommittedOutputs()
    {
        GenerationJobSpec s = spec(QStringLiteral("gen cancelled"));
        s.perSource = 0; // every test example
        s.batchSize = 1;
        GenerationJob job(*m_ws, s);
        QSignalSpy stored(&job, &GenerationJob::outputStored);
        int seen = 0;
        // Direct: runs on the job's thread, so the cancel lands after exactly three outputs.
        connect(
            &job, &GenerationJob::outputStored, &job,
            [&] {
                if (++seen == 3)
                    job.requestCancel();
            },
            Qt::DirectConnection);
        QCOMPARE(runJob(job), QStringLiteral("cancelled"));
        QTRY_COMPARE(stored.count(), 3);
        const auto kept = outputs(QStringLiteral("gen cancelled"));
        QCOMPARE(int(kept.size()), 3);
        QVERIFY(job.result().items > 3);
        for (const auto &[key, o] : kept) {
            QCOMPARE(key.second, QStringLiteral("base"));
            QVERIFY(o.metrics.contains(QStringLiteral("reference_loss")));
        }
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
    }

    void commandLine()
    {
        const QStringList w = { QStringLiteral("--workspace"), m_ws->root() };
        CliResult r = runCli(w
                             + QStringList { QStringLiteral("review"),
                                             QStringLiteral("generate"),
                                             QStringLiteral("--model"),
                                             m_model,
                                             QStringLiteral("--adapter"),
                                             m_adapter,
                                             QStringLiteral("--system"),
                                             QStringLiteral("tuned"),
                                             QStringLiteral("--dataset"),
                                             QStringLiteral("Sample PubMedQA (official files)"),
                                             QStringLiteral("--limit"),
                                             QStringLiteral("2"),
                                             QStringLiteral("--max-new-tokens"),
                                             QStringLiteral("6"),
                                             QStringLiteral("--max-tokens"),
                                             QStringLiteral("512"),
                                             QStringLiteral("--weights"),
                                             QStringLiteral("float32"),
                                             QStringLiteral("--session"),
                                             QStringLiteral("cli gen"),
                                             QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j.value(QStringLiteral("session")).toString(), QStringLiteral("cli gen"));
        QCOMPARE(j.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("base")).toInt(), 2);
        QCOMPARE(j.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("tuned")).toInt(), 2);
        QCOMPARE(j.value(QStringLiteral("model_hash")).toString(), modelWeightsHash(m_model));

        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("stats"), QStringLiteral("--session"),
                                   QStringLiteral("cli gen") });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("refLoss")), qPrintable(r.out));
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("stats"), QStringLiteral("--session"),
                                   QStringLiteral("cli gen"), QStringLiteral("--json") });
        QVERIFY(r.out.contains(QStringLiteral("reference_loss")));

        // Bad input: an unknown dataset, more names than adapters.
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("generate"), QStringLiteral("--model"),
                                   m_model, QStringLiteral("--dataset"), QStringLiteral("no such dataset") });
        QVERIFY(r.code != 0);
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("generate"), QStringLiteral("--model"),
                                   m_model, QStringLiteral("--system"), QStringLiteral("x"),
                                   QStringLiteral("--dataset"), QStringLiteral("Sample MedMCQA") });
        QCOMPARE(r.code, 2);
    }

    void batchSizeFromTheMeasuredSpeed()
    {
        // A measurement of this machine for the tiny model: 90% of the best (31 tokens/s) is
        // first reached at batch 3.
        ModelOptions o;
        o.weights = WeightType::Float32;
        o.loadTokenizer = false;
        const LlamaConfig c = LlamaModel::load(m_model, o)->config();
        GenerationSpeedKey key;
        key.cpu = cpuSignature();
        key.threads = 1;
        key.hiddenSize = c.hiddenSize;
        key.intermediateSize = c.intermediateSize;
        key.layers = c.numLayers;
        key.vocabSize = c.vocabSize;
        key.weights = QStringLiteral("float32");
        GenerationSpeedStore store;
        QFile::remove(store.path());
        store.record({ key, { { 1, 10 }, { 2, 19 }, { 3, 30 }, { 4, 31 } }, QDateTime::currentDateTimeUtc() });

        GenerationJobSpec s = spec(QStringLiteral("auto batch"));
        s.systems = { { QStringLiteral("base"), QString() } };
        s.batchSize = 0; // auto
        s.sampling.maxNewTokens = 3;
        s.referenceLoss = false;
        GenerationJob job(*m_ws, s);
        QCOMPARE(runJob(job), QStringLiteral("succeeded"));
        QVERIFY(job.result().items >= 3);
        QCOMPARE(job.result().batchSize, 3);
        QVERIFY2(job.result().batchReason.startsWith(QStringLiteral("measured: batch 3")),
                 qPrintable(job.result().batchReason));
        QCOMPARE(job.result().toJson().value(QStringLiteral("batch_size")).toInt(), 3);
        for (const auto &[k, out] : outputs(QStringLiteral("auto batch"))) {
            QCOMPARE(out.generation.value(QStringLiteral("batch_size")).toInt(), 3);
            QCOMPARE(out.generation.value(QStringLiteral("batch_choice")).toString(), job.result().batchReason);
        }

        // An explicit size wins; the stored setting says so.
        s.session = QStringLiteral("explicit batch");
        s.batchSize = 2;
        GenerationJob explicitJob(*m_ws, s);
        QCOMPARE(runJob(explicitJob), QStringLiteral("succeeded"));
        QCOMPARE(explicitJob.result().batchSize, 2);
        QCOMPARE(explicitJob.result().batchReason, QStringLiteral("explicit"));
        for (const auto &[k, out] : outputs(QStringLiteral("explicit batch"))) {
            QCOMPARE(out.generation.value(QStringLiteral("batch_size")).toInt(), 2);
            QVERIFY(!out.generation.contains(QStringLiteral("batch_choice")));
        }

        // Nothing measured: the default, capped by the prompts, and the command says why.
        QVERIFY(QFile::remove(store.path()));
        const QStringList w = { QStringLiteral("--workspace"), m_ws->root() };
        const CliResult r = runCli(
            w
            + QStringList { QStringLiteral("review"), QStringLiteral("generate"), QStringLiteral("--model"), m_model,
                            QStringLiteral("--dataset"), QStringLiteral("Sample PubMedQA (official files)"),
                            QStringLiteral("--limit"), QStringLiteral("2"), QStringLiteral("--max-new-tokens"),
                            QStringLiteral("2"), QStringLiteral("--no-reference-loss"), QStringLiteral("--session"),
                            QStringLiteral("cli auto batch") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("batch size 2 (default 4: no generation speed measured")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("capped at the 2 prompts")), qPrintable(r.out));
    }

    void commandLineIntoReviewServer()
    {
        test::PostgresServer server;
        MEDTUNE_REQUIRE_POSTGRES(server);
        server.createRole(QStringLiteral("lead"), QStringLiteral("lead-pw"), QStringLiteral("CREATEROLE"));
        server.createDatabase(QStringLiteral("gen"), QStringLiteral("lead"));
        const QString url = server.url(QStringLiteral("lead"), QStringLiteral("gen"));
        qputenv("PGPASSWORD", "lead-pw");
        const QStringList w = { QStringLiteral("--workspace"), m_ws->root(), QStringLiteral("--review-db"), url };
        CliResult r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("server-init") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("generate"), QStringLiteral("--model"),
                                   m_model, QStringLiteral("--dataset"),
                                   QStringLiteral("Sample PubMedQA (official files)"), QStringLiteral("--limit"),
                                   QStringLiteral("2"), QStringLiteral("--max-new-tokens"), QStringLiteral("4"),
                                   QStringLiteral("--weights"), QStringLiteral("float32"), QStringLiteral("--session"),
                                   QStringLiteral("on the server"), QStringLiteral("--json") });
        qunsetenv("PGPASSWORD");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // The outputs are on the server, not in the workspace.
        ReviewServerAddress address = ReviewServerAddress::parse(url);
        address.password = QStringLiteral("lead-pw");
        ReviewDatabase db(address);
        ReviewStore onServer(db);
        const std::vector<ReviewItem> items
            = onServer.items(onServer.resolveSession(QStringLiteral("on the server")).id);
        QCOMPARE(items.size(), size_t(2));
        for (const ReviewItem &it : items) {
            QCOMPARE(it.outputs.size(), size_t(1));
            QCOMPARE(it.outputs[0].systemName, QStringLiteral("base"));
            QVERIFY(it.outputs[0].metrics.contains(QStringLiteral("reference_loss")));
        }
        QVERIFY(!ReviewStore(*m_ws).sessionByName(QStringLiteral("on the server")));
    }
};

QTEST_GUILESS_MAIN(ReviewGenerateTest)
#include "tst_review_generate.moc"
