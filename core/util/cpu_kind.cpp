#include "util/cpu_kind.h"

#include <QFile>

namespace medtune {

QStringList cpuSimdFlags()
{
    static const QStringList flags = [] {
        QStringList out;
        QFile f(QStringLiteral("/proc/cpuinfo"));
        if (!f.open(QIODevice::ReadOnly))
            return out;
        // readAll: /proc files report size 0, so atEnd() holds before the first read.
        // The first "flags" line describes every core of these machines.
        QList<QByteArray> present;
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("flags")) {
                present = line.mid(line.indexOf(':') + 1).simplified().split(' ');
                break;
            }
        }
        for (const char *name : { "avx2", "avx512f", "avx512bw", "avx512_bf16", "amx_bf16" })
            if (present.contains(QByteArray(name)))
                out << QString::fromLatin1(name);
        return out;
    }();
    return flags;
}

QString bfloat16MatmulKernels(const QStringList &flags)
{
    if (flags.contains(QLatin1String("amx_bf16")))
        return QStringLiteral("onednn-amx-bf16");
    if (flags.contains(QLatin1String("avx512_bf16")))
        return QStringLiteral("onednn-avx512-bf16");
    if (flags.contains(QLatin1String("avx512bw")))
        return QStringLiteral("onednn-avx512-emulated");
    return QStringLiteral("aten-reference");
}

std::optional<bool> fastBFloat16Override()
{
    const QByteArray v = qgetenv("MEDTUNE_CPU_FAST_BF16").trimmed();
    if (v == "1")
        return true;
    if (v == "0")
        return false;
    return std::nullopt;
}

} // namespace medtune
