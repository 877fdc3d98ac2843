// The versions of the program and of the libraries it runs on, for the About dialog,
// 'medtune-cli info' and bug reports. No libtorch in this header.
#pragma once

#include <QString>

namespace medtune {

struct RuntimeVersions
{
    QString application; ///< the project version (CMake's project(VERSION))
    QString qtRuntime; ///< qVersion(): the Qt libraries loaded
    QString qtBuild; ///< QT_VERSION_STR: the Qt headers built against
    QString libtorch; ///< TORCH_VERSION of the libtorch headers built against
    QString sentencepiece; ///< the SentencePiece the tokenizer bridge was built against (pkg-config)
    QString compiler;
};

RuntimeVersions runtimeVersions();

} // namespace medtune
