// The review tables' migrations, kept here so that core/workspace/schema.cpp only lists
// them in order: the first creates the review tables, the second adds item metadata and
// the indexes the analysis needs.
#pragma once

#include <QString>
#include <QStringList>

namespace medtune {

/// Description of the first review migration (tests find its version by it).
QString reviewSchemaV1Description();
QStringList reviewSchemaV1Statements();
QString reviewSchemaV2Description();
QStringList reviewSchemaV2Statements();

} // namespace medtune
