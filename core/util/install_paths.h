// Where the running program and its private files are, in the build tree and installed.
#pragma once

#include <QString>
#include <QStringList>

namespace medtune {

/// Folder of the running executable (from /proc/self/exe; no QCoreApplication needed).
QString executableDir();

/// Candidate paths of a private library, in search order: next to the executable (build
/// tree), then the install-relative private library folder (lib/medtune).
QStringList privateLibraryCandidates(const QString &fileName);

} // namespace medtune
