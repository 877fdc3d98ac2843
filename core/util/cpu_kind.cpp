#include "util/cpu_kind.h"

#include <QFile>

namespace medtune {

namespace {

// The first line of /proc/cpuinfo named `name` (its value after the colon); the first
// processor's lines describe every core of these machines.
QByteArray cpuInfoField(const QByteArray &name)
{
    static const QByteArray info = [] {
        QFile f(QStringLiteral("/proc/cpuinfo"));
        // readAll: /proc files report size 0, so atEnd() holds before the first read.
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    for (const QByteArray &line : info.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed() == name)
            return line.mid(colon + 1).simplified();
    }
    return {};
}

} // namespace

QString cpuModelName()
{
    static const QString model = QString::fromUtf8(cpuInfoField("model name"));
    return model.isEmpty() ? QStringLiteral("unknown CPU") : model;
}

QStringList cpuSimdFlags()
{
    static const QStringList flags = [] {
        const QList<QByteArray> present = cpuInfoField("flags").split(' ');
        QStringList out;
        for (const char *name : { "avx2", "fma", "avx512f", "avx512bw", "avx512_bf16", "amx_bf16" })
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
