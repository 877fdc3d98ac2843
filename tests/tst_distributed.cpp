// Data-parallel training as torchrun runs it, without Python: the test starts medtune-cli
// processes with RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT
// set (gloo over loopback) on a small model, and checks the mathematics against a single
// process with the same global batch, the single writer, dead and hung ranks, and resume
// on another number of ranks.
#include "data/dataset_importer.h"
#include "model/safetensors.h"
#include "test_support.h"
#include "train/run_store.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace medtune;

namespace {

// A port nobody listens on now (the kernel's choice for port 0).
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

QString cli()
{
    return QDir(test::binDir()).filePath(QStringLiteral("medtune-cli"));
}

QProcessEnvironment singleProcessEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT",
                              "TORCHELASTIC_USE_AGENT_STORE", "MEDTUNE_RANK_TIMEOUT" })
        env.remove(QString::fromLatin1(name));
    return env;
}

/// Starts `ranks` processes of medtune-cli with torchrun's variables, as torchrun would.
std::vector<std::unique_ptr<QProcess>> startRanks(int ranks, const QStringList &args)
{
    const int port = freePort();
    std::vector<std::unique_ptr<QProcess>> procs;
    for (int r = 0; r < ranks; ++r) {
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment env = singleProcessEnvironment();
        env.insert(QStringLiteral("RANK"), QString::number(r));
        env.insert(QStringLiteral("LOCAL_RANK"), QString::number(r));
        env.insert(QStringLiteral("WORLD_SIZE"), QString::number(ranks));
        env.insert(QStringLiteral("LOCAL_WORLD_SIZE"), QString::number(ranks));
        env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
        p->setProcessEnvironment(env);
        p->start(cli(), args);
        procs.push_back(std::move(p));
    }
    return procs;
}

struct Finished
{
    int code = -1;
    QString out, err;
    QJsonObject json() const
    {
        const QJsonDocument whole = QJsonDocument::fromJson(out.trimmed().toUtf8());
        if (whole.isObject())
            return whole.object();
        const QStringList lines = out.trimmed().split(u'\n');
        return QJsonDocument::fromJson(lines.last().toUtf8()).object();
    }
};

Finished finish(QProcess &p, int msecs = 240000)
{
    if (!p.waitForFinished(msecs))
        p.kill();
    p.waitForFinished(5000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
             QString::fromUtf8(p.readAllStandardError()) };
}

Finished runSingle(const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(singleProcessEnvironment());
    p.start(cli(), args);
    return finish(p);
}

/// name -> float32 values of an adapter folder's adapter_model.safetensors.
std::map<QString, std::vector<float>> adapterWeights(const QString &dir)
{
    std::map<QString, std::vector<float>> out;
    const auto f = SafetensorsFile::open(QDir(dir).filePath(QStringLiteral("adapter_model.safetensors")));
    for (const SafetensorsEntry &e : f->entries()) {
        if (e.dtype != TensorDType::F32)
            continue;
        const auto *p = reinterpret_cast<const float *>(f->data(e));
        out[e.name] = std::vector<float>(p, p + e.numel());
    }
    return out;
}

/// The largest |a - b| over all weights, and the largest |a|.
std::pair<double, double> compareAdapters(const QString &a, const QString &b)
{
    const auto wa = adapterWeights(a), wb = adapterWeights(b);
    if (wa.size() != wb.size() || wa.empty())
        return { 1e300, 0 };
    double diff = 0, largest = 0;
    for (const auto &[name, va] : wa) {
        const auto it = wb.find(name);
        if (it == wb.end() || it->second.size() != va.size())
            return { 1e300, 0 };
        for (size_t i = 0; i < va.size(); ++i) {
            diff = std::max(diff, double(std::abs(va[i] - it->second[i])));
            largest = std::max(largest, double(std::abs(va[i])));
        }
    }
    return { diff, largest };
}

QString describe(const Finished &f)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(f.code)
        .arg(f.out.right(2000), f.err.right(4000));
}

} // namespace

class DistributedTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model;
    qint64 m_dataset = 0;

    QString workspace(const QString &name)
    {
        const QString dir = m_tmp.filePath(name);
        Workspace ws(dir);
        for (const ImportResult &r : importBundledSamples(ws))
            if (r.dataset.formats.contains(QStringLiteral("pubmedqa")))
                m_dataset = r.dataset.id;
        return dir;
    }

    QStringList trainArgs(const QString &ws, int steps) const
    {
        return { QStringLiteral("--threads"),
                 QStringLiteral("1"),
                 QStringLiteral("--workspace"),
                 ws,
                 QStringLiteral("train"),
                 QStringLiteral("--model"),
                 m_model,
                 QStringLiteral("--dataset"),
                 QString::number(m_dataset),
                 QStringLiteral("--dtype"),
                 QStringLiteral("float32"),
                 QStringLiteral("--max-tokens"),
                 QStringLiteral("256"),
                 QStringLiteral("--batch"),
                 QStringLiteral("2"),
                 QStringLiteral("--max-steps"),
                 QString::number(steps),
                 QStringLiteral("--eval-every"),
                 QStringLiteral("3"),
                 QStringLiteral("--checkpoint-every"),
                 QStringLiteral("0"),
                 QStringLiteral("--lr"),
                 QStringLiteral("5e-3"),
                 QStringLiteral("--dropout"),
                 QStringLiteral("0"),
                 QStringLiteral("--json") };
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo::exists(cli()), qPrintable(cli()));
        m_model = test::makeTinyModelFolder(m_tmp.path());
    }

    // Two ranks with accumulation 1 train exactly as one process with accumulation 2.
    void twoRanksEqualOneProcessWithAccumulation()
    {
        const QString wsRanks = workspace(QStringLiteral("ws-ranks"));
        const QString wsSingle = workspace(QStringLiteral("ws-single"));
        auto procs = startRanks(2, trainArgs(wsRanks, 6));
        const Finished single
            = runSingle(trainArgs(wsSingle, 6) << QStringLiteral("--accumulation") << QStringLiteral("2"));
        const Finished rank0 = finish(*procs[0]);
        const Finished rank1 = finish(*procs[1]);
        QVERIFY2(rank0.code == 0, qPrintable(describe(rank0)));
        QVERIFY2(rank1.code == 0, qPrintable(describe(rank1)));
        QVERIFY2(single.code == 0, qPrintable(describe(single)));
        // Rank 1 prints nothing: no results, no progress.
        QVERIFY2(rank1.out.isEmpty(), qPrintable(rank1.out));
        QVERIFY2(rank1.err.isEmpty(), qPrintable(rank1.err));

        const QJsonObject a = rank0.json(), b = single.json();
        QVERIFY2(!a.isEmpty(), qPrintable(describe(rank0)));
        QVERIFY2(!b.isEmpty(), qPrintable(describe(single)));
        QCOMPARE(a.value(QStringLiteral("steps")).toInt(), 6);
        QCOMPARE(a.value(QStringLiteral("ranks")).toInt(), 2);
        QCOMPARE(b.value(QStringLiteral("ranks")).toInt(), 1);
        const double va = a.value(QStringLiteral("validation_loss")).toDouble();
        const double vb = b.value(QStringLiteral("validation_loss")).toDouble();
        QVERIFY(vb > 0);
        QVERIFY2(std::abs(va - vb) <= 1e-6 * vb,
                 qPrintable(QStringLiteral("%1 vs %2").arg(va, 0, 'g', 17).arg(vb, 0, 'g', 17)));
        const double ta = a.value(QStringLiteral("test_loss")).toDouble();
        const double tb = b.value(QStringLiteral("test_loss")).toDouble();
        QVERIFY2(std::abs(ta - tb) <= 1e-6 * tb, qPrintable(QStringLiteral("%1 vs %2").arg(ta).arg(tb)));

        const auto [diff, largest] = compareAdapters(a.value(QStringLiteral("final_checkpoint")).toString(),
                                                     b.value(QStringLiteral("final_checkpoint")).toString());
        qInfo("2 ranks vs 1 process with accumulation 2: validation loss %.12g vs %.12g, adapter max |diff| %.3g "
              "(largest weight %.4g)",
              va, vb, diff, largest);
        QVERIFY(largest > 0);
        QVERIFY2(diff <= 1e-4 * largest, qPrintable(QStringLiteral("max diff %1, largest %2").arg(diff).arg(largest)));
        // The adapter moved away from its start (B starts at zero): the comparison means something.
        QVERIFY(largest > 1e-3);

        // One writer: exactly one run, whose configuration records the global batch.
        Workspace ws(wsRanks);
        const QList<RunRecord> runs = RunStore(ws).list();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().status, QStringLiteral("completed"));
        QCOMPARE(runs.first()
                     .config.value(QStringLiteral("trainer"))
                     .toObject()
                     .value(QStringLiteral("gradient_accumulation"))
                     .toInt(),
                 2);
        m_uninterrupted = a.value(QStringLiteral("final_checkpoint")).toString();
    }

    // A 2-rank checkpoint resumed on 1 rank ends where the uninterrupted 2-rank run ended.
    void resumeOnOtherWorldSize()
    {
        QVERIFY(!m_uninterrupted.isEmpty());
        const QString wsDir = workspace(QStringLiteral("ws-resume"));
        auto procs = startRanks(2, trainArgs(wsDir, 6) << QStringLiteral("--stop-after-step") << QStringLiteral("3"));
        const Finished rank0 = finish(*procs[0]);
        const Finished rank1 = finish(*procs[1]);
        QVERIFY2(rank0.code == 0, qPrintable(describe(rank0)));
        QVERIFY2(rank1.code == 0, qPrintable(describe(rank1)));
        const qint64 run = rank0.json().value(QStringLiteral("run")).toInteger();
        QCOMPARE(rank0.json().value(QStringLiteral("stopped_after_step")).toInt(), 3);
        {
            Workspace ws(wsDir);
            QCOMPARE(RunStore(ws).get(run).status, QStringLiteral("stopped"));
        }
        const Finished resumed = runSingle(
            { QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--workspace"), wsDir,
              QStringLiteral("train"), QStringLiteral("--resume"), QString::number(run), QStringLiteral("--json") });
        QVERIFY2(resumed.code == 0, qPrintable(describe(resumed)));
        QCOMPARE(resumed.json().value(QStringLiteral("steps")).toInt(), 6);
        QVERIFY2(resumed.err.contains(QStringLiteral("checkpoint-3")), qPrintable(resumed.err));
        const auto [diff, largest]
            = compareAdapters(resumed.json().value(QStringLiteral("final_checkpoint")).toString(), m_uninterrupted);
        qInfo("resumed on 1 rank vs uninterrupted 2 ranks: adapter max |diff| %.3g (largest weight %.4g)", diff,
              largest);
        QVERIFY(largest > 1e-3);
        QVERIFY2(diff <= 1e-4 * largest, qPrintable(QStringLiteral("max diff %1, largest %2").arg(diff).arg(largest)));
        Workspace ws(wsDir);
        QCOMPARE(RunStore(ws).list().size(), 1);
    }

    // Ranks that would train different things refuse, naming the rank and the item.
    void ranksWithOtherSettingsRefuse()
    {
        const QString wsDir = workspace(QStringLiteral("ws-mismatch"));
        const int port = freePort();
        std::vector<std::unique_ptr<QProcess>> procs;
        for (int r = 0; r < 2; ++r) {
            auto p = std::make_unique<QProcess>();
            QProcessEnvironment env = singleProcessEnvironment();
            env.insert(QStringLiteral("RANK"), QString::number(r));
            env.insert(QStringLiteral("LOCAL_RANK"), QString::number(r));
            env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
            env.insert(QStringLiteral("LOCAL_WORLD_SIZE"), QStringLiteral("2"));
            env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
            env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
            p->setProcessEnvironment(env);
            // Rank 1 was given another learning rate.
            p->start(cli(),
                     trainArgs(wsDir, 6) << QStringLiteral("--lr")
                                         << (r == 0 ? QStringLiteral("5e-3") : QStringLiteral("1e-3")));
            procs.push_back(std::move(p));
        }
        for (auto &p : procs) {
            const Finished f = finish(*p);
            QVERIFY2(f.code == 1, qPrintable(describe(f)));
            QVERIFY2(f.err.contains(QStringLiteral("Rank 1 sees a different configuration than rank 0")),
                     qPrintable(describe(f)));
        }
        Workspace ws(wsDir);
        const QList<RunRecord> runs = RunStore(ws).list();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().status, QStringLiteral("failed"));
    }

    // A variable torchrun would set that is malformed is named.
    void malformedRankVariables()
    {
        QProcess p;
        QProcessEnvironment env = singleProcessEnvironment();
        env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
        env.insert(QStringLiteral("RANK"), QStringLiteral("2"));
        env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("MASTER_PORT"), QStringLiteral("29500"));
        p.setProcessEnvironment(env);
        p.start(cli(), trainArgs(m_tmp.filePath(QStringLiteral("ws-bad-env")), 1));
        const Finished f = finish(p);
        QCOMPARE(f.code, 2);
        QVERIFY2(
            f.err.contains(QStringLiteral("The environment variable RANK is '2'; expected a whole number from 0 to 1")),
            qPrintable(describe(f)));
    }

    // A rank that dies (SIGKILL) or hangs (SIGSTOP) stops the other within the timeout,
    // with an error naming it.
    void deadOrHungRankStopsTheOthers_data()
    {
        QTest::addColumn<int>("victim");
        QTest::addColumn<int>("signal");
        QTest::newRow("rank 1 killed") << 1 << int(SIGKILL);
        QTest::newRow("rank 0 killed") << 0 << int(SIGKILL);
        QTest::newRow("rank 1 hangs") << 1 << int(SIGSTOP);
    }

    void deadOrHungRankStopsTheOthers()
    {
        QFETCH(int, victim);
        QFETCH(int, signal);
        const int timeoutSeconds = 8;
        const QString wsDir = workspace(QStringLiteral("ws-fault-%1-%2").arg(victim).arg(signal));
        auto procs = startRanks(
            2, trainArgs(wsDir, 100000) << QStringLiteral("--rank-timeout") << QString::number(timeoutSeconds));
        QProcess &survivor = *procs[size_t(1 - victim)];
        QProcess &victimProc = *procs[size_t(victim)];
        // Wait until training runs (rank 0 prints its first step).
        QString rank0Err;
        QTRY_VERIFY_WITH_TIMEOUT((rank0Err += QString::fromUtf8(procs[0]->readAllStandardError()),
                                  rank0Err.contains(QStringLiteral("step 1/"))),
                                 120000);
        QElapsedTimer clock;
        clock.start();
        ::kill(pid_t(victimProc.processId()), signal);
        const Finished s = finish(survivor, (timeoutSeconds + 60) * 1000);
        const double seconds = double(clock.elapsed()) / 1000.0;
        if (signal == SIGSTOP)
            ::kill(pid_t(victimProc.processId()), SIGKILL);
        finish(victimProc, 10000);
        QVERIFY2(s.code != 0 && s.code != -1, qPrintable(describe(s)));
        const QString named = QStringLiteral("rank %1 stopped responding").arg(victim);
        QVERIFY2(s.err.contains(named), qPrintable(describe(s)));
        // Within the configured timeout (plus the few seconds the diagnosis waits).
        qInfo("%s: the survivor stopped after %.1f s: %s", QTest::currentDataTag(), seconds,
              qPrintable(s.err.trimmed().split(u'\n').last()));
        QVERIFY2(seconds < timeoutSeconds + 10, qPrintable(QString::number(seconds)));
        if (victim == 1) {
            // Rank 0 recorded the failure; the run can be resumed.
            Workspace ws(wsDir);
            const QList<RunRecord> runs = RunStore(ws).list();
            QCOMPARE(runs.size(), 1);
            QCOMPARE(runs.first().status, QStringLiteral("failed"));
        }
    }

private:
    QString m_uninterrupted;
};

QTEST_GUILESS_MAIN(DistributedTest)
#include "tst_distributed.moc"
