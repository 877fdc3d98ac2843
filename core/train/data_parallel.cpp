#include "train/data_parallel.h"

#include "util/error.h"

#include <QStringList>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/torch.h>
#include <torch/version.h>
#if defined(USE_C10D_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace medtune {
namespace {

// libtorch 2 turned the concrete process groups into backends of one ProcessGroup.
#if TORCH_VERSION_MAJOR >= 2
using GroupBase = c10d::Backend;
#else
using GroupBase = c10d::ProcessGroup;
#endif

constexpr auto kHeartbeatPeriod = std::chrono::milliseconds(1000);

int intVariable(const char *name, int min, int max, std::optional<int> fallback = std::nullopt)
{
    if (!qEnvironmentVariableIsSet(name)) {
        if (fallback)
            return *fallback;
        throw UsageError(QStringLiteral("The environment variable %1 is not set").arg(QLatin1String(name)),
                         QStringLiteral("start the ranks with torchrun, or set RANK, WORLD_SIZE, MASTER_ADDR and "
                                        "MASTER_PORT for every process"));
    }
    bool ok = false;
    const int v = qEnvironmentVariable(name).trimmed().toInt(&ok);
    if (!ok || v < min || v > max)
        throw UsageError(QStringLiteral("The environment variable %1 is '%2'; expected a whole number from %3 to %4")
                             .arg(QLatin1String(name), qEnvironmentVariable(name))
                             .arg(min)
                             .arg(max));
    return v;
}

std::vector<uint8_t> bytes(const std::string &s)
{
    return std::vector<uint8_t>(s.begin(), s.end());
}

QString what(const std::exception &e)
{
    if (const auto *c = dynamic_cast<const c10::Error *>(&e))
        return QString::fromUtf8(c->what_without_backtrace()).section(u'\n', 0, 0).left(400);
    return QString::fromUtf8(e.what()).section(u'\n', 0, 0).left(400);
}

bool isLoopback(const QString &host)
{
    return host == QLatin1String("localhost") || host.startsWith(QLatin1String("127.")) || host == QLatin1String("::1");
}

} // namespace

std::optional<RankEnvironment> RankEnvironment::fromEnvironment()
{
    if (!qEnvironmentVariableIsSet("WORLD_SIZE"))
        return std::nullopt;
    RankEnvironment e;
    e.worldSize = intVariable("WORLD_SIZE", 1, 1 << 20);
    if (e.worldSize == 1)
        return std::nullopt;
    e.rank = intVariable("RANK", 0, e.worldSize - 1);
    e.localWorldSize = intVariable("LOCAL_WORLD_SIZE", 1, e.worldSize, e.worldSize);
    e.localRank = intVariable("LOCAL_RANK", 0, e.localWorldSize - 1, e.rank % e.localWorldSize);
    e.masterPort = intVariable("MASTER_PORT", 1, 65535);
    e.masterAddr = qEnvironmentVariable("MASTER_ADDR").trimmed();
    if (e.masterAddr.isEmpty())
        throw UsageError(QStringLiteral("The environment variable MASTER_ADDR is not set"),
                         QStringLiteral("set it to the host name or address of the machine that runs rank 0"));
    return e;
}

QStringList RankEnvironment::toEnvironment() const
{
    return { QStringLiteral("RANK=%1").arg(rank),
             QStringLiteral("LOCAL_RANK=%1").arg(localRank),
             QStringLiteral("WORLD_SIZE=%1").arg(worldSize),
             QStringLiteral("LOCAL_WORLD_SIZE=%1").arg(localWorldSize),
             QStringLiteral("MASTER_ADDR=%1").arg(masterAddr),
             QStringLiteral("MASTER_PORT=%1").arg(masterPort) };
}

struct DataParallel::Impl
{
    RankEnvironment env;
    std::chrono::milliseconds timeout {};
    bool agentStore = false; ///< torchrun's agent serves the store; every rank is a client
    std::string prefix;
    c10::intrusive_ptr<c10d::TCPStore> tcp; ///< this process's connection (rank 0: also the server)
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<GroupBase> group;
    QString backend;
    int gatherRound = 0;
    double allReduceSeconds = 0;

    // Each rank advances its heartbeat counter once a second on a connection of its own, so
    // that a failed collective can tell which rank has gone quiet.
    std::thread heartbeat;
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;

    /// main: the rank's own connection, counted by the server's start-up wait (as
    /// torch.distributed does); otherwise an extra one (the heartbeat's).
    c10::intrusive_ptr<c10d::Store> connect(bool server, bool main = true) const
    {
        c10d::TCPStoreOptions o;
        o.port = uint16_t(env.masterPort);
        o.isServer = server;
        if (main)
            o.numWorkers = size_t(env.worldSize);
        o.waitWorkers = main;
        o.timeout = timeout;
        auto s = c10::make_intrusive<c10d::TCPStore>(env.masterAddr.toStdString(), o);
        return c10::make_intrusive<c10d::PrefixStore>(prefix, s);
    }

    std::string key(const char *what, int rank) const { return std::string(what) + "/" + std::to_string(rank); }

    void startHeartbeat()
    {
        auto own = connect(false, false);
        heartbeat = std::thread([this, own] {
            std::unique_lock<std::mutex> lock(mutex);
            while (!stopping) {
                try {
                    own->add(key("heartbeat", env.rank), 1);
                } catch (const std::exception &) {
                    // The store is gone (rank 0 or the agent ended): the next collective reports it.
                }
                wake.wait_for(lock, kHeartbeatPeriod, [this] { return stopping; });
            }
        });
    }

    void stopHeartbeat()
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            stopping = true;
        }
        wake.notify_all();
        if (heartbeat.joinable())
            heartbeat.join();
    }

    /// Called when a collective failed: which rank has gone (a heartbeat that stopped
    /// advancing), or which one is behind (alive, but it did not reach this collective).
    [[noreturn]] void fail(const QString &operation, const std::exception &e)
    {
        const QString detail = what(e);
        QStringList gone, behind;
        bool storeLost = false;
        try {
            store->setTimeout(std::chrono::milliseconds(5000));
            std::vector<int64_t> before(size_t(env.worldSize));
            for (int r = 0; r < env.worldSize; ++r)
                before[size_t(r)] = r == env.rank ? 0 : store->add(key("heartbeat", r), 0);
            std::this_thread::sleep_for(3 * kHeartbeatPeriod);
            const int64_t mine = store->add(key("arrived", env.rank), 0);
            for (int r = 0; r < env.worldSize; ++r) {
                if (r == env.rank)
                    continue;
                if (store->add(key("heartbeat", r), 0) == before[size_t(r)])
                    gone << QString::number(r);
                else if (store->add(key("arrived", r), 0) < mine)
                    behind << QString::number(r);
            }
        } catch (const std::exception &) {
            storeLost = true;
        }
        QString who;
        if (!gone.isEmpty())
            who = QStringLiteral("rank %1 stopped responding (its process ended or is stopped)")
                      .arg(gone.join(QStringLiteral(", ")));
        else if (!behind.isEmpty())
            who = QStringLiteral("rank %1 is alive but did not reach this step (it hangs)")
                      .arg(behind.join(QStringLiteral(", ")));
        else if (storeLost && !agentStore && env.rank != 0)
            who = QStringLiteral("rank 0 stopped responding (its process, which serves the rendezvous store, ended)");
        else if (storeLost)
            who = QStringLiteral("the torchrun agent's rendezvous store is gone");
        else
            who = QStringLiteral("a rank failed");
        throw Error(QStringLiteral("Data-parallel training stopped on rank %1 of %2: %3 (%4 failed: %5)")
                        .arg(env.rank)
                        .arg(env.worldSize)
                        .arg(who, operation, detail),
                    QStringLiteral("see that rank's log; the last checkpoint stays resumable with "
                                   "'medtune-cli train --resume RUN' on any number of ranks"));
    }

    void arrive()
    {
        try {
            store->add(key("arrived", env.rank), 1);
        } catch (const std::exception &e) {
            fail(QStringLiteral("reaching the store"), e);
        }
    }
};

std::chrono::milliseconds DataParallel::defaultTimeout()
{
    bool ok = false;
    const double s = qEnvironmentVariable("MEDTUNE_RANK_TIMEOUT").toDouble(&ok);
    return std::chrono::milliseconds(ok && s > 0 ? qint64(s * 1000) : 300000);
}

DataParallel::DataParallel(const RankEnvironment &env, std::chrono::milliseconds timeout, const QString &device)
    : d(std::make_unique<Impl>())
{
    d->env = env;
    d->timeout = timeout;
    // Under torchrun's static rendezvous its agent already serves a TCPStore at
    // MASTER_ADDR:MASTER_PORT and every worker is a client, under a per-attempt prefix
    // (as torch.distributed's env:// rendezvous does).
    d->agentStore = qEnvironmentVariable("TORCHELASTIC_USE_AGENT_STORE") == QLatin1String("True");
    d->prefix = d->agentStore
        ? "/worker/attempt_" + qEnvironmentVariable("TORCHELASTIC_RESTART_COUNT", "0").toStdString()
        : std::string("/medtune");
    const bool cuda = device.startsWith(QLatin1String("cuda"));
    try {
        d->store = d->connect(!d->agentStore && env.rank == 0);
        if (cuda) {
#if defined(USE_C10D_NCCL)
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = timeout;
            d->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(d->store, env.rank, env.worldSize, options);
            d->backend = QStringLiteral("nccl");
#else
            throw Error(QStringLiteral("This build's libtorch has no NCCL, so ranks cannot train on %1").arg(device),
                        QStringLiteral("train on the CPU (gloo), or build against a CUDA libtorch (docs/building.md)"));
#endif
        } else {
            auto options = c10d::ProcessGroupGloo::Options::create(timeout);
            const QString ifname = qEnvironmentVariable("GLOO_SOCKET_IFNAME");
            if (!ifname.isEmpty())
                options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname.toStdString()));
            else if (isLoopback(env.masterAddr))
                options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
            else
                options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            d->group = c10::make_intrusive<c10d::ProcessGroupGloo>(d->store, env.rank, env.worldSize, options);
            d->backend = QStringLiteral("gloo");
        }
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        throw Error(QStringLiteral("Rank %1 of %2 could not join the data-parallel group at %3:%4 within %5 s: %6")
                        .arg(env.rank)
                        .arg(env.worldSize)
                        .arg(env.masterAddr)
                        .arg(env.masterPort)
                        .arg(double(timeout.count()) / 1000.0)
                        .arg(what(e)),
                    QStringLiteral("start every rank with the same MASTER_ADDR, MASTER_PORT and WORLD_SIZE within "
                                   "the timeout (torchrun does this), and check that the port is free and reachable"));
    }
    d->startHeartbeat();
}

DataParallel::~DataParallel()
{
    d->stopHeartbeat();
    d->group.reset();
    d->store.reset();
}

int DataParallel::rank() const
{
    return d->env.rank;
}

int DataParallel::worldSize() const
{
    return d->env.worldSize;
}

const RankEnvironment &DataParallel::environment() const
{
    return d->env;
}

std::chrono::milliseconds DataParallel::timeout() const
{
    return d->timeout;
}

QString DataParallel::backend() const
{
    return d->backend;
}

void DataParallel::allReduceSum(at::Tensor &tensor)
{
    const auto t0 = std::chrono::steady_clock::now();
    d->arrive();
    // Gloo reduces CPU tensors here; a CUDA tensor travels through the CPU.
    const bool viaCpu = d->backend == QLatin1String("gloo") && !tensor.device().is_cpu();
    std::vector<at::Tensor> buffers { viaCpu ? tensor.cpu() : tensor };
    try {
        d->group->allreduce(buffers)->wait();
    } catch (const std::exception &e) {
        d->fail(QStringLiteral("all-reduce"), e);
    }
    if (viaCpu)
        tensor.copy_(buffers.front());
    d->allReduceSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void DataParallel::broadcastFromWriter(at::Tensor &tensor)
{
    d->arrive();
    const bool viaCpu = d->backend == QLatin1String("gloo") && !tensor.device().is_cpu();
    std::vector<at::Tensor> buffers { viaCpu ? tensor.cpu() : tensor };
    c10d::BroadcastOptions options;
    options.rootRank = 0;
    try {
        d->group->broadcast(buffers, options)->wait();
    } catch (const std::exception &e) {
        d->fail(QStringLiteral("broadcast"), e);
    }
    if (viaCpu)
        tensor.copy_(buffers.front());
}

std::vector<QByteArray> DataParallel::allGather(const QByteArray &mine)
{
    d->arrive();
    const std::string round = "gather/" + std::to_string(d->gatherRound++) + "/";
    std::vector<QByteArray> all;
    try {
        d->store->setTimeout(d->timeout);
        d->store->set(round + std::to_string(d->env.rank), bytes(mine.toStdString()));
        for (int r = 0; r < d->env.worldSize; ++r) {
            const std::vector<uint8_t> v = d->store->get(round + std::to_string(r));
            all.emplace_back(reinterpret_cast<const char *>(v.data()), qsizetype(v.size()));
        }
    } catch (const std::exception &e) {
        d->fail(QStringLiteral("all-gather"), e);
    }
    return all;
}

void DataParallel::barrier()
{
    d->arrive();
    try {
        d->group->barrier()->wait();
    } catch (const std::exception &e) {
        d->fail(QStringLiteral("barrier"), e);
    }
}

double DataParallel::allReduceSeconds() const
{
    return d->allReduceSeconds;
}

} // namespace medtune
