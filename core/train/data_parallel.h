// Data-parallel training across processes: this process as one rank of a libtorch c10d
// process group (Gloo on the CPU, NCCL for CUDA devices when libtorch was built with it),
// joined through the environment torchrun sets and a TCPStore rendezvous. The c10d headers
// stay inside data_parallel.cpp; this header has no libtorch include.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace at {
class Tensor;
}

namespace medtune {

/// One rank's place in the job, exactly as torchrun describes it.
struct RankEnvironment
{
    int rank = 0; ///< RANK: 0 .. worldSize-1 across all machines
    int localRank = 0; ///< LOCAL_RANK: index on this machine (picks cuda:LOCAL_RANK)
    int worldSize = 1; ///< WORLD_SIZE
    int localWorldSize = 1; ///< LOCAL_WORLD_SIZE
    QString masterAddr; ///< MASTER_ADDR: the host of rank 0, which serves the TCPStore
    int masterPort = 0; ///< MASTER_PORT

    /// Reads RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT.
    /// nullopt when WORLD_SIZE is unset or 1 (a single process); throws UsageError naming
    /// the variable when one is missing or malformed.
    static std::optional<RankEnvironment> fromEnvironment();
    /// The same variables for the environment of a child process (bench train --ranks).
    QStringList toEnvironment() const;
};

/// The group every rank of a data-parallel run joins. Collective calls must be made by all
/// ranks in the same order. A rank that dies or does not answer within the timeout makes
/// every collective throw medtune::Error naming that rank. Not thread-safe: one thread
/// (the training thread) makes the calls.
class DataParallel
{
public:
    /// The default for a rank that does not answer: MEDTUNE_RANK_TIMEOUT seconds when set,
    /// otherwise 300 s.
    static std::chrono::milliseconds defaultTimeout();

    /// Joins the group: rank 0 serves the TCPStore at MASTER_ADDR:MASTER_PORT, all ranks
    /// connect to it and build the process group (gloo; nccl when device is cuda and
    /// libtorch has it). Waits at most `timeout` for the other ranks.
    DataParallel(const RankEnvironment &env, std::chrono::milliseconds timeout, const QString &device = {});
    ~DataParallel();
    DataParallel(const DataParallel &) = delete;
    DataParallel &operator=(const DataParallel &) = delete;

    int rank() const;
    int worldSize() const;
    const RankEnvironment &environment() const;
    std::chrono::milliseconds timeout() const;
    /// Rank 0 writes the workspace; the others only read it.
    bool isWriter() const { return rank() == 0; }
    /// "gloo" or "nccl".
    QString backend() const;

    /// Sums the tensor over all ranks, in place (contiguous float32 or float64).
    void allReduceSum(at::Tensor &tensor);
    /// Replaces the tensor on every rank with rank 0's (in place).
    void broadcastFromWriter(at::Tensor &tensor);
    /// Every rank's bytes, in rank order (through the store: small items only).
    std::vector<QByteArray> allGather(const QByteArray &mine);
    /// Returns when every rank has called it.
    void barrier();
    /// Wall time spent in allReduceSum since the group was joined.
    double allReduceSeconds() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace medtune
