// The Hugging Face Hub cache on disk, in exactly the layout huggingface_hub writes
// (models--ORG--NAME/{blobs,snapshots,refs}), and the one function that turns a model or
// adapter argument (a folder or a repo id) into a folder.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace medtune {

/// Where the Hub is and how to talk to it, from huggingface_hub's environment variables.
struct HubSettings
{
    QString endpoint; ///< HF_ENDPOINT, default https://huggingface.co (no trailing slash)
    QString cacheDir; ///< HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub
    QString token; ///< HF_TOKEN, else the file $HF_HOME/token (what huggingface-cli login writes)
    bool offline = false; ///< HF_HUB_OFFLINE=1

    static HubSettings fromEnvironment();
};

/// One repository in the cache, as `models` lists it.
struct CachedRepo
{
    QString repoId; ///< ORG/NAME
    QString folder; ///< the models--ORG--NAME folder
    QStringList refs; ///< names in refs/ pointing at `commit`
    QString commit; ///< the snapshot described (refs/main's, else the newest a ref names)
    QString snapshotDir;
    qint64 sizeOnDisk = 0; ///< all complete blobs of the repo, in bytes
    QString kind; ///< "model", "adapter" or "other"
    bool loadable = false; ///< the snapshot holds what MedTune needs to load it
    QString problem; ///< why it is not loadable
};

/// The cache folder and its layout. Stateless apart from its root; safe from any thread.
class HubCache
{
public:
    explicit HubCache(QString root);
    QString root() const { return m_root; }

    /// "models--ORG--NAME", the name huggingface_hub gives a model repo's folder.
    static QString repoFolderName(const QString &repoId);
    /// True for ORG/NAME (optionally @REVISION) as the Hub spells repo ids.
    static bool looksLikeRepoId(const QString &text);
    /// Throws UsageError unless repoId is ORG/NAME.
    static void checkRepoId(const QString &repoId);

    QString repoDir(const QString &repoId) const;
    QString blobPath(const QString &repoId, const QString &etag) const;
    QString snapshotDir(const QString &repoId, const QString &commit) const;
    /// The lock folder huggingface_hub uses for the repo (.locks/models--ORG--NAME).
    QString lockDir(const QString &repoId) const;

    /// The commit refs/<revision> names, or empty.
    QString readRef(const QString &repoId, const QString &revision) const;
    /// Writes refs/<revision> = commit atomically.
    void writeRef(const QString &repoId, const QString &revision, const QString &commit) const;
    /// The snapshot folder for a revision (a ref name or a commit); with an empty revision
    /// refs/main, else the newest snapshot a ref names. Empty when the cache has none.
    QString findSnapshot(const QString &repoId, const QString &revision = {}) const;
    /// snapshots/<commit>/<file> as a relative symlink to the blob (../../blobs/<etag>),
    /// replacing what was there.
    void linkSnapshotFile(const QString &repoId, const QString &commit, const QString &file, const QString &etag) const;

    /// Every model repo in the cache, sorted by repo id.
    QList<CachedRepo> list() const;
    /// Removes models--ORG--NAME and its lock folder; throws Error when it is not cached.
    void remove(const QString &repoId) const;

private:
    QString m_root;
};

/// What a snapshot folder holds: "model" (config.json + weights), "adapter"
/// (adapter_config.json + adapter_model.safetensors) or "other"; `problem` says what is missing.
QString describeModelFolder(const QString &dir, bool *loadable, QString *problem);

/// The one place a --model/--adapter argument becomes a folder: an existing folder is
/// returned as it is; ORG/NAME[@REV] is looked up in the Hub cache (offline) and its
/// snapshot folder returned; throws Error with a hint to pull when it is not cached.
QString resolveModelFolder(const QString &folderOrRepoId);

/// Like resolveModelFolder, but returns an empty string instead of throwing (for forms
/// that validate as the user types).
QString findModelFolder(const QString &folderOrRepoId);

/// Same with an explicit cache (for tests and callers that hold settings).
QString resolveModelFolder(const QString &folderOrRepoId, const HubCache &cache);

} // namespace medtune
