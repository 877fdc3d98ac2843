#include "review/judgment_entry.h"

#include "review/delimited_table.h"
#include "review/review_store.h"
#include "util/error.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

namespace medtune {
namespace {

const QStringList kRequired
    = { QStringLiteral("reviewer"), QStringLiteral("item"), QStringLiteral("criterion"), QStringLiteral("value") };

bool isTrue(const QString &text)
{
    const QString t = text.trimmed().toLower();
    return t == u"true" || t == u"1" || t == u"yes";
}

QString describe(const JudgmentEntry &e)
{
    return e.line > 0 ? QStringLiteral("line %1").arg(e.line) : QStringLiteral("the judgment");
}

/// The problem with one entry, or an empty string.
QString check(const Rubric &rubric, const QHash<QString, const ReviewItem *> &items, const JudgmentEntry &e,
              JudgmentWrite &write)
{
    const RubricCriterion *c = rubric.criterion(e.criterion);
    if (!c) {
        QStringList ids;
        for (const RubricCriterion &x : rubric.criteria)
            ids << x.id;
        return QStringLiteral("rubric %1 has no criterion '%2' (criteria: %3)")
            .arg(rubric.name, e.criterion, ids.join(QStringLiteral(", ")));
    }
    if (c->kind == RubricCriterion::Kind::Choice && c->optionIndex(e.value) < 0) {
        QStringList values;
        for (const RubricOption &o : c->options)
            values << o.value;
        return QStringLiteral("'%1' is not a value of %2 (values: %3)")
            .arg(e.value, e.criterion, values.join(QStringLiteral(", ")));
    }
    const ReviewItem *item = items.value(e.item);
    if (!item)
        return QStringLiteral("the session has no item '%1' (list them with 'review items')").arg(e.item);
    write.itemId = item->id;
    write.outputId = 0;
    if (c->scope == RubricCriterion::Scope::Output) {
        if (e.system.isEmpty())
            return QStringLiteral("%1 is judged per output: name the system").arg(e.criterion);
        for (const ReviewOutput &o : item->outputs)
            if (o.systemName == e.system)
                write.outputId = o.id;
        if (write.outputId == 0) {
            QStringList systems;
            for (const ReviewOutput &o : item->outputs)
                systems << o.systemName;
            return QStringLiteral("item %1 has no output of system '%2' (systems: %3)")
                .arg(e.item, e.system, systems.join(QStringLiteral(", ")));
        }
    } else if (c->id == QLatin1String("preference") && item->outputs.size() != 2) {
        // A/B preference compares exactly two outputs; with more, per-output ratings compare them.
        return QStringLiteral("preference compares two outputs, but item %1 has %2; rate each output instead")
            .arg(e.item)
            .arg(item->outputs.size());
    }
    write.reviewer = e.reviewer.trimmed();
    if (write.reviewer.isEmpty())
        return QStringLiteral("no reviewer");
    write.criterion = e.criterion;
    write.value = e.value;
    write.submit = e.submit;
    return {};
}

} // namespace

std::vector<JudgmentEntry> readJudgmentEntries(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        throw Error(QStringLiteral("%1 is not a regular file").arg(path),
                    QStringLiteral("give a JSONL or CSV file of judgments"));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot read %1: %2").arg(path, f.errorString()));
    QStringDecoder decode(QStringDecoder::Utf8);
    const QString text = decode(f.readAll());
    if (decode.hasError())
        throw Error(QStringLiteral("%1 is not UTF-8 text").arg(path));
    std::vector<JudgmentEntry> entries;
    const QString name = info.fileName();
    if (info.suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0) {
        const std::vector<CsvRecord> rows = parseCsv(text, name);
        if (rows.empty())
            throw Error(QStringLiteral("%1 is empty").arg(path), QStringLiteral("the first row names the columns"));
        QHash<QString, int> column;
        for (int i = 0; i < rows[0].fields.size(); ++i)
            column.insert(rows[0].fields[i].trimmed().toLower(), i);
        for (const QString &k : kRequired)
            if (!column.contains(k))
                throw Error(QStringLiteral("%1: no column '%2'").arg(name, k),
                            QStringLiteral("columns: reviewer, item, criterion, value, and system, submit"));
        for (size_t r = 1; r < rows.size(); ++r) {
            const CsvRecord &row = rows[r];
            auto field = [&](const QString &key) {
                const int i = column.value(key, -1);
                return i >= 0 && i < row.fields.size() ? row.fields[i] : QString();
            };
            if (row.fields.size() != rows[0].fields.size())
                throw Error(QStringLiteral("%1:%2: %3 fields, the header has %4")
                                .arg(name)
                                .arg(row.line)
                                .arg(row.fields.size())
                                .arg(rows[0].fields.size()));
            entries.push_back({ field(QStringLiteral("reviewer")), field(QStringLiteral("item")),
                                field(QStringLiteral("criterion")), field(QStringLiteral("value")),
                                field(QStringLiteral("system")), isTrue(field(QStringLiteral("submit"))), row.line });
        }
    } else {
        const QStringList lines = text.split(u'\n');
        for (int i = 0; i < lines.size(); ++i) {
            const QString line = lines[i].trimmed();
            if (line.isEmpty())
                continue;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
            if (!doc.isObject())
                throw Error(QStringLiteral("%1:%2: not a JSON object (%3)")
                                .arg(name)
                                .arg(i + 1)
                                .arg(error.error == QJsonParseError::NoError ? QStringLiteral("another JSON value")
                                                                             : error.errorString()));
            const QJsonObject o = doc.object();
            for (const QString &k : kRequired)
                if (!o.contains(k))
                    throw Error(QStringLiteral("%1:%2: no field '%3'").arg(name).arg(i + 1).arg(k));
            auto str = [&o](const QString &key) {
                const QJsonValue v = o.value(key);
                return v.isDouble() ? QString::number(v.toDouble()) : v.toString();
            };
            const QJsonValue submit = o.value(QStringLiteral("submit"));
            entries.push_back({ str(QStringLiteral("reviewer")), str(QStringLiteral("item")),
                                str(QStringLiteral("criterion")), str(QStringLiteral("value")),
                                str(QStringLiteral("system")),
                                submit.isBool() ? submit.toBool() : isTrue(submit.toString()), i + 1 });
        }
    }
    if (entries.empty())
        throw Error(QStringLiteral("%1 holds no judgments").arg(path));
    return entries;
}

int saveJudgmentEntries(ReviewStore &store, const ReviewSession &session, const std::vector<JudgmentEntry> &entries)
{
    const Rubric rubric = store.rubric(session.rubricId);
    const std::vector<ReviewItem> items = store.items(session.id);
    QHash<QString, const ReviewItem *> byId;
    for (const ReviewItem &it : items)
        byId.insert(it.externalId, &it);
    std::vector<JudgmentWrite> writes;
    writes.reserve(entries.size());
    QStringList problems;
    for (const JudgmentEntry &e : entries) {
        JudgmentWrite w;
        const QString problem = check(rubric, byId, e, w);
        if (problem.isEmpty())
            writes.push_back(std::move(w));
        else
            problems << QStringLiteral("%1: %2").arg(describe(e), problem);
    }
    if (!problems.isEmpty()) {
        const qsizetype shown = std::min<qsizetype>(problems.size(), 10);
        QString message = problems.size() == 1
            ? problems.front()
            : QStringLiteral("%1 of %2 judgments are not valid; nothing was saved:\n  %3%4")
                  .arg(problems.size())
                  .arg(entries.size())
                  .arg(problems.mid(0, shown).join(QStringLiteral("\n  ")),
                       problems.size() > shown ? QStringLiteral("\n  ...") : QString());
        throw UsageError(message, QStringLiteral("'medtune-cli review rubric' lists criteria and values"));
    }
    store.saveJudgments(writes);
    return int(writes.size());
}

} // namespace medtune
