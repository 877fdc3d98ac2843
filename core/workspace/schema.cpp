#include "workspace/schema.h"

#include "review/review_schema.h"

namespace medtune {

const std::vector<Migration> &workspaceMigrations()
{
    static const std::vector<Migration> migrations = {
        {1,
         QStringLiteral("workspace settings"),
         {QStringLiteral("CREATE TABLE settings ("
                         " key TEXT PRIMARY KEY NOT NULL,"
                         " value TEXT NOT NULL)")}},
        {2, reviewSchemaV1Description(), reviewSchemaV1Statements()},
        {3, reviewSchemaV2Description(), reviewSchemaV2Statements()},
    };
    return migrations;
}

} // namespace medtune
