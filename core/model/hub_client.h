// A client of the Hugging Face Hub's HTTP protocol as huggingface_hub speaks it: the
// revision API for the file list and commit, /resolve/ for the files (HEAD for metadata,
// then GET following redirects), downloads into the shared cache (hub_cache.h) through
// blobs/<etag>.incomplete with Range resume and SHA-256 verification.
#pragma once

#include "model/hub_cache.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace medtune {

/// One file of a repo revision, from the revision API (with blobs=true).
struct HubFile
{
    QString name; ///< path inside the repo ("rfilename")
    qint64 size = -1; ///< bytes, -1 when the API did not say
    QString sha256; ///< the LFS object's SHA-256 (lowercase hex), empty for plain git files
    QString blobId; ///< the git blob id ("blobId"), the ETag of plain git files
};

struct HubRepoInfo
{
    QString repoId;
    QString revision; ///< as asked (branch, tag or commit)
    QString commit; ///< the 40-hex commit the revision names ("sha")
    QList<HubFile> files; ///< all files of the revision ("siblings")
};

struct HubPullOptions
{
    QString revision = QStringLiteral("main");
    QStringList include; ///< further glob patterns (matched against the file's path)
    bool adapter = false; ///< a PEFT adapter repo: adapter files instead of model files
};

/// Progress of a pull, reported after each chunk (at most about every 100 ms) and at each
/// file's start and end.
struct HubProgress
{
    QString file; ///< the file being downloaded, empty before the first
    int fileIndex = 0; ///< 1-based
    int fileCount = 0;
    qint64 done = 0; ///< bytes of the whole pull done (files already cached count as done)
    qint64 total = 0; ///< bytes of the whole pull (-1 when unknown)
    double bytesPerSecond = 0; ///< over the bytes actually transferred in this pull
};

struct HubPullResult
{
    QString repoId;
    QString commit;
    QString snapshotDir;
    QList<HubFile> files; ///< the files pulled (or found already in the cache)
    qint64 totalBytes = 0;
    qint64 downloadedBytes = 0; ///< transferred over the network in this pull
    bool fromCacheOnly = false; ///< offline: answered from the cache
};

/// Thrown by HubClient when the cancel check returned true (the partial file is kept for a
/// later resume).
struct HubCancelled
{
};

/// "1.23 GB", "45.6 MB" (decimal units, as the Hub shows sizes).
QString formatByteSize(qint64 bytes);
/// "312.4 MB / 2.20 GB  45.1 MB/s  ETA 0:42" for a progress line.
QString formatHubProgress(const HubProgress &p);

/// Talks to one endpoint and writes one cache. Not thread-safe: use an instance from one
/// thread only (it runs a local event loop per request, so it works on any thread).
class HubClient
{
public:
    explicit HubClient(HubSettings settings = HubSettings::fromEnvironment());
    ~HubClient();

    const HubSettings &settings() const { return m_settings; }
    HubCache cache() const { return HubCache(m_settings.cacheDir); }

    /// Called during pull(); on the caller's thread.
    void setProgressHandler(std::function<void(const HubProgress &)> handler) { m_onProgress = std::move(handler); }
    /// Polled during transfers; true aborts the pull with HubCancelled.
    void setCancelCheck(std::function<bool()> check) { m_isCancelled = std::move(check); }
    /// How often a cut transfer is resumed within one pull (default 5).
    void setMaxResumeAttempts(int n) { m_maxResumes = n; }

    /// GET /api/models/{repo}/revision/{rev}?blobs=true. Throws Error (401/403: access;
    /// 404: repo or revision; network errors) with a hint.
    HubRepoInfo repoInfo(const QString &repoId, const QString &revision = QStringLiteral("main"));

    /// The patterns pulled by default: what MedTune loads for a model, or for an adapter.
    static QStringList defaultPatterns(bool adapter);
    /// The files of `all` matching the default patterns or `options.include`.
    static QList<HubFile> selectFiles(const QList<HubFile> &all, const HubPullOptions &options);

    /// Downloads the selected files of a revision into the cache (skipping blobs already
    /// there) and returns the snapshot folder. Holds the repo's lock file meanwhile. Offline
    /// (HF_HUB_OFFLINE=1) it returns the cached snapshot or throws.
    HubPullResult pull(const QString &repoId, const HubPullOptions &options = {});

private:
    struct Impl;
    HubSettings m_settings;
    std::unique_ptr<Impl> m_impl;
    std::function<void(const HubProgress &)> m_onProgress;
    std::function<bool()> m_isCancelled;
    int m_maxResumes = 5;
};

} // namespace medtune
