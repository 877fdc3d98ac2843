// Versions of the program and of the libraries it runs on, as plain strings for the
// About dialog and 'medtune-cli info' (no libtorch in this header).
#pragma once

#include <QString>

namespace medtune {

struct RuntimeVersions
{
    QString application; ///< the workbench's own version (CMake project version)
    QString qt; ///< Qt in use at run time (qVersion())
    QString qtBuild; ///< Qt the program was compiled against (QT_VERSION_STR)
    QString torch; ///< libtorch the core was compiled against (TORCH_VERSION)
    QString torchBackend; ///< "CPU", or "CUDA" when libtorch has CUDA and sees a GPU
    QString sentencePiece; ///< SentencePiece the bridge was built against (pkg-config version)
    QString computeDevices; ///< the devices libtorch sees, comma-separated ("cpu, cuda:0")
    int computeThreads = 0; ///< libtorch intra-op threads now
};

/// Collects the versions; cheap (no model is loaded).
RuntimeVersions runtimeVersions();

} // namespace medtune
