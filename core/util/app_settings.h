// User preferences that outlive a workspace (QSettings): compute threads, device, dtype,
// language, last workspace, review server (its URL only: passwords are never stored).
#pragma once

#include <QString>

namespace medtune {

struct AppSettings
{
    int computeThreads = 0; ///< 0 = all available cores
    QString device = QStringLiteral("cpu");
    QString dtype = QStringLiteral("auto"); ///< auto, bfloat16 or float32
    QString language; ///< empty = system locale
    QString lastWorkspace;
    QString reviewServer; ///< postgresql://USER@HOST:PORT/DBNAME; empty = the workspace

    static AppSettings load();
    void save() const;
};

} // namespace medtune
