#include "util/runtime_versions.h"

#include "util/compute_devices.h"
#include "util/compute_threads.h"

#include <torch/cuda.h>
#include <torch/version.h>

#ifndef MEDTUNE_VERSION
#define MEDTUNE_VERSION "unknown"
#endif
#ifndef MEDTUNE_SENTENCEPIECE_VERSION
#define MEDTUNE_SENTENCEPIECE_VERSION "unknown"
#endif

namespace medtune {

RuntimeVersions runtimeVersions()
{
    RuntimeVersions v;
    v.application = QStringLiteral(MEDTUNE_VERSION);
    v.qt = QString::fromLatin1(qVersion());
    v.qtBuild = QStringLiteral(QT_VERSION_STR);
    v.torch = QStringLiteral(TORCH_VERSION);
    // Whether this libtorch drives a GPU is known only at run time (a CUDA build on a
    // machine without a GPU reports CPU).
    v.torchBackend = torch::cuda::is_available() ? QStringLiteral("CUDA") : QStringLiteral("CPU");
    v.sentencePiece = QStringLiteral(MEDTUNE_SENTENCEPIECE_VERSION);
    v.computeDevices = availableDevices().join(QStringLiteral(", "));
    v.computeThreads = computeThreads();
    return v;
}

} // namespace medtune
