// What a reader tells about one file: records read, imported, skipped by reason, and
// each problem with its file, line or record and a readable reason.
#pragma once

#include "data/example.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <functional>

namespace medtune {

/// Fixed skip reasons (the keys of ReadReport::skipped).
namespace skip {
inline QString invalidJson()
{
    return QStringLiteral("invalid JSON");
}
inline QString invalidUtf8()
{
    return QStringLiteral("invalid UTF-8");
}
inline QString missingField()
{
    return QStringLiteral("missing field");
}
inline QString wrongType()
{
    return QStringLiteral("wrong type");
}
inline QString invalidValue()
{
    return QStringLiteral("invalid value");
}
inline QString emptyText()
{
    return QStringLiteral("empty text");
}
inline QString duplicate()
{
    return QStringLiteral("duplicate");
}
inline QString brokenXml()
{
    return QStringLiteral("broken XML");
}
inline QString badRow()
{
    return QStringLiteral("bad row");
}
} // namespace skip

struct ReadIssue
{
    QString file;
    qint64 line = 0; ///< 1-based line, 0 when unknown
    QString record; ///< the record's id when known
    QString reason; ///< one of the skip:: reasons, or a file-level problem
    QString detail; ///< what was expected
    /// "file:line [record]: reason: detail"
    QString toString() const;
    QJsonObject toJson() const;
};

class ReadReport
{
public:
    static constexpr int kMaxIssues = 1000; ///< issues kept in full; counts are always exact

    QString file;
    QString format;
    qint64 read = 0; ///< records seen
    qint64 imported = 0; ///< records that became examples
    QMap<QString, qint64> skipped;
    QList<ReadIssue> issues;
    QStringList notes; ///< format facts worth telling (e.g. MedMCQA's answer numbering)
    qint64 position = 0; ///< bytes of the file consumed so far (for progress while reading)

    /// Counts a skipped record and keeps its issue (up to kMaxIssues).
    void skip(qint64 line, const QString &record, const QString &reason, const QString &detail);
    /// A file-level problem that skips nothing by itself (empty file, truncated stream).
    void problem(qint64 line, const QString &reason, const QString &detail);
    qint64 skippedTotal() const;
    QJsonObject toJson() const;
};

using ExampleSink = std::function<void(Example &&)>;

} // namespace medtune
