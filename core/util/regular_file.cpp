#include "util/regular_file.h"

#include "util/error.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace medtune {

QString fileKind(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return errno == ENOENT || errno == ENOTDIR ? QStringLiteral("missing")
                                                   : QString::fromLocal8Bit(std::strerror(errno));
    if (S_ISREG(st.st_mode))
        return QStringLiteral("a regular file");
    if (S_ISDIR(st.st_mode))
        return QStringLiteral("a folder");
    if (S_ISFIFO(st.st_mode))
        return QStringLiteral("a named pipe (FIFO)");
    if (S_ISCHR(st.st_mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(st.st_mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(st.st_mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

void requireRegularFile(const QString &path, const QString &what)
{
    const QString kind = fileKind(path);
    if (kind == u"a regular file")
        return;
    QString name = what.isEmpty() ? QStringLiteral("the file") : what;
    name[0] = name[0].toUpper();
    if (kind == u"missing")
        throw Error(QStringLiteral("%1 %2 does not exist").arg(name, path), QStringLiteral("check the path"));
    throw Error(QStringLiteral("%1 %2 is %3, not a regular file").arg(name, path, kind),
                QStringLiteral("give the path of a regular file"));
}

} // namespace medtune
