// The devices and number formats libtorch offers on this machine.
#pragma once

#include <QStringList>

namespace medtune {

/// "cpu", plus "cuda:0", "cuda:1"... when the libtorch in use has CUDA and sees GPUs.
QStringList availableDevices();
/// The dtype "auto" resolves to on a device: bfloat16 where it is fast, else float32.
QString resolveDtype(const QString &requested, const QString &device);

} // namespace medtune
