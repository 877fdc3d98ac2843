#include "util/app_settings.h"

#include <QSettings>

namespace medtune {

AppSettings AppSettings::load()
{
    QSettings s;
    AppSettings a;
    a.computeThreads = s.value(QStringLiteral("compute/threads"), a.computeThreads).toInt();
    a.device = s.value(QStringLiteral("compute/device"), a.device).toString();
    a.dtype = s.value(QStringLiteral("compute/dtype"), a.dtype).toString();
    a.language = s.value(QStringLiteral("ui/language"), a.language).toString();
    a.lastWorkspace = s.value(QStringLiteral("workspace/last"), a.lastWorkspace).toString();
    a.reviewServer = s.value(QStringLiteral("review/server"), a.reviewServer).toString();
    return a;
}

void AppSettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("compute/threads"), computeThreads);
    s.setValue(QStringLiteral("compute/device"), device);
    s.setValue(QStringLiteral("compute/dtype"), dtype);
    s.setValue(QStringLiteral("ui/language"), language);
    s.setValue(QStringLiteral("workspace/last"), lastWorkspace);
    s.setValue(QStringLiteral("review/server"), reviewServer);
}

} // namespace medtune
