// The review tables' migrations, kept here so that core/workspace/schema.cpp only lists
// them in order: the first creates the review tables, the second adds item metadata and
// the indexes the analysis needs. A review server (PostgreSQL) runs the same two in its
// own SQL (ReviewDialect::ddl) and then a third that puts reviewers' rights into the server.
#pragma once

#include "workspace/schema.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace medtune {

/// Description of the first review migration (tests find its version by it).
QString reviewSchemaV1Description();
QStringList reviewSchemaV1Statements();
QString reviewSchemaV2Description();
QStringList reviewSchemaV2Statements();

/// A review server's migrations (versions 1, 2 and 3), recorded in review_schema_version.
const std::vector<Migration> &reviewServerMigrations();
/// The privileges of the server's reviewer group role on the review tables (idempotent).
QStringList reviewServerGrantStatements(const QString &quotedGroupRole);

} // namespace medtune
