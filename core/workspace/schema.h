// The workspace database's schema as an ordered list of migrations. A migration is
// never edited once released: later changes append a new one.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace medtune {

struct Migration
{
    int version; ///< the schema version after this migration
    QString description;
    QStringList statements;
};

/// All migrations, in increasing version order, starting at 1.
const std::vector<Migration> &workspaceMigrations();

} // namespace medtune
