#include "util/process_memory.h"

#include <QByteArray>
#include <QFile>
#include <algorithm>

namespace medtune {
namespace {

// A "Name:   123 kB" line of a /proc file, in bytes. /proc files report size 0: read them
// with readAll(), never by size.
qint64 procKilobytesField(const char *path, const QByteArray &name)
{
    QFile f(QString::fromLatin1(path));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(name) && line.size() > name.size() && line[name.size()] == ':')
            return line.mid(name.size() + 1).trimmed().split(' ').value(0).toLongLong() * 1024;
    return -1;
}

qint64 cgroupRoom()
{
    QFile f(QStringLiteral("/sys/fs/cgroup/memory.max"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    bool ok = false;
    const qint64 max = f.readAll().trimmed().toLongLong(&ok);
    if (!ok)
        return -1; // "max": no limit
    QFile cur(QStringLiteral("/sys/fs/cgroup/memory.current"));
    const qint64 used = cur.open(QIODevice::ReadOnly) ? cur.readAll().trimmed().toLongLong() : 0;
    return std::max<qint64>(0, max - used);
}

} // namespace

qint64 residentBytes()
{
    return procKilobytesField("/proc/self/status", "VmRSS");
}

qint64 peakResidentBytes()
{
    return procKilobytesField("/proc/self/status", "VmHWM");
}

void resetPeakResident()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

qint64 availableMemoryBytes()
{
    const qint64 available = procKilobytesField("/proc/meminfo", "MemAvailable");
    const qint64 cgroup = cgroupRoom();
    if (available < 0)
        return cgroup;
    return cgroup >= 0 ? std::min(available, cgroup) : available;
}

} // namespace medtune
