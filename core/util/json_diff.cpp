#include "util/json_diff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

namespace medtune {
namespace {

QString leafText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 12);
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

void flatten(const QJsonValue &v, const QString &path, QList<QPair<QString, QString>> &out)
{
    if (v.isObject() && !v.toObject().isEmpty()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            flatten(it.value(), path.isEmpty() ? it.key() : path + u'.' + it.key(), out);
    } else if (v.isArray() && !v.toArray().isEmpty()
               && std::any_of(v.toArray().begin(), v.toArray().end(),
                              [](const QJsonValue &e) { return e.isObject(); })) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            flatten(a[i], QStringLiteral("%1[%2]").arg(path).arg(i), out);
    } else {
        out.append({ path, leafText(v) });
    }
}

} // namespace

QList<QPair<QString, QString>> flattenJson(const QJsonObject &object)
{
    QList<QPair<QString, QString>> out;
    flatten(object, QString(), out);
    return out;
}

QList<JsonDifference> diffJson(const QJsonObject &left, const QJsonObject &right)
{
    QMap<QString, QPair<QString, QString>> both;
    for (const auto &[path, value] : flattenJson(left))
        both[path].first = value;
    for (const auto &[path, value] : flattenJson(right))
        both[path].second = value;
    QList<JsonDifference> out;
    for (auto it = both.begin(); it != both.end(); ++it)
        if (it->first != it->second)
            out.append({ it.key(), it->first, it->second });
    return out;
}

} // namespace medtune
