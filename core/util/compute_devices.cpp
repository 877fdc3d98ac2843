#include "util/compute_devices.h"

#include "model/llama_model.h"
#include "util/error.h"

#include <torch/cuda.h>

namespace medtune {

QStringList availableDevices()
{
    QStringList devices { QStringLiteral("cpu") };
    if (torch::cuda::is_available())
        for (size_t i = 0; i < torch::cuda::device_count(); ++i)
            devices << QStringLiteral("cuda:%1").arg(i);
    return devices;
}

QString resolveDtype(const QString &requested, const QString &device)
{
    if (requested == QLatin1String("bfloat16") || requested == QLatin1String("float32"))
        return requested;
    if (requested != QLatin1String("auto") && !requested.isEmpty())
        throw UsageError(QStringLiteral("Unknown dtype '%1'").arg(requested),
                         QStringLiteral("use auto, bfloat16 or float32"));
    if (device.startsWith(QLatin1String("cuda")))
        return QStringLiteral("bfloat16");
    return cpuHasFastBFloat16() ? QStringLiteral("bfloat16") : QStringLiteral("float32");
}

} // namespace medtune
