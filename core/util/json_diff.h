// Differences between two JSON objects, keyed by dotted paths ("lora.r",
// "trainer.learning_rate", "data.datasets[1].weight"): for comparing run configurations.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace medtune {

struct JsonDifference
{
    QString path;
    QString left; ///< the value as compact JSON text, or empty when absent
    QString right;
};

/// Leaf values of `object` by dotted path (arrays index as [i]).
QList<QPair<QString, QString>> flattenJson(const QJsonObject &object);
/// Paths whose values differ, or that exist on one side only, sorted by path.
QList<JsonDifference> diffJson(const QJsonObject &left, const QJsonObject &right);

} // namespace medtune
