#include "workspace/schema.h"

namespace medtune {

const std::vector<Migration> &workspaceMigrations()
{
    static const std::vector<Migration> migrations = {
        {1,
         QStringLiteral("workspace settings"),
         {QStringLiteral("CREATE TABLE settings ("
                         " key TEXT PRIMARY KEY NOT NULL,"
                         " value TEXT NOT NULL)")}},
    };
    return migrations;
}

} // namespace medtune
