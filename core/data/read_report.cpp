#include "data/read_report.h"

#include <QFileInfo>
#include <QJsonArray>

namespace medtune {

QString ReadIssue::toString() const
{
    QString s = QFileInfo(file).fileName();
    if (line > 0)
        s += u':' + QString::number(line);
    if (!record.isEmpty())
        s += QStringLiteral(" [%1]").arg(record);
    s += QStringLiteral(": ") + reason;
    if (!detail.isEmpty())
        s += QStringLiteral(": ") + detail;
    return s;
}

QJsonObject ReadIssue::toJson() const
{
    return { { QStringLiteral("file"), file },
             { QStringLiteral("line"), line },
             { QStringLiteral("record"), record },
             { QStringLiteral("reason"), reason },
             { QStringLiteral("detail"), detail } };
}

void ReadReport::skip(qint64 line, const QString &record, const QString &reason, const QString &detail)
{
    ++skipped[reason];
    if (issues.size() < kMaxIssues)
        issues.append({ file, line, record, reason, detail });
}

void ReadReport::problem(qint64 line, const QString &reason, const QString &detail)
{
    if (issues.size() < kMaxIssues)
        issues.append({ file, line, {}, reason, detail });
}

qint64 ReadReport::skippedTotal() const
{
    qint64 n = 0;
    for (qint64 v : skipped)
        n += v;
    return n;
}

QJsonObject ReadReport::toJson() const
{
    QJsonObject sk;
    for (auto it = skipped.begin(); it != skipped.end(); ++it)
        sk.insert(it.key(), it.value());
    QJsonArray is;
    for (const ReadIssue &i : issues)
        is.append(i.toJson());
    return { { QStringLiteral("file"), file },
             { QStringLiteral("format"), format },
             { QStringLiteral("read"), read },
             { QStringLiteral("imported"), imported },
             { QStringLiteral("skipped"), sk },
             { QStringLiteral("issues"), is },
             { QStringLiteral("notes"), QJsonArray::fromStringList(notes) } };
}

} // namespace medtune
