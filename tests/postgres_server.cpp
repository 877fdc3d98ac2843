#include "postgres_server.h"

#include <QCollator>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <netinet/in.h>
#include <pwd.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace medtune::test {
namespace {

/// The folder with initdb and pg_ctl: MEDTUNE_PG_BINDIR, Debian's versioned folder
/// (newest first), or PATH.
QString findBinDir()
{
    const QString env = qEnvironmentVariable("MEDTUNE_PG_BINDIR");
    if (!env.isEmpty())
        return QFileInfo::exists(QDir(env).filePath(QStringLiteral("initdb"))) ? env : QString();
    QDir debian(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = debian.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCollator numeric;
    numeric.setNumericMode(true);
    std::sort(versions.begin(), versions.end(),
              [&numeric](const QString &a, const QString &b) { return numeric.compare(a, b) > 0; });
    for (const QString &v : versions) {
        const QString bin = debian.filePath(v + QStringLiteral("/bin"));
        if (QFileInfo::exists(bin + QStringLiteral("/initdb")) && QFileInfo::exists(bin + QStringLiteral("/pg_ctl")))
            return bin;
    }
    const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    return initdb.isEmpty() ? QString() : QFileInfo(initdb).absolutePath();
}

int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

QString quotedLiteral(QString s)
{
    return u'\'' + s.replace(u'\'', QStringLiteral("''")) + u'\'';
}

} // namespace

PostgresServer::PostgresServer()
    : m_binDir(findBinDir())
{
    if (m_binDir.isEmpty())
        return;
    removeOrphans();
    m_dir = std::make_unique<QTemporaryDir>(QDir(QDir::tempPath()).filePath(QStringLiteral("medtune-pg-XXXXXX")));
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder for the test server");
        return;
    }
    {
        QFile owner(m_dir->filePath(QStringLiteral("owner.pid")));
        if (owner.open(QIODevice::WriteOnly))
            owner.write(QByteArray::number(qint64(::getpid())));
    }
    m_dataDir = m_dir->filePath(QStringLiteral("data"));
    m_adminPassword = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString pwfile = m_dir->filePath(QStringLiteral("pw"));
    {
        QFile f(pwfile);
        if (!f.open(QIODevice::WriteOnly) || f.write(m_adminPassword.toUtf8() + '\n') <= 0) {
            m_error = QStringLiteral("cannot write %1").arg(pwfile);
            return;
        }
    }
    // The server refuses to run as root: hand the folder to the postgres user.
    if (::geteuid() == 0) {
        const passwd *pw = ::getpwnam("postgres");
        if (!pw) {
            m_error = QStringLiteral("running as root, and there is no 'postgres' user to run the server as");
            return;
        }
        m_asPostgresUser = true;
        for (const QString &path : { m_dir->path(), pwfile })
            if (::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0) {
                m_error = QStringLiteral("cannot give %1 to the postgres user").arg(path);
                return;
            }
    }
    QString out;
    if (!runTool(QStringLiteral("initdb"),
                 { QStringLiteral("-D"), m_dataDir, QStringLiteral("-U"), adminUser(), QStringLiteral("--pwfile"),
                   pwfile, QStringLiteral("--auth=scram-sha-256"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                   QStringLiteral("--locale=C"), QStringLiteral("--no-sync") },
                 &out)) {
        m_error = QStringLiteral("initdb failed: %1").arg(out);
        return;
    }
    QFile::remove(pwfile);
    // A port can be taken between asking and binding: try a few.
    for (int attempt = 0; attempt < 5 && !m_running; ++attempt) {
        m_port = freeLoopbackPort();
        const QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off"
                                               " -c synchronous_commit=off -c max_connections=60")
                                    .arg(m_port)
                                    .arg(m_dir->path());
        m_running = runTool(QStringLiteral("pg_ctl"),
                            { QStringLiteral("-D"), m_dataDir, QStringLiteral("-l"),
                              m_dir->filePath(QStringLiteral("server.log")), QStringLiteral("-w"), QStringLiteral("-t"),
                              QStringLiteral("60"), QStringLiteral("-o"), options, QStringLiteral("start") },
                            &out);
    }
    if (!m_running)
        m_error = QStringLiteral("pg_ctl start failed: %1\n%2").arg(out, logTail());
}

PostgresServer::~PostgresServer()
{
    if (m_running) {
        QString out;
        runTool(QStringLiteral("pg_ctl"),
                { QStringLiteral("-D"), m_dataDir, QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
                  QStringLiteral("stop") },
                &out);
    }
}

void PostgresServer::removeOrphans() const
{
    QDir tmp(QDir::tempPath());
    for (const QString &name : tmp.entryList({ QStringLiteral("medtune-pg-*") }, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString dir = tmp.filePath(name);
        QFile owner(QDir(dir).filePath(QStringLiteral("owner.pid")));
        if (!owner.open(QIODevice::ReadOnly))
            continue; // not (yet) one of ours
        const qint64 pid = owner.readAll().trimmed().toLongLong();
        if (pid <= 0 || ::kill(pid_t(pid), 0) == 0 || errno != ESRCH)
            continue; // its test is still running
        const QString data = QDir(dir).filePath(QStringLiteral("data"));
        const QString program = QDir(m_binDir).filePath(QStringLiteral("pg_ctl"));
        const QStringList args
            = { QStringLiteral("-D"),  data, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
                QStringLiteral("stop") };
        if (QFileInfo::exists(QDir(data).filePath(QStringLiteral("postmaster.pid")))) {
            QProcess p;
            if (::geteuid() == 0)
                p.start(QStringLiteral("runuser"),
                        QStringList { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program }
                            + args);
            else
                p.start(program, args);
            p.waitForFinished(60000);
        }
        QDir(dir).removeRecursively();
    }
}

bool PostgresServer::runTool(const QString &tool, const QStringList &args, QString *output) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir->path());
    const QString program = QDir(m_binDir).filePath(tool);
    if (m_asPostgresUser)
        p.start(QStringLiteral("runuser"),
                QStringList { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program } + args);
    else
        p.start(program, args);
    const bool finished = p.waitForFinished(120000);
    *output = QString::fromLocal8Bit(p.readAll()).trimmed();
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

QString PostgresServer::logTail() const
{
    QFile f(m_dir->filePath(QStringLiteral("server.log")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(f.readAll().right(2000));
}

void PostgresServer::admin(const QStringList &statements, const QString &database) const
{
    const QString name = QStringLiteral("pg-admin-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(host());
        db.setPort(m_port);
        db.setDatabaseName(database);
        db.setUserName(adminUser());
        db.setPassword(m_adminPassword);
        if (!db.open()) {
            failure = db.lastError().text();
        } else {
            for (const QString &s : statements) {
                QSqlQuery q(db);
                if (!q.exec(s)) {
                    failure = QStringLiteral("%1: %2").arg(s, q.lastError().text());
                    break;
                }
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (!failure.isEmpty())
        throw std::runtime_error(("test server: " + failure).toStdString());
}

void PostgresServer::createRole(const QString &name, const QString &password, const QString &attributes) const
{
    admin({ QStringLiteral("CREATE ROLE \"%1\" LOGIN PASSWORD %2 %3").arg(name, quotedLiteral(password), attributes) });
}

void PostgresServer::createDatabase(const QString &name, const QString &owner) const
{
    admin({ QStringLiteral("CREATE DATABASE \"%1\" OWNER \"%2\"").arg(name, owner) });
}

QString PostgresServer::url(const QString &user, const QString &database) const
{
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host()).arg(m_port).arg(database);
}

} // namespace medtune::test
