#include "hub_test_server.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <cstring>
#include <openssl/evp.h>

namespace medtune::test {
namespace {

constexpr int kPeriod = 251; // generated files repeat a 251-byte pattern
constexpr qint64 kChunk = 256 * 1024;

const QByteArray &patternBuffer()
{
    static const QByteArray buf = [] {
        QByteArray b(int(kChunk + kPeriod), Qt::Uninitialized);
        for (int i = 0; i < b.size(); ++i)
            b[i] = HubTestFile::generatedByte(i);
        return b;
    }();
    return buf;
}

QString sha256Hex(const HubTestFile &f)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    if (f.generatedSize >= 0) {
        for (qint64 pos = 0; pos < f.generatedSize; pos += kChunk)
            EVP_DigestUpdate(ctx, patternBuffer().constData() + pos % kPeriod,
                             size_t(std::min(kChunk, f.generatedSize - pos)));
    } else {
        EVP_DigestUpdate(ctx, f.content.constData(), size_t(f.content.size()));
    }
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, out, &len);
    EVP_MD_CTX_free(ctx);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(out), int(len)).toHex());
}

QString gitSha1Hex(const QByteArray &content)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    h.addData("blob " + QByteArray::number(content.size()) + '\0');
    h.addData(content);
    return QString::fromLatin1(h.result().toHex());
}

void writeHead(QTcpSocket *s, int status, const QByteArray &reason, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto &[k, v] : headers)
        h += k + ": " + v + "\r\n";
    h += "Connection: close\r\n\r\n";
    s->write(h);
}

void writeSimple(QTcpSocket *s, int status, const QByteArray &reason, const QByteArray &body,
                 QList<QPair<QByteArray, QByteArray>> headers = {}, bool headOnly = false)
{
    headers << qMakePair(QByteArray("Content-Length"), QByteArray::number(body.size()));
    writeHead(s, status, reason, headers);
    if (!headOnly)
        s->write(body);
    s->disconnectFromHost();
}

} // namespace

char HubTestFile::generatedByte(qint64 i)
{
    return char(((i % kPeriod) * 113 + 17) & 0xff);
}

struct HubTestServer::Connection
{
    QByteArray incoming;
    bool handled = false;
    // body being streamed
    HubTestFile file;
    qint64 pos = 0;
    qint64 end = 0;
    qint64 cutAt = -1;
    bool streaming = false;
    qint64 start = 0; // first byte of this response
    QElapsedTimer clock;
    bool waiting = false;
};

HubTestServer::HubTestServer()
{
    m_thread.setObjectName(QStringLiteral("hub-test-server"));
}

HubTestServer::~HubTestServer()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_server,
            [this] {
                for (auto it = m_connections.begin(); it != m_connections.end(); ++it)
                    it.key()->abort();
                m_connections.clear();
                delete m_server;
                m_server = nullptr;
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
}

quint16 HubTestServer::start(const QString &address)
{
    m_address = address;
    m_thread.start();
    // The QTcpServer is created on the server thread so that its sockets live there.
    QObject anchor;
    anchor.moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        &anchor,
        [this, address] {
            m_server = new QTcpServer;
            m_server->listen(QHostAddress(address), 0);
            m_port = m_server->serverPort();
            QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] { onNewConnection(); });
        },
        Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(
        &anchor, [&anchor] { anchor.moveToThread(nullptr); }, Qt::BlockingQueuedConnection);
    return m_port;
}

QString HubTestServer::url(const QString &hostName) const
{
    return QStringLiteral("http://%1:%2").arg(hostName.isEmpty() ? m_address : hostName).arg(m_port);
}

void HubTestServer::addRepo(const QString &repoId, const QString &commit, const QString &branch)
{
    std::lock_guard lock(m_mutex);
    Repo r;
    r.commit = commit;
    r.branch = branch;
    m_repos[repoId] = r;
}

void HubTestServer::addFile(const QString &repoId, const QString &name, const QByteArray &content, bool lfs)
{
    HubTestFile f;
    f.content = content;
    f.lfs = lfs;
    f.sha256 = sha256Hex(f);
    f.gitSha1 = gitSha1Hex(content);
    std::lock_guard lock(m_mutex);
    m_repos[repoId].files[name] = f;
}

void HubTestServer::addGeneratedFile(const QString &repoId, const QString &name, qint64 size)
{
    HubTestFile f;
    f.generatedSize = size;
    f.lfs = true;
    f.sha256 = sha256Hex(f);
    std::lock_guard lock(m_mutex);
    m_repos[repoId].files[name] = f;
}

void HubTestServer::setFileFault(const QString &repoId, const QString &name, bool corrupt, qint64 cutAfter)
{
    std::lock_guard lock(m_mutex);
    HubTestFile &f = m_repos[repoId].files[name];
    f.corrupt = corrupt;
    f.cutAfter = cutAfter;
}

void HubTestServer::setFileMissing(const QString &repoId, const QString &name, bool missing)
{
    std::lock_guard lock(m_mutex);
    m_repos[repoId].files[name].missing = missing;
}

void HubTestServer::setCdn(HubTestServer *cdn, const QString &baseUrl)
{
    cdn->m_origin = this; // before the first request reaches it
    std::lock_guard lock(m_mutex);
    m_cdn = cdn;
    m_cdnUrl = baseUrl;
}

void HubTestServer::setRequiredToken(const QString &token)
{
    std::lock_guard lock(m_mutex);
    m_token = token;
}

QList<HubTestRequest> HubTestServer::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

void HubTestServer::clearRequests()
{
    std::lock_guard lock(m_mutex);
    m_requests.clear();
}

void HubTestServer::onNewConnection()
{
    while (QTcpSocket *s = m_server->nextPendingConnection()) {
        auto conn = std::make_shared<Connection>();
        m_connections.insert(s, conn);
        QObject::connect(s, &QTcpSocket::readyRead, m_server, [this, s] {
            auto conn = m_connections.value(s);
            if (!conn || conn->handled)
                return;
            conn->incoming += s->readAll();
            const int end = conn->incoming.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            conn->handled = true;
            const QList<QByteArray> lines = conn->incoming.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            HubTestRequest req;
            req.method = first.value(0);
            req.path = first.value(1);
            for (int i = 1; i < lines.size(); ++i) {
                const int colon = lines[i].indexOf(':');
                if (colon > 0)
                    req.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            {
                std::lock_guard lock(m_mutex);
                m_requests << req;
            }
            handle(s, req);
        });
        QObject::connect(s, &QTcpSocket::bytesWritten, m_server, [this, s] { pump(s); });
        QObject::connect(s, &QTcpSocket::disconnected, m_server, [this, s] {
            m_connections.remove(s);
            s->deleteLater();
        });
    }
}

void HubTestServer::handle(QTcpSocket *s, const HubTestRequest &req)
{
    const bool head = req.method == "HEAD";
    QByteArray path = req.path;
    const int q = path.indexOf('?');
    if (q >= 0)
        path = path.left(q);

    if (path.startsWith("/cdn/")) {
        // The CDN: any LFS object of the origin's repos, by its SHA-256; no token needed (signed URLs).
        HubTestServer *origin = m_origin ? m_origin : this;
        const QString sha = QString::fromLatin1(path.mid(5));
        std::unique_lock lock(origin->m_mutex);
        for (auto &repo : origin->m_repos)
            for (auto &f : repo.files)
                if (f.lfs && f.sha256 == sha) {
                    HubTestFile copy = f;
                    if (!head)
                        f.cutAfter = -1; // a cut happens once
                    lock.unlock();
                    serveBody(s, req, copy, '"' + sha.toLatin1() + '"', {});
                    return;
                }
        lock.unlock();
        writeSimple(s, 404, "Not Found", "no such object", {}, head);
        return;
    }
    std::unique_lock lock(m_mutex);
    if (!m_token.isEmpty()) {
        const QByteArray auth = req.headers.value("authorization");
        if (auth.isEmpty()) {
            lock.unlock();
            writeSimple(s, 401, "Unauthorized", "{\"error\":\"Access to this repo is restricted\"}",
                        { { "X-Error-Code", "GatedRepo" } }, head);
            return;
        }
        if (auth != "Bearer " + m_token.toLatin1()) {
            lock.unlock();
            writeSimple(s, 403, "Forbidden", "{\"error\":\"Invalid token\"}", {}, head);
            return;
        }
    }
    // /api/models/ORG/NAME/revision/REV or /ORG/NAME/resolve/REV/FILE
    const bool api = path.startsWith("/api/models/");
    const QList<QByteArray> parts = (api ? path.mid(12) : path.mid(1)).split('/');
    if (parts.size() < 4 || parts[2] != (api ? "revision" : "resolve")) {
        lock.unlock();
        writeSimple(s, 404, "Not Found", "not found", {}, head);
        return;
    }
    const QString repoId = QString::fromUtf8(parts[0] + '/' + parts[1]);
    const QString rev = QUrl::fromPercentEncoding(parts[3]);
    if (!m_repos.contains(repoId)) {
        lock.unlock();
        writeSimple(s, 404, "Not Found", "{\"error\":\"Repository not found\"}", { { "X-Error-Code", "RepoNotFound" } },
                    head);
        return;
    }
    Repo &repo = m_repos[repoId];
    if (rev != repo.branch && rev != repo.commit) {
        lock.unlock();
        writeSimple(s, 404, "Not Found", "{\"error\":\"Invalid rev id\"}", { { "X-Error-Code", "RevisionNotFound" } },
                    head);
        return;
    }
    const QByteArray commit = repo.commit.toLatin1();
    if (api) {
        QJsonArray siblings;
        for (auto it = repo.files.cbegin(); it != repo.files.cend(); ++it) {
            QJsonObject o { { QStringLiteral("rfilename"), it.key() },
                            { QStringLiteral("size"), double(it->size()) },
                            { QStringLiteral("blobId"), it->gitSha1 } };
            if (it->lfs)
                o.insert(QStringLiteral("lfs"),
                         QJsonObject { { QStringLiteral("sha256"), it->sha256 },
                                       { QStringLiteral("size"), double(it->size()) },
                                       { QStringLiteral("pointerSize"), 134 } });
            siblings.append(o);
        }
        const QJsonObject info { { QStringLiteral("id"), repoId },
                                 { QStringLiteral("modelId"), repoId },
                                 { QStringLiteral("sha"), repo.commit },
                                 { QStringLiteral("siblings"), siblings } };
        lock.unlock();
        writeSimple(s, 200, "OK", QJsonDocument(info).toJson(QJsonDocument::Compact),
                    { { "Content-Type", "application/json" } }, head);
        return;
    }
    QByteArray encodedName;
    for (int i = 4; i < parts.size(); ++i)
        encodedName += (i > 4 ? "/" : "") + parts[i];
    const QString name = QUrl::fromPercentEncoding(encodedName);
    if (!repo.files.contains(name) || repo.files[name].missing) {
        lock.unlock();
        writeSimple(s, 404, "Not Found", "{\"error\":\"Entry not found\"}", { { "X-Error-Code", "EntryNotFound" } },
                    head);
        return;
    }
    HubTestFile &file = repo.files[name];
    if (file.lfs && m_cdn) {
        const QByteArray location = (m_cdnUrl + QStringLiteral("/cdn/") + file.sha256).toLatin1();
        const QByteArray sha = file.sha256.toLatin1();
        const QByteArray size = QByteArray::number(file.size());
        lock.unlock();
        writeSimple(s, 302, "Found", {},
                    { { "Location", location },
                      { "X-Repo-Commit", commit },
                      { "X-Linked-Etag", '"' + sha + '"' },
                      { "X-Linked-Size", size },
                      { "ETag", "\"0123456789abcdef0123456789abcdef01234567\"" } },
                    head);
        return;
    }
    HubTestFile copy = file;
    if (!head)
        file.cutAfter = -1;
    lock.unlock();
    serveBody(s, req, copy, '"' + (copy.lfs ? copy.sha256 : copy.gitSha1).toLatin1() + '"', commit);
}

void HubTestServer::serveBody(QTcpSocket *s, const HubTestRequest &req, const HubTestFile &file, const QByteArray &etag,
                              const QByteArray &commit)
{
    const bool head = req.method == "HEAD";
    const qint64 size = file.size();
    qint64 from = 0;
    const QByteArray range = req.headers.value("range");
    QList<QPair<QByteArray, QByteArray>> headers { { "ETag", etag }, { "Accept-Ranges", "bytes" } };
    if (!commit.isEmpty())
        headers << qMakePair(QByteArray("X-Repo-Commit"), commit);
    int status = 200;
    if (range.startsWith("bytes=") && range.endsWith('-')) {
        from = range.mid(6, range.size() - 7).toLongLong();
        if (from >= size) {
            writeSimple(s, 416, "Range Not Satisfiable", {},
                        { { "Content-Range", "bytes */" + QByteArray::number(size) } }, head);
            return;
        }
        status = 206;
        headers << qMakePair(QByteArray("Content-Range"),
                             "bytes " + QByteArray::number(from) + '-' + QByteArray::number(size - 1) + '/'
                                 + QByteArray::number(size));
    }
    headers << qMakePair(QByteArray("Content-Length"), QByteArray::number(size - from));
    writeHead(s, status, status == 200 ? "OK" : "Partial Content", headers);
    if (head) {
        s->disconnectFromHost();
        return;
    }
    auto conn = m_connections.value(s);
    conn->file = file;
    conn->pos = from;
    conn->end = size;
    conn->cutAt = file.cutAfter;
    conn->streaming = true;
    conn->start = from;
    conn->clock.start();
    pump(s);
}

void HubTestServer::pump(QTcpSocket *s)
{
    auto conn = m_connections.value(s);
    if (!conn || !conn->streaming)
        return;
    const HubTestFile &f = conn->file;
    while (s->bytesToWrite() < 4 * kChunk && conn->pos < conn->end) {
        qint64 n = std::min(kChunk, conn->end - conn->pos);
        if (const qint64 rate = m_rateLimit.load(); rate > 0) {
            const qint64 allowed = conn->clock.elapsed() * rate / 1000 - (conn->pos - conn->start);
            if (allowed <= 0) {
                if (!conn->waiting) { // come back when more may be sent
                    conn->waiting = true;
                    QTimer::singleShot(10, s, [this, s] {
                        if (auto c = m_connections.value(s))
                            c->waiting = false;
                        pump(s);
                    });
                }
                break;
            }
            n = std::min(n, allowed);
        }
        if (conn->cutAt >= 0)
            n = std::min(n, conn->cutAt - conn->pos);
        if (n <= 0)
            break;
        QByteArray chunk = f.generatedSize >= 0 ? QByteArray(patternBuffer().constData() + conn->pos % kPeriod, int(n))
                                                : f.content.mid(int(conn->pos), int(n));
        const qint64 flip = f.size() / 2;
        if (f.corrupt && flip >= conn->pos && flip < conn->pos + n)
            chunk[int(flip - conn->pos)] = char(chunk[int(flip - conn->pos)] ^ 0x5a);
        s->write(chunk);
        conn->pos += n;
    }
    if (conn->pos >= conn->end || (conn->cutAt >= 0 && conn->pos >= conn->cutAt)) {
        conn->streaming = false;
        s->disconnectFromHost(); // after a cut: fewer bytes than Content-Length announced
    }
}

} // namespace medtune::test
