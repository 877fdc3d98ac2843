#include "test_support.h"

#include <QDir>
#include <QFileInfo>

namespace medtune::test {

QString testDataPath(const QString &relative)
{
    return QDir(QStringLiteral(MEDTUNE_TEST_DATA_DIR)).filePath(relative);
}

QString sharedDataPath(const QString &relative)
{
    const QString env = qEnvironmentVariable("MEDTUNE_SHARED_DATA");
    const QDir root(env.isEmpty() ? QStringLiteral(MEDTUNE_SHARED_DATA_DIR) : env);
    if (!root.exists())
        return {};
    const QString path = root.filePath(relative);
    return QFileInfo::exists(path) ? QDir::cleanPath(path) : QString();
}

QString binDir()
{
    return QStringLiteral(MEDTUNE_BIN_DIR);
}

QString artefactDir()
{
    const QString dir = QDir(binDir()).filePath(QStringLiteral("../test-artefacts"));
    QDir().mkpath(dir);
    return QDir::cleanPath(dir);
}

} // namespace medtune::test
