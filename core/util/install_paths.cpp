#include "util/install_paths.h"

#include <QDir>
#include <QFileInfo>

#ifndef MEDTUNE_BRIDGE_RELDIR
#define MEDTUNE_BRIDGE_RELDIR "../lib/medtune"
#endif

namespace medtune {

QString executableDir()
{
    const QFileInfo self(QStringLiteral("/proc/self/exe"));
    const QString target = self.symLinkTarget();
    return target.isEmpty() ? QDir::currentPath() : QFileInfo(target).absolutePath();
}

QStringList privateLibraryCandidates(const QString &fileName)
{
    const QDir exe(executableDir());
    return { exe.filePath(fileName),
             QDir::cleanPath(exe.filePath(QStringLiteral(MEDTUNE_BRIDGE_RELDIR) + u'/' + fileName)) };
}

} // namespace medtune
