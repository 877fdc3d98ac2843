// The Hub protocol, following huggingface_hub's file_download.py:
// - HEAD {endpoint}/{repo}/resolve/{commit}/{file} with Accept-Encoding: identity, relative
//   redirects followed, absolute ones not: X-Repo-Commit, X-Linked-Etag (else ETag,
//   W/ and quotes stripped), X-Linked-Size (else Content-Length), Location (the CDN URL).
// - GET of that URL into blobs/<etag>.incomplete (Range: bytes=N- to resume), renamed to
//   blobs/<etag> when complete, then snapshots/<commit>/<file> -> ../../blobs/<etag>.
// The token goes only to the endpoint's own origin, never to a redirect target elsewhere.
#include "model/hub_client.h"

#include "util/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>
#include <exception>
#include <openssl/evp.h>

namespace medtune {
namespace {

constexpr int kMaxRedirects = 10;
constexpr qint64 kChunk = 1 << 20; // read and buffer size: memory stays flat

struct Response
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QUrl url;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body; // only when not streamed (capped)
    bool cancelled = false;

    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
    bool isRedirect() const { return status >= 300 && status < 400 && !header("location").isEmpty(); }
};

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

QString normalizeEtag(QByteArray etag)
{
    etag = etag.trimmed();
    if (etag.startsWith("W/"))
        etag = etag.mid(2);
    while (etag.startsWith('"'))
        etag = etag.mid(1);
    while (etag.endsWith('"'))
        etag.chop(1);
    return QString::fromLatin1(etag);
}

bool isHex(const QString &s, int length)
{
    if (s.size() != length)
        return false;
    for (QChar c : s)
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    return true;
}

QString encodePath(const QString &path)
{
    QStringList parts;
    for (const QString &p : path.split(u'/'))
        parts << QString::fromLatin1(QUrl::toPercentEncoding(p));
    return parts.join(u'/');
}

// SHA-256 (the LFS object id) or git's blob SHA-1 ("blob <size>\0" + bytes) through OpenSSL:
// Qt's own SHA-256 runs at about a tenth of the speed and would bound the download rate.
class Digest
{
public:
    enum Kind { None, Sha256, GitSha1 };
    Digest(Kind kind, qint64 size)
        : m_kind(kind)
        , m_size(size)
    {
        reset();
    }
    ~Digest()
    {
        if (m_ctx)
            EVP_MD_CTX_free(m_ctx);
    }
    Digest(const Digest &) = delete;
    Digest &operator=(const Digest &) = delete;

    void reset()
    {
        if (m_kind == None)
            return;
        if (!m_ctx)
            m_ctx = EVP_MD_CTX_new();
        EVP_DigestInit_ex(m_ctx, m_kind == Sha256 ? EVP_sha256() : EVP_sha1(), nullptr);
        if (m_kind == GitSha1) {
            const QByteArray header = "blob " + QByteArray::number(m_size) + '\0';
            EVP_DigestUpdate(m_ctx, header.constData(), size_t(header.size()));
        }
    }
    void add(const char *data, qint64 n)
    {
        if (m_kind != None)
            EVP_DigestUpdate(m_ctx, data, size_t(n));
    }
    QString hex()
    {
        if (m_kind == None)
            return {};
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(m_ctx, out, &len);
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(out), int(len)).toHex());
    }
    Kind kind() const { return m_kind; }

private:
    Kind m_kind;
    qint64 m_size;
    EVP_MD_CTX *m_ctx = nullptr;
};

// fnmatch as huggingface_hub's allow_patterns use it: '*' also matches '/'.
QRegularExpression globToRegex(const QString &glob)
{
    QString re = QStringLiteral("^");
    for (int i = 0; i < glob.size(); ++i) {
        const QChar c = glob[i];
        if (c == u'*')
            re += QStringLiteral(".*");
        else if (c == u'?')
            re += u'.';
        else if (c == u'[' && glob.indexOf(u']', i + 1) > i + 1) {
            const int end = glob.indexOf(u']', i + 1);
            QString set = glob.mid(i + 1, end - i - 1);
            if (set.startsWith(u'!'))
                set[0] = u'^';
            re += u'[' + set + u']';
            i = end;
        } else
            re += QRegularExpression::escape(QString(c));
    }
    return QRegularExpression(re + u'$');
}

} // namespace

QString formatByteSize(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("?");
    if (bytes < 1000)
        return QStringLiteral("%1 B").arg(bytes);
    const char *units[] = { "kB", "MB", "GB", "TB" };
    double v = double(bytes);
    int u = -1;
    while (v >= 1000 && u < 3) {
        v /= 1000;
        ++u;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', v < 10 ? 2 : 1).arg(QLatin1String(units[u]));
}

QString formatHubProgress(const HubProgress &p)
{
    QString s = formatByteSize(p.done);
    if (p.total >= 0)
        s += QStringLiteral(" / ") + formatByteSize(p.total);
    if (p.bytesPerSecond > 0) {
        s += QStringLiteral("  %1/s").arg(formatByteSize(qint64(p.bytesPerSecond)));
        if (p.total >= p.done) {
            const qint64 eta = qint64(double(p.total - p.done) / p.bytesPerSecond + 0.5);
            s += QStringLiteral("  ETA ");
            if (eta >= 3600)
                s += QStringLiteral("%1:").arg(eta / 3600);
            s += QStringLiteral("%1:%2")
                     .arg(eta >= 3600 ? (eta / 60) % 60 : eta / 60, eta >= 3600 ? 2 : 1, 10, QLatin1Char('0'))
                     .arg(eta % 60, 2, 10, QLatin1Char('0'));
        }
    }
    return s;
}

struct HubClient::Impl
{
    std::unique_ptr<QNetworkAccessManager> nam;
    QUrl endpoint;
    QString token;
    std::function<bool()> isCancelled;

    QNetworkAccessManager &manager()
    {
        if (!nam) {
            // https_proxy / http_proxy / no_proxy from the environment, as Python's requests honours them.
            QNetworkProxyFactory::setUseSystemConfiguration(true);
            nam = std::make_unique<QNetworkAccessManager>();
        }
        return *nam;
    }

    /// One request, no redirects followed. A sink, when given, receives the body of 2xx
    /// answers chunk by chunk and may throw (the exception is rethrown after the request).
    Response send(const QByteArray &verb, const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &extra = {},
                  const std::function<void(int status, const char *data, qint64 n)> &sink = {})
    {
        QNetworkRequest req(url);
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        req.setRawHeader("User-Agent", "medtune/" MEDTUNE_VERSION "; hf_hub-protocol");
        req.setRawHeader("Accept-Encoding", "identity");
        // The token belongs to the endpoint: never to a CDN or any other host a redirect names.
        if (!token.isEmpty() && sameOrigin(url, endpoint))
            req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        for (const auto &[k, v] : extra)
            req.setRawHeader(k, v);
        req.setTransferTimeout(120000);

        QNetworkReply *reply = verb == "HEAD" ? manager().head(req) : manager().get(req);
        reply->setReadBufferSize(kChunk);
        Response r;
        std::exception_ptr failure;
        QByteArray buffer(int(kChunk), Qt::Uninitialized);
        auto drain = [&] {
            if (failure)
                return;
            r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const bool ok = r.status >= 200 && r.status < 300;
            try {
                while (reply->bytesAvailable() > 0) {
                    const qint64 n = reply->read(buffer.data(), buffer.size());
                    if (n <= 0)
                        break;
                    if (ok && sink)
                        sink(r.status, buffer.constData(), n);
                    else if (r.body.size() < (1 << 20))
                        r.body.append(buffer.constData(), int(n));
                }
            } catch (...) {
                failure = std::current_exception();
                reply->abort();
            }
        };
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::readyRead, &loop, drain);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer poll;
        poll.setInterval(100);
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (isCancelled && isCancelled()) {
                r.cancelled = true;
                reply->abort();
            }
        });
        poll.start();
        if (!reply->isFinished())
            loop.exec(QEventLoop::ExcludeUserInputEvents);
        drain();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.url = url;
        for (const auto &[k, v] : reply->rawHeaderPairs())
            r.headers.insert(k.toLower(), v);
        if (reply->error() != QNetworkReply::NoError && r.status == 0) {
            r.error = reply->error();
            r.errorString = reply->errorString();
        } else if (reply->error() != QNetworkReply::NoError && reply->error() < QNetworkReply::ContentAccessDenied) {
            // A connection or transfer error after the status line arrived (a cut body).
            r.error = reply->error();
            r.errorString = reply->errorString();
        }
        reply->deleteLater();
        if (failure)
            std::rethrow_exception(failure);
        if (r.cancelled || (isCancelled && isCancelled()))
            throw HubCancelled {};
        return r;
    }

    QUrl redirectTarget(const Response &r) const { return r.url.resolved(QUrl::fromEncoded(r.header("location"))); }
};

namespace {

QString accessHint(const HubSettings &s, const QString &repoId)
{
    return QStringLiteral("the repo is gated or private: request access on its page %1/%2 and set a token with "
                          "access in HF_TOKEN (or log in with 'huggingface-cli login')")
        .arg(s.endpoint, repoId);
}

[[noreturn]] void throwHttpError(const HubSettings &s, const Response &r, const QString &repoId,
                                 const QString &revision, const QString &file)
{
    const QString where = file.isEmpty() ? QStringLiteral("%1 at revision %2").arg(repoId, revision)
                                         : QStringLiteral("%1 in %2 at revision %3").arg(file, repoId, revision);
    if (r.status == 0)
        throw Error(
            QStringLiteral("cannot reach the Hugging Face Hub at %1 for %2: %3").arg(s.endpoint, where, r.errorString),
            QStringLiteral("check the network connection (or HF_ENDPOINT); with HF_HUB_OFFLINE=1 only the "
                           "cache %1 is used")
                .arg(s.cacheDir));
    if (r.status == 401 || r.status == 403)
        throw Error(QStringLiteral("the Hub refused access to %1 (HTTP %2%3)")
                        .arg(where)
                        .arg(r.status)
                        .arg(s.token.isEmpty() ? QStringLiteral(", no token set")
                                               : QStringLiteral(", the token has no access")),
                    accessHint(s, repoId));
    if (r.status == 404) {
        const QByteArray code = r.header("x-error-code");
        if (code == "RevisionNotFound")
            throw Error(QStringLiteral("revision '%1' not found in %2 on %3").arg(revision, repoId, s.endpoint),
                        QStringLiteral("check --revision: a branch, tag or commit of the repo"));
        if (code == "EntryNotFound" || !file.isEmpty())
            throw Error(QStringLiteral("file %1 not found in %2 at revision %3").arg(file, repoId, revision),
                        QStringLiteral("the repo does not have this file at this revision"));
        throw Error(QStringLiteral("repository %1 (revision %2) not found on %3").arg(repoId, revision, s.endpoint),
                    QStringLiteral("check the spelling ORGANIZATION/NAME; private repos also need HF_TOKEN"));
    }
    throw Error(QStringLiteral("the Hub answered HTTP %1 for %2").arg(r.status).arg(where),
                QStringLiteral("try again later"));
}

} // namespace

HubClient::HubClient(HubSettings settings)
    : m_settings(std::move(settings))
    , m_impl(std::make_unique<Impl>())
{
    m_impl->endpoint = QUrl(m_settings.endpoint);
    m_impl->token = m_settings.token;
}

HubClient::~HubClient() = default;

HubRepoInfo HubClient::repoInfo(const QString &repoId, const QString &revision)
{
    HubCache::checkRepoId(repoId);
    if (m_settings.offline)
        throw Error(QStringLiteral("HF_HUB_OFFLINE is set: the Hub is not asked about %1").arg(repoId),
                    QStringLiteral("unset HF_HUB_OFFLINE to download"));
    m_impl->isCancelled = m_isCancelled;
    const QUrl url(m_settings.endpoint + QStringLiteral("/api/models/") + repoId + QStringLiteral("/revision/")
                   + QString::fromLatin1(QUrl::toPercentEncoding(revision)) + QStringLiteral("?blobs=true"));
    Response r = m_impl->send("GET", url);
    for (int i = 0; r.isRedirect() && i < kMaxRedirects; ++i) // renamed repos answer with a redirect
        r = m_impl->send("GET", m_impl->redirectTarget(r));
    if (r.status != 200 || r.error != QNetworkReply::NoError)
        throwHttpError(m_settings, r, repoId, revision, {});
    QJsonParseError perr;
    const QJsonObject o = QJsonDocument::fromJson(r.body, &perr).object();
    HubRepoInfo info;
    info.repoId = repoId;
    info.revision = revision;
    info.commit = o.value(QStringLiteral("sha")).toString();
    if (!isHex(info.commit, 40))
        throw Error(QStringLiteral("the Hub's answer for %1 at %2 has no commit (\"sha\")").arg(repoId, revision),
                    QStringLiteral("HF_ENDPOINT must point at a Hugging Face Hub (or a mirror of its API)"));
    for (const QJsonValue &v : o.value(QStringLiteral("siblings")).toArray()) {
        const QJsonObject s = v.toObject();
        HubFile f;
        f.name = s.value(QStringLiteral("rfilename")).toString();
        if (f.name.isEmpty() || f.name.contains(QLatin1String("..")) || f.name.startsWith(u'/'))
            continue;
        const QJsonObject lfs = s.value(QStringLiteral("lfs")).toObject();
        f.size = qint64(s.value(QStringLiteral("size")).toDouble(lfs.value(QStringLiteral("size")).toDouble(-1)));
        f.sha256 = lfs.value(QStringLiteral("sha256")).toString().toLower();
        f.blobId = s.value(QStringLiteral("blobId")).toString().toLower();
        info.files << f;
    }
    return info;
}

QStringList HubClient::defaultPatterns(bool adapter)
{
    if (adapter)
        return { QStringLiteral("adapter_config.json"), QStringLiteral("adapter_model.safetensors") };
    return { QStringLiteral("config.json"),
             QStringLiteral("generation_config.json"),
             QStringLiteral("*.safetensors"),
             QStringLiteral("*.safetensors.index.json"),
             QStringLiteral("tokenizer.model"),
             QStringLiteral("tokenizer_config.json"),
             QStringLiteral("special_tokens_map.json") };
}

QList<HubFile> HubClient::selectFiles(const QList<HubFile> &all, const HubPullOptions &options)
{
    auto compile = [](const QStringList &patterns) {
        QList<QRegularExpression> out;
        for (const QString &p : patterns)
            out << globToRegex(p);
        return out;
    };
    const QList<QRegularExpression> defaults = compile(defaultPatterns(options.adapter));
    const QList<QRegularExpression> extra = compile(options.include);
    QList<HubFile> out;
    for (const HubFile &f : all) {
        bool take = false;
        if (!f.name.contains(u'/')) // the defaults name files at the repo's top level
            for (const auto &re : defaults)
                take = take || re.match(f.name).hasMatch();
        for (const auto &re : extra)
            take = take || re.match(f.name).hasMatch();
        if (take)
            out << f;
    }
    return out;
}

HubPullResult HubClient::pull(const QString &repoId, const HubPullOptions &options)
{
    HubCache::checkRepoId(repoId);
    const HubCache cache = this->cache();
    const QString revision = options.revision.isEmpty() ? QStringLiteral("main") : options.revision;
    HubPullResult result;
    result.repoId = repoId;
    if (m_settings.offline) {
        result.snapshotDir = cache.findSnapshot(repoId, revision);
        if (result.snapshotDir.isEmpty())
            throw Error(QStringLiteral("HF_HUB_OFFLINE is set and %1 (revision %2) is not in the Hugging Face cache %3")
                            .arg(repoId, revision, cache.root()),
                        QStringLiteral("unset HF_HUB_OFFLINE to download it"));
        result.commit = QFileInfo(result.snapshotDir).fileName();
        result.fromCacheOnly = true;
        return result;
    }

    // One pull of a repo at a time, across processes (a stale lock of a dead process is taken over).
    QDir().mkpath(cache.lockDir(repoId));
    QLockFile lock(cache.lockDir(repoId) + QStringLiteral("/medtune-pull.lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        lock.getLockInfo(&pid, &host, &app);
        throw Error(QStringLiteral("another download of %1 is running (process %2, lock file %3)")
                        .arg(repoId)
                        .arg(pid)
                        .arg(cache.lockDir(repoId) + QStringLiteral("/medtune-pull.lock")),
                    QStringLiteral("wait for it to finish; the files it downloads are then used"));
    }

    const HubRepoInfo info = repoInfo(repoId, revision);
    result.commit = info.commit;
    result.files = selectFiles(info.files, options);
    if (result.files.isEmpty())
        throw Error(
            QStringLiteral("%1 at revision %2 has none of the files %3")
                .arg(repoId, revision, (defaultPatterns(options.adapter) + options.include).join(QStringLiteral(", "))),
            options.adapter ? QStringLiteral("is it a model rather than an adapter? Pull it without --adapter")
                            : QStringLiteral("is it a PEFT adapter? Pull it with --adapter; or name the "
                                             "files with --include GLOB"));
    HubProgress progress;
    progress.fileCount = int(result.files.size());
    for (const HubFile &f : result.files)
        result.totalBytes += std::max<qint64>(0, f.size);
    progress.total = result.totalBytes;
    if (m_onProgress)
        m_onProgress(progress);

    QElapsedTimer clock;
    clock.start();
    QElapsedTimer sinceReport;
    sinceReport.start();
    auto report = [&](bool force) {
        if (!m_onProgress || (!force && sinceReport.elapsed() < 100))
            return;
        sinceReport.restart();
        const double secs = double(clock.nsecsElapsed()) / 1e9;
        // A rate (and so an ETA) only once there is enough to measure.
        progress.bytesPerSecond = secs >= 0.5 ? double(result.downloadedBytes) / secs : 0.0;
        m_onProgress(progress);
    };

    for (const HubFile &file : result.files) {
        ++progress.fileIndex;
        progress.file = file.name;
        const qint64 doneBefore = progress.done;
        report(true);
        const QUrl resolveUrl(m_settings.endpoint + u'/' + repoId + QStringLiteral("/resolve/") + info.commit + u'/'
                              + encodePath(file.name));

        // Metadata: relative redirects (renamed repos) followed, absolute ones (the CDN) not.
        Response head = m_impl->send("HEAD", resolveUrl);
        for (int i = 0; head.isRedirect() && i < kMaxRedirects; ++i) {
            if (!QUrl::fromEncoded(head.header("location")).isRelative())
                break;
            head = m_impl->send("HEAD", m_impl->redirectTarget(head));
        }
        if (head.error != QNetworkReply::NoError || (head.status >= 400) || head.status == 0)
            throwHttpError(m_settings, head, repoId, revision, file.name);
        QByteArray etagHeader = head.header("x-linked-etag");
        if (etagHeader.isEmpty())
            etagHeader = head.header("etag");
        const QString etag = normalizeEtag(etagHeader);
        if (etag.isEmpty() || etag.contains(u'/') || etag.contains(QLatin1String("..")))
            throw Error(QStringLiteral("the Hub sent no usable ETag for %1 in %2").arg(file.name, repoId),
                        QStringLiteral("HF_ENDPOINT must point at a Hugging Face Hub (or a mirror of it)"));
        QByteArray sizeHeader = head.header("x-linked-size");
        if (sizeHeader.isEmpty())
            sizeHeader = head.header("content-length");
        bool sizeOk = false;
        qint64 size = sizeHeader.toLongLong(&sizeOk);
        if (!sizeOk)
            size = file.size;
        const QUrl downloadUrl = head.isRedirect() ? m_impl->redirectTarget(head) : resolveUrl;

        const QString blob = cache.blobPath(repoId, etag);
        QDir().mkpath(QFileInfo(blob).absolutePath());
        if (QFileInfo(blob).isFile() && (size < 0 || QFileInfo(blob).size() == size)) {
            cache.linkSnapshotFile(repoId, info.commit, file.name, etag);
            progress.done = doneBefore + QFileInfo(blob).size();
            report(true);
            continue;
        }

        // What the bytes must hash to: the LFS object id (a SHA-256), else git's blob SHA-1.
        QString expected = isHex(etag, 64) ? etag : file.sha256;
        Digest::Kind kind = Digest::None;
        if (isHex(expected, 64))
            kind = Digest::Sha256;
        else if (isHex(etag, 40) && etag == file.blobId && size >= 0) // the API confirms it is a git blob id
            kind = Digest::GitSha1, expected = etag;
        Digest digest(kind, size);

        const QString partial = blob + QStringLiteral(".incomplete");
        QFile out(partial);
        if (!out.open(QIODevice::ReadWrite | QIODevice::Unbuffered))
            throw Error(QStringLiteral("%1: cannot write: %2").arg(partial, out.errorString()),
                        QStringLiteral("check the free space and permissions of the cache %1").arg(cache.root()));
        if (size >= 0 && out.size() > size)
            out.resize(0);
        { // a partial file from an earlier attempt: hash what is there and continue after it
            QByteArray buf(int(kChunk), Qt::Uninitialized);
            qint64 n;
            while ((n = out.read(buf.data(), buf.size())) > 0)
                digest.add(buf.constData(), n);
            out.seek(out.size());
        }
        progress.done = doneBefore + out.size();

        bool firstChunk = true;
        auto sink = [&](int status, const char *data, qint64 n) {
            if (firstChunk && status == 200 && out.pos() > 0) { // the server ignored Range: start again
                out.resize(0);
                out.seek(0);
                digest.reset();
                progress.done = doneBefore;
            }
            firstChunk = false;
            if (out.write(data, n) != n)
                throw Error(QStringLiteral("%1: cannot write: %2").arg(partial, out.errorString()),
                            QStringLiteral("check the free space of the cache %1").arg(cache.root()));
            digest.add(data, n);
            progress.done += n;
            result.downloadedBytes += n;
            report(false);
        };

        for (int attempt = 0;; ++attempt) {
            const qint64 offset = out.size();
            if (size >= 0 && offset == size)
                break;
            QList<QPair<QByteArray, QByteArray>> extra;
            if (offset > 0)
                extra << qMakePair(QByteArray("Range"), "bytes=" + QByteArray::number(offset) + '-');
            QUrl url = downloadUrl;
            Response r;
            for (int i = 0;; ++i) {
                firstChunk = true;
                r = m_impl->send("GET", url, extra, sink);
                if (!r.isRedirect() || i >= kMaxRedirects)
                    break;
                url = m_impl->redirectTarget(r); // the token is dropped when the host differs
            }
            if (r.status == 416 && offset > 0) { // nothing after `offset`: start over
                out.resize(0);
                out.seek(0);
                digest.reset();
                progress.done = doneBefore;
                continue;
            }
            if (r.status != 0 && r.status != 200 && r.status != 206)
                throwHttpError(m_settings, r, repoId, revision, file.name);
            out.flush();
            const bool complete = r.error == QNetworkReply::NoError && (size < 0 || out.size() == size);
            if (complete)
                break;
            if (attempt >= m_maxResumes)
                throw Error(
                    QStringLiteral("the download of %1 from %2 stopped at %3 of %4: %5")
                        .arg(file.name, repoId, formatByteSize(out.size()), formatByteSize(size),
                             r.errorString.isEmpty() ? QStringLiteral("the connection closed early") : r.errorString),
                    QStringLiteral("run the same pull again: it resumes from %1").arg(partial));
        }
        out.close();

        if (size >= 0 && QFileInfo(partial).size() != size) {
            const qint64 got = QFileInfo(partial).size();
            QFile::remove(partial);
            throw Error(QStringLiteral("%1 of %2: received %3 bytes, the Hub announced %4")
                            .arg(file.name, repoId)
                            .arg(got)
                            .arg(size),
                        QStringLiteral("the partial file was deleted; run the pull again"));
        }
        if (digest.kind() != Digest::None) {
            const QString actual = digest.hex();
            if (actual != expected) {
                QFile::remove(partial);
                throw Error(
                    QStringLiteral("%1 of %2 is corrupt: %3 expected %4, the downloaded bytes have %5")
                        .arg(file.name, repoId,
                             digest.kind() == Digest::Sha256 ? QStringLiteral("SHA-256") : QStringLiteral("git SHA-1"),
                             expected, actual),
                    QStringLiteral("the file was deleted; run the pull again, and if it fails again "
                                   "the server or a proxy alters the data"));
            }
        }
        QFile::remove(blob); // a same-named leftover of another size
        if (!QFile::rename(partial, blob))
            throw Error(QStringLiteral("cannot rename %1 to %2").arg(partial, blob),
                        QStringLiteral("check the permissions of the cache %1").arg(cache.root()));
        cache.linkSnapshotFile(repoId, info.commit, file.name, etag);
        progress.done = doneBefore + QFileInfo(blob).size();
        report(true);
    }
    // refs/<revision> last, so a revision names a snapshot only once it is complete.
    if (revision != info.commit)
        cache.writeRef(repoId, revision, info.commit);
    result.snapshotDir = cache.snapshotDir(repoId, info.commit);
    QDir().mkpath(result.snapshotDir);
    return result;
}

} // namespace medtune
