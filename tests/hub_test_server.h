// A small HTTP/1.1 server on loopback that speaks the part of the Hugging Face Hub's
// protocol MedTune uses (the revision API, /resolve/ with HEAD and GET, Range, LFS files
// redirected to a second "CDN" server), with faults a test can switch on: a connection cut
// halfway, bytes that do not match their SHA-256, a required token. It runs on its own
// thread so that a client may block on it; every request it saw is recorded.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

class QTcpServer;
class QTcpSocket;

namespace medtune::test {

struct HubTestRequest
{
    QByteArray method;
    QByteArray path; ///< with the query
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
};

struct HubTestFile
{
    QByteArray content; ///< the bytes, unless generatedSize >= 0
    qint64 generatedSize = -1; ///< a generated file of this many bytes (content not held)
    bool lfs = false;
    QString sha256; ///< of the true bytes (LFS object id)
    QString gitSha1; ///< git blob id (the ETag of non-LFS files)
    bool corrupt = false; ///< serve one byte changed (the announced hashes stay)
    qint64 cutAfter = -1; ///< the next GET closes the connection after this many body bytes
    bool missing = false; ///< listed by the API, but /resolve/ answers 404 (EntryNotFound)

    qint64 size() const { return generatedSize >= 0 ? generatedSize : content.size(); }
    /// Byte `i` of a generated file (a fixed pattern).
    static char generatedByte(qint64 i);
};

class HubTestServer : public QObject
{
    Q_OBJECT
public:
    HubTestServer();
    ~HubTestServer() override;

    /// Starts listening on a free port of `address` (127.0.0.1 by default); returns the port.
    quint16 start(const QString &address = QStringLiteral("127.0.0.1"));
    /// http://HOST:PORT with `hostName` (default the address listened on).
    QString url(const QString &hostName = {}) const;

    /// Adds or replaces a repo with one revision (branch `branch`, commit `commit`).
    void addRepo(const QString &repoId, const QString &commit, const QString &branch = QStringLiteral("main"));
    /// Adds a file to a repo; LFS files get a SHA-256 ETag and, with a CDN, a redirect.
    void addFile(const QString &repoId, const QString &name, const QByteArray &content, bool lfs);
    /// A generated LFS file of `size` bytes (for large-download measurements).
    void addGeneratedFile(const QString &repoId, const QString &name, qint64 size);
    /// Changes the fault settings of a file.
    void setFileFault(const QString &repoId, const QString &name, bool corrupt, qint64 cutAfter);
    void setFileMissing(const QString &repoId, const QString &name, bool missing);
    /// LFS files redirect to `cdn` (another server), addressed as `baseUrl`.
    void setCdn(HubTestServer *cdn, const QString &baseUrl);
    /// Requests without "Authorization: Bearer <token>" get 401 (wrong token: 403).
    void setRequiredToken(const QString &token);
    /// Bodies are sent at most this fast (bytes per second; 0 = unlimited).
    void setRateLimit(qint64 bytesPerSecond) { m_rateLimit = bytesPerSecond; }

    QList<HubTestRequest> requests() const;
    void clearRequests();

private:
    struct Repo
    {
        QString commit;
        QString branch;
        QMap<QString, HubTestFile> files;
    };
    struct Connection;

    void onNewConnection();
    void handle(QTcpSocket *socket, const HubTestRequest &req);
    void serveBody(QTcpSocket *socket, const HubTestRequest &req, const HubTestFile &file, const QByteArray &etag,
                   const QByteArray &commit);
    void pump(QTcpSocket *socket);

    QThread m_thread;
    QTcpServer *m_server = nullptr; // lives on m_thread
    QString m_address;
    quint16 m_port = 0;
    mutable std::mutex m_mutex;
    QMap<QString, Repo> m_repos;
    HubTestServer *m_cdn = nullptr;
    HubTestServer *m_origin = nullptr; // when this server is another one's CDN
    QString m_cdnUrl;
    QString m_token;
    std::atomic<qint64> m_rateLimit { 0 };
    QList<HubTestRequest> m_requests;
    QHash<QTcpSocket *, std::shared_ptr<Connection>> m_connections; // m_thread only
};

} // namespace medtune::test
