#include "util/runtime_versions.h"

#include <QtGlobal>
#include <torch/version.h> // a few macros, not the libtorch API

namespace medtune {

RuntimeVersions runtimeVersions()
{
    RuntimeVersions v;
    v.application = QStringLiteral(MEDTUNE_VERSION);
    v.qtRuntime = QString::fromLatin1(qVersion());
    v.qtBuild = QStringLiteral(QT_VERSION_STR);
    v.libtorch = QStringLiteral(TORCH_VERSION);
    v.sentencepiece = QStringLiteral(MEDTUNE_SENTENCEPIECE_VERSION);
#if defined(__clang__)
    v.compiler = QStringLiteral("Clang %1.%2.%3").arg(__clang_major__).arg(__clang_minor__).arg(__clang_patchlevel__);
#elif defined(__GNUC__)
    v.compiler = QStringLiteral("GCC %1.%2.%3").arg(__GNUC__).arg(__GNUC_MINOR__).arg(__GNUC_PATCHLEVEL__);
#else
    v.compiler = QStringLiteral("unknown");
#endif
    return v;
}

} // namespace medtune
