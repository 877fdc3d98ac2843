#include "review/review_export.h"

#include "review/delimited_table.h"
#include "review/review_database.h"
#include "review/review_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <map>

namespace medtune {
namespace {

const QStringList kCsvHeader
    = { QStringLiteral("record"),        QStringLiteral("item"),      QStringLiteral("system"),
        QStringLiteral("reviewer"),      QStringLiteral("criterion"), QStringLiteral("value"),
        QStringLiteral("span_start"),    QStringLiteral("span_end"),  QStringLiteral("span_type"),
        QStringLiteral("span_severity"), QStringLiteral("time") };

struct SessionIndex
{
    std::map<qint64, QString> itemExternal;
    std::map<qint64, QString> outputSystem;
    std::map<qint64, qint64> outputItem;
    std::map<qint64, QString> reviewerName;
};

SessionIndex indexSession(ReviewStore &store, qint64 sessionId)
{
    SessionIndex x;
    for (const ReviewItem &it : store.items(sessionId)) {
        x.itemExternal[it.id] = it.externalId;
        for (const ReviewOutput &o : it.outputs) {
            x.outputSystem[o.id] = o.systemName;
            x.outputItem[o.id] = it.id;
        }
    }
    for (const Reviewer &r : store.reviewers())
        x.reviewerName[r.id] = r.name;
    return x;
}

void insert(QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    reviewQuery(db, sql, values);
}

qint64 insertId(QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    QSqlQuery q = reviewQuery(db, sql + QStringLiteral(" RETURNING id"), values);
    if (!q.next())
        throw Error(QStringLiteral("Cannot import the review snapshot: no id for a new row"));
    return q.value(0).toLongLong();
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

std::vector<ExportRow> sessionExportRows(ReviewStore &store, qint64 sessionId)
{
    const SessionIndex x = indexSession(store, sessionId);
    std::vector<ExportRow> rows;
    for (const Judgment &j : store.judgments(sessionId)) {
        ExportRow r;
        r.record = QStringLiteral("judgment");
        r.item = x.itemExternal.at(j.itemId);
        r.system = j.outputId > 0 ? x.outputSystem.at(j.outputId) : QString();
        r.reviewer = x.reviewerName.at(j.reviewerId);
        r.criterion = j.criterion;
        r.value = j.value;
        r.time = j.updatedAt;
        rows.push_back(r);
    }
    for (const Span &s : store.spans(sessionId)) {
        ExportRow r;
        r.record = QStringLiteral("span");
        r.item = x.itemExternal.at(x.outputItem.at(s.outputId));
        r.system = x.outputSystem.at(s.outputId);
        r.reviewer = x.reviewerName.at(s.reviewerId);
        r.criterion = QStringLiteral("hallucination");
        r.spanStart = s.start;
        r.spanEnd = s.end;
        r.spanType = s.type;
        r.spanSeverity = s.severity;
        rows.push_back(r);
    }
    return rows;
}

QString exportRowsCsv(const std::vector<ExportRow> &rows)
{
    QString out = csvLine(kCsvHeader);
    for (const ExportRow &r : rows)
        out += csvLine({ r.record, r.item, r.system, r.reviewer, r.criterion, r.value,
                         r.spanStart >= 0 ? QString::number(r.spanStart) : QString(),
                         r.spanEnd >= 0 ? QString::number(r.spanEnd) : QString(), r.spanType, r.spanSeverity, r.time });
    return out;
}

std::vector<ExportRow> parseExportRowsCsv(const QString &text)
{
    const std::vector<CsvRecord> records = parseCsv(text);
    if (records.empty() || records.front().fields != kCsvHeader)
        throw Error(QStringLiteral("Not a review export: the header must be %1").arg(kCsvHeader.join(u',')));
    std::vector<ExportRow> rows;
    for (size_t i = 1; i < records.size(); ++i) {
        const QStringList &f = records[i].fields;
        if (!records[i].malformed.isEmpty())
            throw Error(QStringLiteral("Review export line %1: %2").arg(records[i].line).arg(records[i].malformed));
        if (f.size() != kCsvHeader.size())
            throw Error(QStringLiteral("Review export line %1: %2 fields instead of %3")
                            .arg(records[i].line)
                            .arg(f.size())
                            .arg(kCsvHeader.size()));
        ExportRow r { f[0], f[1], f[2], f[3], f[4], f[5], -1, -1, f[8], f[9], f[10] };
        bool ok = true;
        if (!f[6].isEmpty())
            r.spanStart = f[6].toInt(&ok);
        if (ok && !f[7].isEmpty())
            r.spanEnd = f[7].toInt(&ok);
        if (!ok || (r.record != QLatin1String("judgment") && r.record != QLatin1String("span")))
            throw Error(QStringLiteral("Review export line %1: bad record kind or span offsets").arg(records[i].line));
        rows.push_back(r);
    }
    return rows;
}

QJsonObject exportSessionJson(ReviewStore &store, qint64 sessionId)
{
    const ReviewSession s = store.session(sessionId).value();
    const SessionIndex x = indexSession(store, sessionId);
    const std::vector<ReviewItem> items = store.items(sessionId);
    QJsonArray systems, itemsJson, reviewers, assignments, judgments, spans, statuses;
    for (const ReviewSystem &sys : store.systems(sessionId))
        systems.append(QJsonObject { { QStringLiteral("name"), sys.name },
                                     { QStringLiteral("model_hash"), sys.modelHash },
                                     { QStringLiteral("adapter_hash"), sys.adapterHash },
                                     { QStringLiteral("settings"), sys.settings } });
    for (const ReviewItem &it : items) {
        QJsonArray outs;
        for (const ReviewOutput &o : it.outputs)
            outs.append(QJsonObject { { QStringLiteral("system"), o.systemName },
                                      { QStringLiteral("text"), o.text },
                                      { QStringLiteral("metrics"), o.metrics },
                                      { QStringLiteral("generation"), o.generation } });
        itemsJson.append(QJsonObject { { QStringLiteral("id"), it.externalId },
                                       { QStringLiteral("source"), it.source },
                                       { QStringLiteral("reference"), it.reference },
                                       { QStringLiteral("metadata"), it.metadata },
                                       { QStringLiteral("outputs"), outs } });
    }
    const std::vector<Reviewer> sessionReviewers = store.sessionReviewers(sessionId);
    QSqlDatabase db = store.database().connection();
    for (const Reviewer &r : sessionReviewers) {
        reviewers.append(r.name);
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("SELECT seed, order_json FROM review_assignments WHERE session_id = ? AND reviewer_id = ?"));
        q.addBindValue(sessionId);
        q.addBindValue(r.id);
        if (q.exec() && q.next()) {
            const QJsonObject o = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
            QJsonArray order, swapped;
            for (const QJsonValue &v : o.value(QStringLiteral("order")).toArray())
                order.append(x.itemExternal.at(v.toInteger()));
            for (const QJsonValue &v : o.value(QStringLiteral("swapped")).toArray())
                swapped.append(x.itemExternal.at(v.toInteger()));
            assignments.append(QJsonObject { { QStringLiteral("reviewer"), r.name },
                                             { QStringLiteral("seed"), QString::number(q.value(0).toLongLong()) },
                                             { QStringLiteral("order"), order },
                                             { QStringLiteral("swapped"), swapped } });
        }
        QSqlQuery st(db);
        st.prepare(
            QStringLiteral("SELECT st.item_id, st.submitted_at, st.skipped, st.flagged FROM review_item_status st"
                           " JOIN review_items i ON i.id = st.item_id WHERE i.session_id = ? AND st.reviewer_id = ?"
                           " ORDER BY i.position"));
        st.addBindValue(sessionId);
        st.addBindValue(r.id);
        if (st.exec())
            while (st.next())
                statuses.append(
                    QJsonObject { { QStringLiteral("reviewer"), r.name },
                                  { QStringLiteral("item"), x.itemExternal.at(st.value(0).toLongLong()) },
                                  { QStringLiteral("submitted_at"),
                                    st.value(1).isNull() ? QJsonValue() : QJsonValue(st.value(1).toString()) },
                                  { QStringLiteral("skipped"), st.value(2).toBool() },
                                  { QStringLiteral("flagged"), st.value(3).toBool() } });
    }
    for (const ExportRow &r : sessionExportRows(store, sessionId)) {
        if (r.record == QLatin1String("judgment"))
            judgments.append(
                QJsonObject { { QStringLiteral("item"), r.item },
                              { QStringLiteral("system"), r.system.isEmpty() ? QJsonValue() : QJsonValue(r.system) },
                              { QStringLiteral("reviewer"), r.reviewer },
                              { QStringLiteral("criterion"), r.criterion },
                              { QStringLiteral("value"), r.value },
                              { QStringLiteral("updated_at"), r.time } });
        else
            spans.append(QJsonObject { { QStringLiteral("item"), r.item },
                                       { QStringLiteral("system"), r.system },
                                       { QStringLiteral("reviewer"), r.reviewer },
                                       { QStringLiteral("start"), r.spanStart },
                                       { QStringLiteral("end"), r.spanEnd },
                                       { QStringLiteral("type"), r.spanType },
                                       { QStringLiteral("severity"), r.spanSeverity } });
    }
    return { { QStringLiteral("format"), QStringLiteral("medtune-review-session") },
             { QStringLiteral("format_version"), 1 },
             { QStringLiteral("session"),
               QJsonObject { { QStringLiteral("name"), s.name },
                             { QStringLiteral("task"), s.task },
                             { QStringLiteral("blind"), s.blind },
                             { QStringLiteral("seed"), QString::number(s.seed) },
                             { QStringLiteral("created_at"), s.createdAt } } },
             { QStringLiteral("rubric"), store.rubric(s.rubricId).toJson() },
             { QStringLiteral("systems"), systems },
             { QStringLiteral("items"), itemsJson },
             { QStringLiteral("reviewers"), reviewers },
             { QStringLiteral("assignments"), assignments },
             { QStringLiteral("status"), statuses },
             { QStringLiteral("judgments"), judgments },
             { QStringLiteral("spans"), spans } };
}

qint64 importSessionJson(ReviewStore &store, const QJsonObject &snapshot, const QString &newName)
{
    if (snapshot.value(QStringLiteral("format")).toString() != QLatin1String("medtune-review-session")
        || snapshot.value(QStringLiteral("format_version")).toInt() != 1)
        throw Error(QStringLiteral("Not a review session snapshot (format medtune-review-session, version 1)"));
    const QJsonObject sj = snapshot.value(QStringLiteral("session")).toObject();
    const QString name = newName.isEmpty() ? sj.value(QStringLiteral("name")).toString() : newName;
    if (store.sessionByName(name))
        throw Error(QStringLiteral("A review session named '%1' already exists").arg(name),
                    QStringLiteral("import it under another name"));
    const Rubric rubric = Rubric::fromJson(snapshot.value(QStringLiteral("rubric")).toObject());
    const qint64 rubricId = store.ensureRubric(rubric);
    std::map<QString, qint64> systemIds, reviewerIds;
    for (const QJsonValue &v : snapshot.value(QStringLiteral("systems")).toArray()) {
        const QJsonObject o = v.toObject();
        systemIds[o.value(QStringLiteral("name")).toString()] = store.ensureSystem(
            o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("model_hash")).toString(),
            o.value(QStringLiteral("adapter_hash")).toString(), o.value(QStringLiteral("settings")).toObject());
    }
    for (const QJsonValue &v : snapshot.value(QStringLiteral("reviewers")).toArray())
        reviewerIds[v.toString()] = store.ensureReviewer(v.toString());

    return store.database().writeValue([&](QSqlDatabase &db) {
        const qint64 sessionId
            = insertId(db,
                       QStringLiteral("INSERT INTO review_sessions (name, task, rubric_id, blind, seed, created_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?)"),
                       { name, sj.value(QStringLiteral("task")).toString(), rubricId,
                         sj.value(QStringLiteral("blind")).toBool() ? 1 : 0,
                         sj.value(QStringLiteral("seed")).toString().toLongLong(),
                         sj.value(QStringLiteral("created_at")).toString() });
        std::map<QString, qint64> itemIds;
        std::map<std::pair<QString, QString>, qint64> outputIds;
        int position = 0;
        for (const QJsonValue &v : snapshot.value(QStringLiteral("items")).toArray()) {
            const QJsonObject o = v.toObject();
            const QString ext = o.value(QStringLiteral("id")).toString();
            const qint64 itemId
                = insertId(db,
                           QStringLiteral("INSERT INTO review_items (session_id, external_id, source_text, reference,"
                                          " position, metadata_json) VALUES (?, ?, ?, ?, ?, ?)"),
                           { sessionId, ext, o.value(QStringLiteral("source")).toString(),
                             o.value(QStringLiteral("reference")).toString(), position++,
                             compact(o.value(QStringLiteral("metadata")).toObject()) });
            itemIds[ext] = itemId;
            for (const QJsonValue &ov : o.value(QStringLiteral("outputs")).toArray()) {
                const QJsonObject out = ov.toObject();
                const QString system = out.value(QStringLiteral("system")).toString();
                if (!systemIds.count(system))
                    throw Error(QStringLiteral("Snapshot item %1 names the unknown system '%2'").arg(ext, system));
                outputIds[{ ext, system }] = insertId(
                    db,
                    QStringLiteral(
                        "INSERT INTO review_outputs (item_id, system_id, text, metrics_json, generation_json)"
                        " VALUES (?, ?, ?, ?, ?)"),
                    { itemId, systemIds[system], out.value(QStringLiteral("text")).toString(),
                      compact(out.value(QStringLiteral("metrics")).toObject()),
                      compact(out.value(QStringLiteral("generation")).toObject()) });
            }
        }
        auto itemId = [&itemIds](const QString &ext) {
            auto it = itemIds.find(ext);
            if (it == itemIds.end())
                throw Error(QStringLiteral("The snapshot refers to the unknown item '%1'").arg(ext));
            return it->second;
        };
        auto reviewerId = [&reviewerIds](const QString &n) {
            auto it = reviewerIds.find(n);
            if (it == reviewerIds.end())
                throw Error(QStringLiteral("The snapshot refers to the unknown reviewer '%1'").arg(n));
            return it->second;
        };
        auto outputId = [&outputIds](const QString &ext, const QString &system) {
            auto it = outputIds.find({ ext, system });
            if (it == outputIds.end())
                throw Error(QStringLiteral("The snapshot refers to no output of %1 for item '%2'").arg(system, ext));
            return it->second;
        };
        for (const QJsonValue &v : snapshot.value(QStringLiteral("assignments")).toArray()) {
            const QJsonObject o = v.toObject();
            QJsonArray order, swapped;
            for (const QJsonValue &e : o.value(QStringLiteral("order")).toArray())
                order.append(itemId(e.toString()));
            for (const QJsonValue &e : o.value(QStringLiteral("swapped")).toArray())
                swapped.append(itemId(e.toString()));
            insert(
                db,
                QStringLiteral(
                    "INSERT INTO review_assignments (session_id, reviewer_id, seed, order_json) VALUES (?, ?, ?, ?)"),
                { sessionId, reviewerId(o.value(QStringLiteral("reviewer")).toString()),
                  o.value(QStringLiteral("seed")).toString().toLongLong(),
                  compact({ { QStringLiteral("order"), order }, { QStringLiteral("swapped"), swapped } }) });
        }
        for (const QJsonValue &v : snapshot.value(QStringLiteral("status")).toArray()) {
            const QJsonObject o = v.toObject();
            const QJsonValue submitted = o.value(QStringLiteral("submitted_at"));
            insert(
                db,
                QStringLiteral("INSERT INTO review_item_status (reviewer_id, item_id, submitted_at, skipped, flagged)"
                               " VALUES (?, ?, ?, ?, ?)"),
                { reviewerId(o.value(QStringLiteral("reviewer")).toString()),
                  itemId(o.value(QStringLiteral("item")).toString()),
                  submitted.isString() ? QVariant(submitted.toString()) : QVariant(QMetaType(QMetaType::QString)),
                  o.value(QStringLiteral("skipped")).toBool() ? 1 : 0,
                  o.value(QStringLiteral("flagged")).toBool() ? 1 : 0 });
        }
        for (const QJsonValue &v : snapshot.value(QStringLiteral("judgments")).toArray()) {
            const QJsonObject o = v.toObject();
            const QString ext = o.value(QStringLiteral("item")).toString();
            const QJsonValue system = o.value(QStringLiteral("system"));
            const QVariant output = system.isString() ? QVariant(outputId(ext, system.toString()))
                                                      : QVariant(QMetaType(QMetaType::LongLong));
            insert(db,
                   QStringLiteral(
                       "INSERT INTO review_judgments (item_id, output_id, reviewer_id, criterion, value, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)"),
                   { itemId(ext), output, reviewerId(o.value(QStringLiteral("reviewer")).toString()),
                     o.value(QStringLiteral("criterion")).toString(), o.value(QStringLiteral("value")).toString(),
                     o.value(QStringLiteral("updated_at")).toString() });
        }
        for (const QJsonValue &v : snapshot.value(QStringLiteral("spans")).toArray()) {
            const QJsonObject o = v.toObject();
            insert(
                db,
                QStringLiteral(
                    "INSERT INTO review_spans (output_id, reviewer_id, start_offset, end_offset, span_type, severity)"
                    " VALUES (?, ?, ?, ?, ?, ?)"),
                { outputId(o.value(QStringLiteral("item")).toString(), o.value(QStringLiteral("system")).toString()),
                  reviewerId(o.value(QStringLiteral("reviewer")).toString()), o.value(QStringLiteral("start")).toInt(),
                  o.value(QStringLiteral("end")).toInt(), o.value(QStringLiteral("type")).toString(),
                  o.value(QStringLiteral("severity")).toString() });
        }
        return sessionId;
    });
}

void writeFileAtomically(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()),
                    QStringLiteral("check that the folder exists and is writable"));
    if (file.write(data) != data.size() || !file.commit())
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()),
                    QStringLiteral("check the free disk space"));
}

} // namespace medtune
