// The Hugging Face Hub client and cache against a local server that speaks the Hub's
// protocol (tests/hub_test_server.h): pull into an empty cache in huggingface_hub's
// layout, load by repo id offline, resume after a cut, refuse corrupt bytes, tokens (and
// none sent to the CDN host), a cache written by hand in huggingface_hub's layout, the CLI.
#include "cli_runner.h"
#include "hub_test_server.h"
#include "model/hub_cache.h"
#include "model/hub_client.h"
#include "model/llama_model.h"
#include "model/model_config.h"
#include "model/safetensors.h"
#include "test_support.h"
#include "train/training_spec.h"
#include "util/error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace medtune;
using test::HubTestServer;

namespace {

const QString kRepo = QStringLiteral("medtune-test/tiny-llama");
const QString kCommit = QStringLiteral("3f1c6a0e9b8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b");
const QString kAdapterRepo = QStringLiteral("medtune-test/tiny-adapter");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString sha256(const QByteArray &b)
{
    return QString::fromLatin1(QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex());
}

QString gitSha1(const QByteArray &b)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    h.addData("blob " + QByteArray::number(b.size()) + '\0');
    h.addData(b);
    return QString::fromLatin1(h.result().toHex());
}

bool isLfs(const QString &name)
{
    return name.endsWith(QLatin1String(".safetensors")) || name.endsWith(QLatin1String(".model"))
        || name.endsWith(QLatin1String(".bin"));
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::System | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

// Catches medtune::Error and returns its full message (empty when nothing was thrown).
template<typename F> QString errorOf(F &&f)
{
    try {
        f();
    } catch (const Error &e) {
        return e.fullMessage();
    }
    return {};
}

} // namespace

class HubTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_modelDir;
    QStringList m_modelFiles; // the names MedTune pulls
    HubTestServer m_hub;
    HubTestServer m_cdn;
    QString m_pulledCache; // the cache of pullIntoEmptyCache, reused by later tests
    int m_caches = 0;

    QString newCache() { return m_dir.filePath(QStringLiteral("cache-%1").arg(++m_caches)); }

    HubSettings settings(const QString &cache, const QString &token = {}) const
    {
        HubSettings s;
        s.endpoint = m_hub.url();
        s.cacheDir = cache;
        s.token = token;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Never the user's own cache or token.
        qputenv("HF_HOME", m_dir.filePath(QStringLiteral("hf-home")).toUtf8());
        qunsetenv("HF_HUB_CACHE");
        qunsetenv("HF_TOKEN");
        qunsetenv("HF_TOKEN_PATH");
        qunsetenv("HF_HUB_OFFLINE");
        m_modelDir = test::makeTinyModelFolder(m_dir.filePath(QStringLiteral("source")));

        m_hub.start();
        m_cdn.start();
        qputenv("HF_ENDPOINT", m_hub.url().toUtf8());
        // LFS files redirect to the CDN, addressed by another host name than the endpoint.
        m_hub.setCdn(&m_cdn, m_cdn.url(QStringLiteral("localhost")));
        m_hub.addRepo(kRepo, kCommit);
        for (const QString &name : QDir(m_modelDir).entryList(QDir::Files)) {
            m_hub.addFile(kRepo, name, readAll(QDir(m_modelDir).filePath(name)), isLfs(name));
            m_modelFiles << name;
        }
        QVERIFY(m_modelFiles.contains(QStringLiteral("model.safetensors")));
        QVERIFY(m_modelFiles.contains(QStringLiteral("tokenizer.model")));
        // Files a pull leaves alone.
        m_hub.addFile(kRepo, QStringLiteral("README.md"), "# tiny\n", false);
        m_hub.addFile(kRepo, QStringLiteral("pytorch_model.bin"), QByteArray(5000, 'x'), true);
        m_hub.addFile(kRepo, QStringLiteral("onnx/model.onnx"), QByteArray(3000, 'o'), true);
        m_modelFiles.sort();

        // A PEFT adapter for the tiny model (r 2 on q_proj and v_proj), written as PEFT does.
        const QString adapterDir = m_dir.filePath(QStringLiteral("adapter"));
        QDir().mkpath(adapterDir);
        const QJsonObject config { { QStringLiteral("peft_type"), QStringLiteral("LORA") },
                                   { QStringLiteral("task_type"), QStringLiteral("CAUSAL_LM") },
                                   { QStringLiteral("r"), 2 },
                                   { QStringLiteral("lora_alpha"), 4 },
                                   { QStringLiteral("lora_dropout"), 0.0 },
                                   { QStringLiteral("target_modules"), QJsonArray { "q_proj", "v_proj" } } };
        std::vector<std::vector<float>> buffers;
        std::vector<SafetensorsWriteItem> items;
        for (int layer = 0; layer < 2; ++layer)
            for (const auto &[module, out] : { std::pair { "q_proj", 32 }, std::pair { "v_proj", 16 } })
                for (const auto &[part, shape] : { std::pair { "lora_A", std::vector<int64_t> { 2, 32 } },
                                                   std::pair { "lora_B", std::vector<int64_t> { out, 2 } } }) {
                    buffers.emplace_back(size_t(shape[0] * shape[1]), 0.01f * float(layer + 1));
                    items.push_back({ QStringLiteral("base_model.model.model.layers.%1.self_attn.%2.%3.weight")
                                          .arg(layer)
                                          .arg(QLatin1String(module), QLatin1String(part)),
                                      TensorDType::F32, shape, buffers.back().data(),
                                      uint64_t(buffers.back().size() * sizeof(float)) });
                }
        writeSafetensors(QDir(adapterDir).filePath(QStringLiteral("adapter_model.safetensors")), items);
        m_hub.addRepo(kAdapterRepo, QStringLiteral("aaaabbbbccccddddeeeeffff0000111122223333"));
        m_hub.addFile(kAdapterRepo, QStringLiteral("adapter_config.json"), QJsonDocument(config).toJson(), false);
        m_hub.addFile(kAdapterRepo, QStringLiteral("adapter_model.safetensors"),
                      readAll(QDir(adapterDir).filePath(QStringLiteral("adapter_model.safetensors"))), true);
        m_hub.addFile(kAdapterRepo, QStringLiteral("README.md"), "# adapter\n", false);
    }

    void selectsOnlyNeededFiles()
    {
        QList<HubFile> all;
        for (const char *n :
             { "config.json", "generation_config.json", "model.safetensors", "README.md",
               "model-00001-of-00002.safetensors", "model.safetensors.index.json", "tokenizer.model", "tokenizer.json",
               "tokenizer_config.json", "special_tokens_map.json", "pytorch_model.bin", "adapter_config.json",
               "adapter_model.safetensors", "onnx/model.safetensors" })
            all << HubFile { QLatin1String(n), 1, {} };
        auto names = [](const QList<HubFile> &files) {
            QStringList out;
            for (const HubFile &f : files)
                out << f.name;
            return out;
        };
        HubPullOptions model;
        QCOMPARE(names(HubClient::selectFiles(all, model)),
                 QStringList({ "config.json", "generation_config.json", "model.safetensors",
                               "model-00001-of-00002.safetensors", "model.safetensors.index.json", "tokenizer.model",
                               "tokenizer_config.json", "special_tokens_map.json", "adapter_model.safetensors" }));
        HubPullOptions adapter;
        adapter.adapter = true;
        QCOMPARE(names(HubClient::selectFiles(all, adapter)),
                 QStringList({ "adapter_config.json", "adapter_model.safetensors" }));
        model.include = { QStringLiteral("*.md"), QStringLiteral("onnx/*") };
        const QStringList more = names(HubClient::selectFiles(all, model));
        QVERIFY(more.contains(QStringLiteral("README.md")));
        QVERIFY(more.contains(QStringLiteral("onnx/model.safetensors")));
        QVERIFY(!more.contains(QStringLiteral("pytorch_model.bin")));
    }

    void progressLine()
    {
        HubProgress p;
        p.done = 500'000'000;
        p.total = 1'000'000'000;
        p.bytesPerSecond = 50e6;
        QCOMPARE(formatHubProgress(p), QStringLiteral("500.0 MB / 1.00 GB  50.0 MB/s  ETA 0:10"));
        p.done = 0;
        p.total = 36'000'000'000;
        p.bytesPerSecond = 1e6;
        QCOMPARE(formatHubProgress(p), QStringLiteral("0 B / 36.0 GB  1.00 MB/s  ETA 10:00:00"));
        p.bytesPerSecond = 0; // not measured yet: no rate, no ETA
        QCOMPARE(formatHubProgress(p), QStringLiteral("0 B / 36.0 GB"));
    }

    void settingsFollowHuggingfaceHub()
    {
        const QString home = m_dir.filePath(QStringLiteral("hf-home"));
        HubSettings s = HubSettings::fromEnvironment();
        QCOMPARE(s.cacheDir, QDir(home).filePath(QStringLiteral("hub")));
        QCOMPARE(s.endpoint, m_hub.url());
        QVERIFY(s.token.isEmpty());
        QVERIFY(!s.offline);
        // huggingface-cli login writes $HF_HOME/token
        QDir().mkpath(home);
        QFile tokenFile(QDir(home).filePath(QStringLiteral("token")));
        QVERIFY(tokenFile.open(QIODevice::WriteOnly));
        tokenFile.write("hf_from_file\n");
        tokenFile.close();
        QCOMPARE(HubSettings::fromEnvironment().token, QStringLiteral("hf_from_file"));
        qputenv("HF_TOKEN", "hf_from_env");
        QCOMPARE(HubSettings::fromEnvironment().token, QStringLiteral("hf_from_env"));
        qunsetenv("HF_TOKEN");
        QFile::remove(tokenFile.fileName());
        qputenv("HF_HUB_CACHE", "/elsewhere/hub");
        qputenv("HF_HUB_OFFLINE", "1");
        s = HubSettings::fromEnvironment();
        QCOMPARE(s.cacheDir, QStringLiteral("/elsewhere/hub"));
        QVERIFY(s.offline);
        qunsetenv("HF_HUB_CACHE");
        qunsetenv("HF_HUB_OFFLINE");
        QCOMPARE(HubCache::repoFolderName(QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0")),
                 QStringLiteral("models--TinyLlama--TinyLlama-1.1B-Chat-v1.0"));
        QVERIFY(HubCache::looksLikeRepoId(QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0")));
        QVERIFY(HubCache::looksLikeRepoId(QStringLiteral("org/name@v1.0")));
        QVERIFY(!HubCache::looksLikeRepoId(QStringLiteral("/abs/path")));
        QVERIFY(!HubCache::looksLikeRepoId(QStringLiteral("../x/y")));
        QVERIFY(!HubCache::looksLikeRepoId(QStringLiteral("a/b/c")));
    }

    void pullIntoEmptyCache()
    {
        m_pulledCache = newCache();
        HubClient client(settings(m_pulledCache));
        QList<HubProgress> seen;
        client.setProgressHandler([&](const HubProgress &p) { seen << p; });
        const HubPullResult r = client.pull(kRepo);

        const QString repoDir = m_pulledCache + QStringLiteral("/models--medtune-test--tiny-llama");
        const QString snapshot = repoDir + QStringLiteral("/snapshots/") + kCommit;
        QCOMPARE(r.snapshotDir, snapshot);
        QCOMPARE(r.commit, kCommit);
        QCOMPARE(readAll(repoDir + QStringLiteral("/refs/main")), kCommit.toLatin1()); // no newline, as Python writes
        QCOMPARE(QDir(snapshot).entryList(QDir::Files | QDir::System), m_modelFiles);
        qint64 total = 0;
        for (const QString &name : m_modelFiles) {
            const QByteArray original = readAll(QDir(m_modelDir).filePath(name));
            total += original.size();
            const QString link = QDir(snapshot).filePath(name);
            QVERIFY2(QFileInfo(link).isSymLink(), qPrintable(link));
            // Relative, exactly ../../blobs/<etag>: the LFS object id or the git blob id.
            const QString etag = isLfs(name) ? sha256(original) : gitSha1(original);
            QCOMPARE(QFile::symLinkTarget(link), QFileInfo(repoDir + QStringLiteral("/blobs/") + etag).filePath());
            char target[4096];
            const ssize_t n = ::readlink(QFile::encodeName(link).constData(), target, sizeof target - 1);
            QVERIFY(n > 0);
            QCOMPARE(QString::fromLocal8Bit(target, int(n)), QStringLiteral("../../blobs/") + etag);
            QCOMPARE(readAll(link), original); // byte-identical
        }
        QCOMPARE(r.totalBytes, total);
        QCOMPARE(r.downloadedBytes, total);
        for (const QString &f : filesUnder(repoDir))
            QVERIFY2(!f.endsWith(QLatin1String(".incomplete")), qPrintable(f));
        QVERIFY(!QFile::exists(QDir(snapshot).filePath(QStringLiteral("README.md"))));
        QVERIFY(!QFile::exists(QDir(snapshot).filePath(QStringLiteral("pytorch_model.bin"))));
        QVERIFY(QFileInfo(m_pulledCache + QStringLiteral("/.locks/models--medtune-test--tiny-llama")).isDir());
        // The size was known before the first byte; progress reached it.
        QVERIFY(!seen.isEmpty());
        QCOMPARE(seen.first().total, total);
        QCOMPARE(seen.first().done, qint64(0));
        QCOMPARE(seen.last().done, total);
        QVERIFY(!formatHubProgress(seen.last()).isEmpty());

        // A second pull finds every blob and transfers nothing.
        const HubPullResult again = client.pull(kRepo);
        QCOMPARE(again.downloadedBytes, qint64(0));
        QCOMPARE(again.snapshotDir, snapshot);
    }

    void loadByRepoIdOffline()
    {
        QVERIFY(!m_pulledCache.isEmpty());
        qputenv("HF_HUB_CACHE", m_pulledCache.toUtf8());
        qputenv("HF_HUB_OFFLINE", "1");
        qputenv("HF_ENDPOINT", "http://127.0.0.1:9"); // nothing listens there: no network used
        const QString snapshot
            = m_pulledCache + QStringLiteral("/models--medtune-test--tiny-llama/snapshots/") + kCommit;
        QCOMPARE(resolveModelFolder(kRepo), snapshot);
        QCOMPARE(resolveModelFolder(kRepo + QStringLiteral("@main")), snapshot);
        QCOMPARE(resolveModelFolder(kRepo + u'@' + kCommit), snapshot);
        QCOMPARE(resolveModelFolder(m_modelDir), m_modelDir); // a folder stays a folder
        const auto model = LlamaModel::load(kRepo);
        QCOMPARE(model->folder(), snapshot);
        QCOMPARE(model->config().hiddenSize, 32);
        QVERIFY(model->tokenizer() != nullptr);
        // pull offline answers from the cache.
        HubClient offline;
        QVERIFY(offline.settings().offline);
        const HubPullResult r = offline.pull(kRepo);
        QVERIFY(r.fromCacheOnly);
        QCOMPARE(r.snapshotDir, snapshot);
        // Training validates a repo id through the same lookup.
        TrainingSpec spec;
        spec.modelDir = kRepo;
        QVERIFY(errorOf([&] { spec.validate(); }).isEmpty());
        spec.modelDir = QStringLiteral("someone/not-pulled");
        QVERIFY(errorOf([&] { spec.validate(); }).contains(QLatin1String("medtune-cli pull")));
        // A repo that is not cached says how to get it.
        const QString msg = errorOf([] { LlamaModel::load(QStringLiteral("someone/not-pulled")); });
        QVERIFY2(msg.contains(QLatin1String("someone/not-pulled")) && msg.contains(QLatin1String("medtune-cli pull")),
                 qPrintable(msg));
        QVERIFY(errorOf([] {
                    HubClient().pull(QStringLiteral("someone/not-pulled"));
                }).contains(QLatin1String("HF_HUB_OFFLINE")));
        // The CLI: models lists it as loadable, generate runs on it by repo id.
        const test::CliResult list = test::runCli({ QStringLiteral("models"), QStringLiteral("--json") });
        QVERIFY2(list.code == 0, qPrintable(list.err));
        const QJsonArray repos = QJsonDocument::fromJson(list.out.toUtf8()).array();
        QCOMPARE(repos.size(), 1);
        const QJsonObject o = repos[0].toObject();
        QCOMPARE(o.value(QStringLiteral("repo")).toString(), kRepo);
        QCOMPARE(o.value(QStringLiteral("revision")).toString(), QStringLiteral("main"));
        QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("model"));
        QVERIFY(o.value(QStringLiteral("loadable")).toBool());
        qint64 blobs = 0;
        for (const QString &name : m_modelFiles)
            blobs += QFileInfo(QDir(m_modelDir).filePath(name)).size();
        QCOMPARE(qint64(o.value(QStringLiteral("size")).toDouble()), blobs);
        const test::CliResult gen
            = test::runCli({ QStringLiteral("generate"), QStringLiteral("--model"), kRepo, QStringLiteral("--prompt"),
                             QStringLiteral("fever"), QStringLiteral("--raw"), QStringLiteral("--max-new-tokens"),
                             QStringLiteral("3"), QStringLiteral("--greedy"), QStringLiteral("--json") });
        QVERIFY2(gen.code == 0, qPrintable(gen.err));
        qunsetenv("HF_HUB_CACHE");
        qunsetenv("HF_HUB_OFFLINE");
        qputenv("HF_ENDPOINT", m_hub.url().toUtf8());
    }

    void resumeAfterRestart()
    {
        const QString cache = newCache();
        const QByteArray weights = readAll(QDir(m_modelDir).filePath(QStringLiteral("model.safetensors")));
        const qint64 half = weights.size() / 2;
        m_hub.setFileFault(kRepo, QStringLiteral("model.safetensors"), false, half);
        m_cdn.clearRequests();
        {
            HubClient client(settings(cache));
            client.setMaxResumeAttempts(0); // as if the program had died at the cut
            const QString msg = errorOf([&] { client.pull(kRepo); });
            QVERIFY2(msg.contains(QLatin1String("model.safetensors")) && msg.contains(QLatin1String("stopped at")),
                     qPrintable(msg));
        }
        const QString blob = cache + QStringLiteral("/models--medtune-test--tiny-llama/blobs/") + sha256(weights);
        QCOMPARE(QFileInfo(blob + QStringLiteral(".incomplete")).size(), half);
        QVERIFY(!QFile::exists(blob));
        QVERIFY(!QFile::exists(cache + QStringLiteral("/models--medtune-test--tiny-llama/refs/main")));
        QVERIFY(resolveModelFolderThrows(cache));

        // A new client (a restarted program) continues from the partial file.
        m_cdn.clearRequests();
        const HubPullResult r = HubClient(settings(cache)).pull(kRepo);
        QCOMPARE(readAll(QDir(r.snapshotDir).filePath(QStringLiteral("model.safetensors"))), weights);
        QVERIFY(!QFile::exists(blob + QStringLiteral(".incomplete")));
        bool ranged = false;
        for (const auto &req : m_cdn.requests())
            ranged = ranged || req.headers.value("range") == "bytes=" + QByteArray::number(half) + '-';
        QVERIFY(ranged);
        // Only the rest of the cut file and the files after it: those before it were complete.
        qint64 before = 0;
        for (const QString &name : m_modelFiles)
            if (name < QLatin1String("model.safetensors"))
                before += QFileInfo(QDir(m_modelDir).filePath(name)).size();
        QVERIFY(before > 0);
        QCOMPARE(r.downloadedBytes, r.totalBytes - half - before);
    }

    void resumeWithinOnePull()
    {
        const QString cache = newCache();
        const QByteArray tok = readAll(QDir(m_modelDir).filePath(QStringLiteral("tokenizer.model")));
        m_hub.setFileFault(kRepo, QStringLiteral("tokenizer.model"), false, tok.size() / 3);
        m_cdn.clearRequests();
        const HubPullResult r = HubClient(settings(cache)).pull(kRepo);
        QCOMPARE(readAll(QDir(r.snapshotDir).filePath(QStringLiteral("tokenizer.model"))), tok);
        int ranged = 0;
        for (const auto &req : m_cdn.requests())
            ranged += req.headers.value("range") == "bytes=" + QByteArray::number(tok.size() / 3) + '-';
        QCOMPARE(ranged, 1);
    }

    void refusesBytesThatDoNotMatchTheirHash()
    {
        const QString cache = newCache();
        const QByteArray weights = readAll(QDir(m_modelDir).filePath(QStringLiteral("model.safetensors")));
        QByteArray served = weights;
        served[served.size() / 2] = char(served[served.size() / 2] ^ 0x5a); // what the server's fault does
        m_hub.setFileFault(kRepo, QStringLiteral("model.safetensors"), true, -1);
        const QString msg = errorOf([&] { HubClient(settings(cache)).pull(kRepo); });
        m_hub.setFileFault(kRepo, QStringLiteral("model.safetensors"), false, -1);
        QVERIFY2(msg.contains(QLatin1String("model.safetensors")), qPrintable(msg));
        QVERIFY2(msg.contains(sha256(weights)), qPrintable(msg)); // expected
        QVERIFY2(msg.contains(sha256(served)), qPrintable(msg)); // what arrived
        const QString repoDir = cache + QStringLiteral("/models--medtune-test--tiny-llama");
        QVERIFY(!QFileInfo::exists(repoDir + QStringLiteral("/snapshots/") + kCommit
                                   + QStringLiteral("/model.safetensors")));
        for (const QString &f : filesUnder(repoDir)) {
            QVERIFY2(!f.contains(sha256(weights)), qPrintable(f)); // neither blob nor .incomplete
            QVERIFY2(!f.contains(QLatin1String("model.safetensors")), qPrintable(f));
        }
    }

    void tokenGoesOnlyToTheEndpoint()
    {
        const QString secret = QStringLiteral("hf_test_secret_4711");
        m_hub.setRequiredToken(secret);
        const QString cache = newCache();
        // Without a token: 401, and the message says what to do.
        QString msg = errorOf([&] { HubClient(settings(cache)).pull(kRepo); });
        QVERIFY2(msg.contains(QLatin1String("401")) && msg.contains(QLatin1String("HF_TOKEN"))
                     && msg.contains(QLatin1String("request access")),
                 qPrintable(msg));
        // A wrong token: 403, and the token is not in the message.
        msg = errorOf([&] { HubClient(settings(cache, QStringLiteral("hf_wrong_token"))).pull(kRepo); });
        QVERIFY2(msg.contains(QLatin1String("403")) && !msg.contains(QLatin1String("hf_wrong_token")), qPrintable(msg));
        // HF_TOKEN: success.
        m_hub.clearRequests();
        m_cdn.clearRequests();
        qputenv("HF_TOKEN", secret.toUtf8());
        qputenv("HF_HUB_CACHE", cache.toUtf8());
        const test::CliResult r = test::runCli({ QStringLiteral("pull"), kRepo });
        qunsetenv("HF_TOKEN");
        qunsetenv("HF_HUB_CACHE");
        m_hub.setRequiredToken({});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(!r.err.contains(secret) && !r.out.contains(secret));
        const auto hubRequests = m_hub.requests(), cdnRequests = m_cdn.requests();
        QVERIFY(!hubRequests.isEmpty());
        QVERIFY(cdnRequests.size() >= 2); // model.safetensors and tokenizer.model came from the CDN
        for (const auto &req : hubRequests)
            QCOMPARE(req.headers.value("authorization"), "Bearer " + secret.toLatin1());
        for (const auto &req : cdnRequests) {
            QVERIFY2(!req.headers.contains("authorization"), req.path.constData());
            QVERIFY(req.headers.value("host").startsWith("localhost:")); // another host than the endpoint's
        }
    }

    void reportsMissingRepoAndRevision()
    {
        const QString cache = newCache();
        QString msg = errorOf([&] { HubClient(settings(cache)).pull(QStringLiteral("nobody/nothing")); });
        QVERIFY2(msg.contains(QLatin1String("nobody/nothing")) && msg.contains(QLatin1String("not found")),
                 qPrintable(msg));
        HubPullOptions o;
        o.revision = QStringLiteral("v9");
        msg = errorOf([&] { HubClient(settings(cache)).pull(kRepo, o); });
        QVERIFY2(msg.contains(QLatin1String("revision 'v9'")) && msg.contains(kRepo), qPrintable(msg));
        m_hub.setFileMissing(kRepo, QStringLiteral("tokenizer.model"), true);
        msg = errorOf([&] { HubClient(settings(cache)).pull(kRepo); });
        m_hub.setFileMissing(kRepo, QStringLiteral("tokenizer.model"), false);
        QVERIFY2(msg.contains(QLatin1String("file tokenizer.model not found in ") + kRepo), qPrintable(msg));
        msg = errorOf([&] { HubClient(settings(QStringLiteral("unused"))).pull(QStringLiteral("not a repo")); });
        QVERIFY2(msg.contains(QLatin1String("ORGANIZATION/NAME")), qPrintable(msg));
        HubSettings dead = settings(cache);
        dead.endpoint = QStringLiteral("http://127.0.0.1:9");
        msg = errorOf([&] { HubClient(dead).pull(kRepo); });
        QVERIFY2(msg.contains(QLatin1String("cannot reach")) && msg.contains(QLatin1String("HF_HUB_OFFLINE")),
                 qPrintable(msg));
    }

    void lockKeepsTwoPullsApart()
    {
        const QString cache = newCache();
        const QString lockDir = HubCache(cache).lockDir(kRepo);
        QDir().mkpath(lockDir);
        QLockFile held(lockDir + QStringLiteral("/medtune-pull.lock"));
        QVERIFY(held.tryLock(0));
        const QString msg = errorOf([&] { HubClient(settings(cache)).pull(kRepo); });
        QVERIFY2(msg.contains(QLatin1String("another download")), qPrintable(msg));
        held.unlock();
        QCOMPARE(HubClient(settings(cache)).pull(kRepo).commit, kCommit);
    }

    void usesACacheWrittenByHuggingfaceHub()
    {
        // Written here by hand, exactly as huggingface_hub lays it out: the program did not make it.
        const QString cache = newCache();
        const QString repoDir = cache + QStringLiteral("/models--medtune-test--tiny-llama");
        const QString snapshot = repoDir + QStringLiteral("/snapshots/") + kCommit;
        QVERIFY(QDir().mkpath(repoDir + QStringLiteral("/blobs")));
        QVERIFY(QDir().mkpath(repoDir + QStringLiteral("/refs")));
        QVERIFY(QDir().mkpath(snapshot));
        for (const QString &name : m_modelFiles) {
            const QByteArray bytes = readAll(QDir(m_modelDir).filePath(name));
            const QString etag = isLfs(name) ? sha256(bytes) : gitSha1(bytes);
            QFile blob(repoDir + QStringLiteral("/blobs/") + etag);
            QVERIFY(blob.open(QIODevice::WriteOnly));
            blob.write(bytes);
            blob.close();
            QVERIFY(QFile::link(QStringLiteral("../../blobs/") + etag, QDir(snapshot).filePath(name)));
        }
        QFile ref(repoDir + QStringLiteral("/refs/main"));
        QVERIFY(ref.open(QIODevice::WriteOnly));
        ref.write(kCommit.toLatin1());
        ref.close();

        const HubCache hc(cache);
        QCOMPARE(resolveModelFolder(kRepo, hc), snapshot);
        const QList<CachedRepo> repos = hc.list();
        QCOMPARE(repos.size(), 1);
        QVERIFY2(repos[0].loadable, qPrintable(repos[0].problem));
        QCOMPARE(repos[0].refs, QStringList { QStringLiteral("main") });
        qputenv("HF_HUB_CACHE", cache.toUtf8());
        const auto model = LlamaModel::load(kRepo);
        QCOMPARE(model->folder(), snapshot);
        // A pull finds the blobs Python wrote and downloads nothing.
        m_cdn.clearRequests();
        const HubPullResult r = HubClient(settings(cache)).pull(kRepo);
        QCOMPARE(r.downloadedBytes, qint64(0));
        QVERIFY(m_cdn.requests().isEmpty());
        qunsetenv("HF_HUB_CACHE");
    }

    void cliPullModelsDeleteAndDownload()
    {
        const QString cache = newCache();
        qputenv("HF_HUB_CACHE", cache.toUtf8());
        const QString snapshot = cache + QStringLiteral("/models--medtune-test--tiny-llama/snapshots/") + kCommit;
        // --download pulls a repo id on demand.
        test::CliResult r
            = test::runCli({ QStringLiteral("generate"), QStringLiteral("--model"), kRepo, QStringLiteral("--download"),
                             QStringLiteral("--prompt"), QStringLiteral("cough"), QStringLiteral("--raw"),
                             QStringLiteral("--max-new-tokens"), QStringLiteral("2"), QStringLiteral("--greedy"),
                             QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFileInfo(snapshot + QStringLiteral("/model.safetensors")).isSymLink());

        r = test::runCli({ QStringLiteral("pull"), kRepo, QStringLiteral("--include"), QStringLiteral("*.md") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, snapshot + u'\n'); // stdout: the folder alone
        QVERIFY2(r.err.contains(QLatin1String("files")) && r.err.contains(QLatin1String("[1/")), qPrintable(r.err));
        QVERIFY(QFile::exists(snapshot + QStringLiteral("/README.md")));
        r = test::runCli({ QStringLiteral("pull"), kRepo, QStringLiteral("--include"), QStringLiteral("onnx/*") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // A file in a sub-folder links one level further up, as os.path.relpath makes it.
        char target[4096];
        const ssize_t n = ::readlink(QFile::encodeName(snapshot + QStringLiteral("/onnx/model.onnx")).constData(),
                                     target, sizeof target - 1);
        QVERIFY(n > 0);
        QCOMPARE(QString::fromLocal8Bit(target, int(n)),
                 QStringLiteral("../../../blobs/") + sha256(QByteArray(3000, 'o')));
        QCOMPARE(readAll(snapshot + QStringLiteral("/onnx/model.onnx")), QByteArray(3000, 'o'));

        r = test::runCli({ QStringLiteral("models") });
        QVERIFY2(r.code == 0 && r.out.contains(kRepo) && r.out.contains(QLatin1String("yes")), qPrintable(r.out));
        r = test::runCli({ QStringLiteral("models"), QStringLiteral("delete"), kRepo });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(cache + QStringLiteral("/models--medtune-test--tiny-llama")));
        r = test::runCli({ QStringLiteral("models"), QStringLiteral("delete"), kRepo });
        QCOMPARE(r.code, 1);
        r = test::runCli({ QStringLiteral("pull") });
        QCOMPARE(r.code, 2);
        qunsetenv("HF_HUB_CACHE");
    }

    void adapterByRepoId()
    {
        const QString cache = newCache();
        qputenv("HF_HUB_CACHE", cache.toUtf8());
        test::CliResult r = test::runCli({ QStringLiteral("pull"), kAdapterRepo, QStringLiteral("--adapter") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QDir(r.out.trimmed()).entryList(QDir::Files | QDir::System),
                 QStringList({ "adapter_config.json", "adapter_model.safetensors" }));
        // The model comes on demand; the adapter is attached by its repo id.
        r = test::runCli({ QStringLiteral("generate"), QStringLiteral("--model"), kRepo, QStringLiteral("--adapter"),
                           kAdapterRepo, QStringLiteral("--download"), QStringLiteral("--prompt"),
                           QStringLiteral("rash"), QStringLiteral("--raw"), QStringLiteral("--max-new-tokens"),
                           QStringLiteral("2"), QStringLiteral("--greedy"), QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = test::runCli({ QStringLiteral("models"), QStringLiteral("--json") });
        const QJsonArray repos = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(repos.size(), 2);
        QCOMPARE(repos[0].toObject().value(QStringLiteral("repo")).toString(), kAdapterRepo);
        QCOMPARE(repos[0].toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("adapter"));
        QVERIFY(repos[0].toObject().value(QStringLiteral("loadable")).toBool());
        qunsetenv("HF_HUB_CACHE");
    }

private:
    static bool resolveModelFolderThrows(const QString &cache)
    {
        return !errorOf([&] { resolveModelFolder(kRepo, HubCache(cache)); }).isEmpty();
    }
};

QTEST_GUILESS_MAIN(HubTest)
#include "tst_hub.moc"
