#include "util/column_mapping.h"

#include "util/error.h"

namespace medtune {

QMap<QString, QString> parseColumnMapping(const QStringList &items, const QStringList &fields)
{
    QMap<QString, QString> mapping;
    for (const QString &item : items) {
        const qsizetype eq = item.indexOf(u'=');
        if (eq <= 0 || eq == item.size() - 1)
            throw UsageError(QStringLiteral("A mapping must look like field=column, not '%1'").arg(item));
        const QString field = item.left(eq).trimmed().toLower();
        if (!fields.contains(field))
            throw UsageError(QStringLiteral("Unknown field '%1' in mapping").arg(field),
                             QStringLiteral("fields are %1").arg(fields.join(QStringLiteral(", "))));
        mapping.insert(field, item.mid(eq + 1).trimmed());
    }
    return mapping;
}

} // namespace medtune
