// The Hub cache layout as huggingface_hub's file_download.py writes it:
//   <cache>/models--ORG--NAME/blobs/<etag>                (the bytes)
//   <cache>/models--ORG--NAME/snapshots/<commit>/<file>   (relative symlink ../../blobs/<etag>)
//   <cache>/models--ORG--NAME/refs/<revision>             (the commit, no newline)
//   <cache>/.locks/models--ORG--NAME/                     (lock files)
#include "model/hub_cache.h"

#include "util/error.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace medtune {
namespace {

bool truthy(const QByteArray &v)
{
    const QByteArray u = v.trimmed().toUpper();
    return u == "1" || u == "ON" || u == "YES" || u == "TRUE";
}

QString hfHome()
{
    const QString home = qEnvironmentVariable("HF_HOME");
    if (!home.isEmpty())
        return home;
    QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
    if (xdg.isEmpty())
        xdg = QDir::home().filePath(QStringLiteral(".cache"));
    return QDir(xdg).filePath(QStringLiteral("huggingface"));
}

// A ref or commit name used as a file name: no separators or parent references.
void checkPathPart(const QString &what, const QString &value)
{
    if (value.isEmpty() || value.contains(QLatin1String("..")) || value.startsWith(u'/') || value.contains(u'\\'))
        throw UsageError(QStringLiteral("invalid %1 '%2'").arg(what, value));
}

bool isCommitHash(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{40}$"));
    return re.match(s).hasMatch();
}

} // namespace

HubSettings HubSettings::fromEnvironment()
{
    HubSettings s;
    s.endpoint = qEnvironmentVariable("HF_ENDPOINT", QStringLiteral("https://huggingface.co"));
    while (s.endpoint.endsWith(u'/'))
        s.endpoint.chop(1);
    s.cacheDir = qEnvironmentVariable("HF_HUB_CACHE");
    if (s.cacheDir.isEmpty())
        s.cacheDir = QDir(hfHome()).filePath(QStringLiteral("hub"));
    s.token = qEnvironmentVariable("HF_TOKEN").trimmed();
    if (s.token.isEmpty()) {
        QString tokenPath = qEnvironmentVariable("HF_TOKEN_PATH");
        if (tokenPath.isEmpty())
            tokenPath = QDir(hfHome()).filePath(QStringLiteral("token"));
        QFile f(tokenPath);
        if (f.open(QIODevice::ReadOnly))
            s.token = QString::fromUtf8(f.readAll()).trimmed();
    }
    s.offline = truthy(qgetenv("HF_HUB_OFFLINE"));
    return s;
}

HubCache::HubCache(QString root)
    : m_root(std::move(root))
{
}

QString HubCache::repoFolderName(const QString &repoId)
{
    return QStringLiteral("models--") + QString(repoId).replace(u'/', QLatin1String("--"));
}

bool HubCache::looksLikeRepoId(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9._/-]+)?$"));
    return re.match(text).hasMatch() && !text.contains(QLatin1String(".."));
}

void HubCache::checkRepoId(const QString &repoId)
{
    if (!looksLikeRepoId(repoId) || repoId.contains(u'@'))
        throw UsageError(QStringLiteral("'%1' is not a Hugging Face repo id").arg(repoId),
                         QStringLiteral("write it as ORGANIZATION/NAME, e.g. TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
}

QString HubCache::repoDir(const QString &repoId) const
{
    return QDir(m_root).filePath(repoFolderName(repoId));
}

QString HubCache::blobPath(const QString &repoId, const QString &etag) const
{
    checkPathPart(QStringLiteral("etag"), etag);
    return repoDir(repoId) + QStringLiteral("/blobs/") + etag;
}

QString HubCache::snapshotDir(const QString &repoId, const QString &commit) const
{
    checkPathPart(QStringLiteral("commit"), commit);
    return repoDir(repoId) + QStringLiteral("/snapshots/") + commit;
}

QString HubCache::lockDir(const QString &repoId) const
{
    return QDir(m_root).filePath(QStringLiteral(".locks/") + repoFolderName(repoId));
}

QString HubCache::readRef(const QString &repoId, const QString &revision) const
{
    checkPathPart(QStringLiteral("revision"), revision);
    QFile f(repoDir(repoId) + QStringLiteral("/refs/") + revision);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).trimmed();
}

void HubCache::writeRef(const QString &repoId, const QString &revision, const QString &commit) const
{
    checkPathPart(QStringLiteral("revision"), revision);
    const QString path = repoDir(repoId) + QStringLiteral("/refs/") + revision;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    const QByteArray bytes = commit.toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, f.errorString()));
}

QString HubCache::findSnapshot(const QString &repoId, const QString &revision) const
{
    const QString snapshots = repoDir(repoId) + QStringLiteral("/snapshots");
    if (!revision.isEmpty()) {
        QString commit = readRef(repoId, revision);
        if (commit.isEmpty() && isCommitHash(revision))
            commit = revision;
        if (commit.isEmpty())
            return {};
        const QString dir = snapshots + u'/' + commit;
        return QFileInfo(dir).isDir() ? dir : QString();
    }
    const QString viaMain = findSnapshot(repoId, QStringLiteral("main"));
    if (!viaMain.isEmpty())
        return viaMain;
    // Else the newest snapshot some ref names (a ref is written once a pull is complete).
    QStringList named;
    const QString refsDir = repoDir(repoId) + QStringLiteral("/refs");
    QDirIterator refs(refsDir, QDir::Files, QDirIterator::Subdirectories);
    while (refs.hasNext())
        named << readRef(repoId, QDir(refsDir).relativeFilePath(refs.next()));
    const QFileInfoList all = QDir(snapshots).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time);
    for (const QFileInfo &fi : all)
        if (named.contains(fi.fileName()))
            return fi.absoluteFilePath();
    return {};
}

void HubCache::linkSnapshotFile(const QString &repoId, const QString &commit, const QString &file,
                                const QString &etag) const
{
    checkPathPart(QStringLiteral("file name"), file);
    const QString link = snapshotDir(repoId, commit) + u'/' + file;
    const QString blob = blobPath(repoId, etag);
    QDir().mkpath(QFileInfo(link).absolutePath());
    // Relative as huggingface_hub makes it (os.path.relpath), so the cache can move.
    const QString target = QFileInfo(link).absoluteDir().relativeFilePath(QFileInfo(blob).absoluteFilePath());
    QFile::remove(link);
    if (::symlink(QFile::encodeName(target).constData(), QFile::encodeName(link).constData()) != 0)
        throw Error(QStringLiteral("%1: cannot create the link to %2: %3")
                        .arg(link, target, QString::fromLocal8Bit(std::strerror(errno))),
                    QStringLiteral("the Hugging Face cache needs a file system with symbolic links"));
}

QString describeModelFolder(const QString &dirPath, bool *loadable, QString *problem)
{
    const QDir dir(dirPath);
    auto has = [&](const char *name) { return QFileInfo(dir.filePath(QLatin1String(name))).isFile(); };
    QString kind = QStringLiteral("other");
    QString missing;
    if (has("adapter_config.json")) {
        kind = QStringLiteral("adapter");
        if (!has("adapter_model.safetensors"))
            missing = QStringLiteral("adapter_model.safetensors is missing");
    } else if (has("config.json")) {
        kind = QStringLiteral("model");
        if (!has("model.safetensors") && !has("model.safetensors.index.json"))
            missing = has("pytorch_model.bin") ? QStringLiteral("only pytorch_model.bin (no safetensors)")
                                               : QStringLiteral("no model.safetensors");
        else if (!has("tokenizer.model"))
            missing = QStringLiteral("no tokenizer.model");
    } else {
        missing = QStringLiteral("neither config.json nor adapter_config.json");
    }
    // A sharded index must have all its shards.
    if (missing.isEmpty() && kind == QLatin1String("model") && !has("model.safetensors")) {
        QFile f(dir.filePath(QStringLiteral("model.safetensors.index.json")));
        if (f.open(QIODevice::ReadOnly)) {
            const QByteArray json = f.readAll();
            static const QRegularExpression shard(QStringLiteral("\"([^\"/]+\\.safetensors)\""));
            for (auto it = shard.globalMatch(QString::fromUtf8(json)); it.hasNext();) {
                const QString name = it.next().captured(1);
                if (!QFileInfo(dir.filePath(name)).isFile()) {
                    missing = QStringLiteral("shard %1 is missing").arg(name);
                    break;
                }
            }
        }
    }
    if (loadable)
        *loadable = missing.isEmpty();
    if (problem)
        *problem = missing;
    return kind;
}

QList<CachedRepo> HubCache::list() const
{
    QList<CachedRepo> out;
    const QFileInfoList repos = QDir(m_root).entryInfoList({ QStringLiteral("models--*") }, QDir::Dirs, QDir::Name);
    for (const QFileInfo &fi : repos) {
        const QString name = fi.fileName().mid(int(qstrlen("models--")));
        const int sep = name.indexOf(QLatin1String("--"));
        if (sep <= 0)
            continue;
        CachedRepo r;
        r.repoId = name.left(sep) + u'/' + name.mid(sep + 2);
        r.folder = fi.absoluteFilePath();
        r.snapshotDir = findSnapshot(r.repoId);
        if (!r.snapshotDir.isEmpty()) {
            r.commit = QFileInfo(r.snapshotDir).fileName();
            QDirIterator refs(r.folder + QStringLiteral("/refs"), QDir::Files, QDirIterator::Subdirectories);
            while (refs.hasNext()) {
                const QString path = refs.next();
                if (readRef(r.repoId, QDir(r.folder + QStringLiteral("/refs")).relativeFilePath(path)) == r.commit)
                    r.refs << QDir(r.folder + QStringLiteral("/refs")).relativeFilePath(path);
            }
            r.refs.sort();
            r.kind = describeModelFolder(r.snapshotDir, &r.loadable, &r.problem);
        } else {
            r.kind = QStringLiteral("other");
            r.problem = QStringLiteral("no snapshot");
        }
        const QFileInfoList blobs = QDir(r.folder + QStringLiteral("/blobs")).entryInfoList(QDir::Files);
        for (const QFileInfo &b : blobs)
            if (!b.fileName().endsWith(QLatin1String(".incomplete")))
                r.sizeOnDisk += b.size();
        out << r;
    }
    std::sort(out.begin(), out.end(), [](const CachedRepo &a, const CachedRepo &b) {
        return a.repoId.compare(b.repoId, Qt::CaseInsensitive) < 0;
    });
    return out;
}

void HubCache::remove(const QString &repoId) const
{
    checkRepoId(repoId);
    QDir dir(repoDir(repoId));
    if (!dir.exists())
        throw Error(QStringLiteral("%1 is not in the Hugging Face cache %2").arg(repoId, m_root),
                    QStringLiteral("'medtune-cli models' lists the cached models"));
    if (!dir.removeRecursively())
        throw Error(QStringLiteral("cannot remove %1 completely").arg(dir.path()),
                    QStringLiteral("check the folder's permissions"));
    QDir(lockDir(repoId)).removeRecursively();
}

QString resolveModelFolder(const QString &folderOrRepoId, const HubCache &cache)
{
    if (folderOrRepoId.isEmpty() || QFileInfo::exists(folderOrRepoId) || !HubCache::looksLikeRepoId(folderOrRepoId))
        return folderOrRepoId;
    const int at = folderOrRepoId.indexOf(u'@');
    const QString repoId = at < 0 ? folderOrRepoId : folderOrRepoId.left(at);
    const QString revision = at < 0 ? QString() : folderOrRepoId.mid(at + 1);
    const QString snapshot = cache.findSnapshot(repoId, revision);
    if (snapshot.isEmpty())
        throw Error(QStringLiteral("%1 is neither a folder nor a model in the Hugging Face cache %2")
                        .arg(folderOrRepoId, cache.root()),
                    QStringLiteral("download it with 'medtune-cli pull %1' (or File > Get model... in the "
                                   "workbench), or pass --download")
                        .arg(folderOrRepoId));
    return snapshot;
}

QString resolveModelFolder(const QString &folderOrRepoId)
{
    if (folderOrRepoId.isEmpty() || QFileInfo::exists(folderOrRepoId) || !HubCache::looksLikeRepoId(folderOrRepoId))
        return folderOrRepoId;
    return resolveModelFolder(folderOrRepoId, HubCache(HubSettings::fromEnvironment().cacheDir));
}

QString findModelFolder(const QString &folderOrRepoId)
{
    try {
        return resolveModelFolder(folderOrRepoId);
    } catch (const Error &) {
        return {};
    }
}

} // namespace medtune
