#include "review/review_merge.h"

#include "review/review_database.h"
#include "review/review_export.h"
#include "review/review_store.h"
#include "util/error.h"

#include <QJsonArray>
#include <map>

namespace medtune {

QJsonObject SessionMergeResult::toJson() const
{
    QJsonArray list;
    for (const MergeConflict &c : conflicts)
        list.append(QJsonObject { { QStringLiteral("item"), c.item },
                                  { QStringLiteral("system"), c.system },
                                  { QStringLiteral("reviewer"), c.reviewer },
                                  { QStringLiteral("criterion"), c.criterion },
                                  { QStringLiteral("kept_value"), c.keptValue },
                                  { QStringLiteral("kept_time"), c.keptTime },
                                  { QStringLiteral("dropped_value"), c.droppedValue },
                                  { QStringLiteral("dropped_time"), c.droppedTime },
                                  { QStringLiteral("incoming_won"), c.incomingWon } });
    return { { QStringLiteral("session"), sessionName },
             { QStringLiteral("session_id"), sessionId },
             { QStringLiteral("created_session"), createdSession },
             { QStringLiteral("items_added"), itemsAdded },
             { QStringLiteral("outputs_added"), outputsAdded },
             { QStringLiteral("judgments_added"), judgmentsAdded },
             { QStringLiteral("judgments_replaced"), judgmentsReplaced },
             { QStringLiteral("judgments_unchanged"), judgmentsUnchanged },
             { QStringLiteral("spans_added"), spansAdded },
             { QStringLiteral("spans_unchanged"), spansUnchanged },
             { QStringLiteral("status_changed"), statusChanged },
             { QStringLiteral("skipped_not_yours"), skippedNotYours },
             { QStringLiteral("conflicts"), list } };
}

bool SessionMergeResult::changed() const
{
    return createdSession || itemsAdded || outputsAdded || judgmentsAdded || judgmentsReplaced || spansAdded
        || statusChanged;
}

namespace {

struct SnapshotOutput
{
    QString system;
    QString text;
};

} // namespace

SessionMergeResult mergeSessionJson(ReviewStore &store, const QJsonObject &snapshot)
{
    if (snapshot.value(QStringLiteral("format")).toString() != QLatin1String("medtune-review-session")
        || snapshot.value(QStringLiteral("format_version")).toInt() != 1)
        throw Error(QStringLiteral("Not a review session snapshot (format medtune-review-session, version 1)"));
    const QString name = snapshot.value(QStringLiteral("session")).toObject().value(QStringLiteral("name")).toString();
    ReviewDatabase &db = store.database();
    const bool lead = db.isLead();
    const QString me = db.isServer() ? db.userName() : QString();
    SessionMergeResult result;
    result.sessionName = name;

    const auto existing = store.sessionByName(name);
    if (!existing) {
        if (!lead)
            throw Error(QStringLiteral("The session '%1' is not on %2").arg(name, store.location()),
                        QStringLiteral("the session lead puts it there first (review push or import-session)"));
        result.sessionId = importSessionJson(store, snapshot);
        result.createdSession = true;
        result.itemsAdded = snapshot.value(QStringLiteral("items")).toArray().size();
        result.judgmentsAdded = snapshot.value(QStringLiteral("judgments")).toArray().size();
        result.spansAdded = snapshot.value(QStringLiteral("spans")).toArray().size();
        result.statusChanged = snapshot.value(QStringLiteral("status")).toArray().size();
        return result;
    }
    const ReviewSession session = *existing;
    result.sessionId = session.id;
    const Rubric theirs = Rubric::fromJson(snapshot.value(QStringLiteral("rubric")).toObject());
    const Rubric ours = store.rubric(session.rubricId);
    if (theirs.name != ours.name || theirs.version != ours.version)
        throw Error(QStringLiteral("The snapshot of '%1' uses rubric %2 version %3, the target rubric %4 version %5")
                        .arg(name, theirs.name)
                        .arg(theirs.version)
                        .arg(ours.name)
                        .arg(ours.version),
                    QStringLiteral("merge only snapshots of the same session"));

    // Items and outputs the target lacks: the lead adds them; they are never replaced.
    std::map<QString, std::vector<SnapshotOutput>> snapshotOutputs;
    std::map<QString, qint64> systemIds;
    for (const QJsonValue &v : snapshot.value(QStringLiteral("items")).toArray()) {
        const QJsonObject o = v.toObject();
        for (const QJsonValue &ov : o.value(QStringLiteral("outputs")).toArray())
            snapshotOutputs[o.value(QStringLiteral("id")).toString()].push_back(
                { ov.toObject().value(QStringLiteral("system")).toString(),
                  ov.toObject().value(QStringLiteral("text")).toString() });
    }
    if (lead) {
        for (const QJsonValue &v : snapshot.value(QStringLiteral("systems")).toArray()) {
            const QJsonObject o = v.toObject();
            systemIds[o.value(QStringLiteral("name")).toString()] = store.ensureSystem(
                o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("model_hash")).toString(),
                o.value(QStringLiteral("adapter_hash")).toString(), o.value(QStringLiteral("settings")).toObject());
        }
        std::map<QString, const ReviewItem *> have;
        const std::vector<ReviewItem> before = store.items(session.id);
        for (const ReviewItem &it : before)
            have[it.externalId] = &it;
        for (const QJsonValue &v : snapshot.value(QStringLiteral("items")).toArray()) {
            const QJsonObject o = v.toObject();
            const QString ext = o.value(QStringLiteral("id")).toString();
            const auto found = have.find(ext);
            const qint64 itemId = found != have.end()
                ? found->second->id
                : store.ensureItem(session.id, ext, o.value(QStringLiteral("source")).toString(),
                                   o.value(QStringLiteral("reference")).toString(),
                                   o.value(QStringLiteral("metadata")).toObject());
            result.itemsAdded += found == have.end();
            for (const QJsonValue &ov : o.value(QStringLiteral("outputs")).toArray()) {
                const QJsonObject out = ov.toObject();
                const QString system = out.value(QStringLiteral("system")).toString();
                bool present = false;
                if (found != have.end())
                    for (const ReviewOutput &x : found->second->outputs)
                        present = present || x.systemName == system;
                if (present || !systemIds.count(system))
                    continue;
                store.setOutput(itemId, systemIds[system], out.value(QStringLiteral("text")).toString(),
                                out.value(QStringLiteral("metrics")).toObject(),
                                out.value(QStringLiteral("generation")).toObject());
                ++result.outputsAdded;
            }
        }
    }

    // The target's items and outputs, found by external id and system, or by the output's
    // text where the server hides the system from a reviewer.
    std::map<QString, qint64> itemIds;
    std::map<std::pair<QString, QString>, qint64> outputBySystem, outputByText;
    std::map<QString, std::vector<QString>> targetTexts; // in the order the target shows them
    for (const ReviewItem &it : store.items(session.id)) {
        itemIds[it.externalId] = it.id;
        for (const ReviewOutput &o : it.outputs)
            targetTexts[it.externalId].push_back(o.text);
        for (const ReviewOutput &o : it.outputs) {
            if (!o.systemName.isEmpty())
                outputBySystem[{ it.externalId, o.systemName }] = o.id;
            outputByText[{ it.externalId, o.text }] = o.id;
        }
    }
    auto itemId = [&](const QString &ext) {
        const auto it = itemIds.find(ext);
        if (it == itemIds.end())
            throw Error(QStringLiteral("The session '%1' on %2 has no item '%3'").arg(name, store.location(), ext),
                        QStringLiteral("the session lead adds the items first"));
        return it->second;
    };
    auto outputId = [&](const QString &ext, const QString &system) -> qint64 {
        if (const auto it = outputBySystem.find({ ext, system }); it != outputBySystem.end())
            return it->second;
        for (const SnapshotOutput &o : snapshotOutputs[ext])
            if (o.system == system)
                if (const auto it = outputByText.find({ ext, o.text }); it != outputByText.end())
                    return it->second;
        throw Error(QStringLiteral("The session '%1' on %2 has no output of %3 for item '%4'")
                        .arg(name, store.location(), system, ext),
                    QStringLiteral("the session lead adds the outputs first"));
    };
    // An A/B preference names the first or second output in the order its store shows
    // them; the snapshot's and the target's order can differ (a server shows a reviewer a
    // blind item's outputs in a random order), so it follows the output's text.
    auto preferenceForTarget = [&](const QString &ext, const QString &value) {
        if (value != QLatin1String("A") && value != QLatin1String("B"))
            return value;
        const std::vector<SnapshotOutput> &from = snapshotOutputs[ext];
        const std::vector<QString> &to = targetTexts[ext];
        if (from.size() != 2 || to.size() != 2 || to[0] == to[1])
            return value;
        const QString &chosen = from[value == QLatin1String("A") ? 0 : 1].text;
        if (chosen == to[0])
            return QStringLiteral("A");
        if (chosen == to[1])
            return QStringLiteral("B");
        return value;
    };
    auto mayWrite = [&](const QString &reviewer) { return lead || reviewer == me; };
    std::map<QString, qint64> reviewerIds;
    for (const QJsonValue &v : snapshot.value(QStringLiteral("reviewers")).toArray())
        if (mayWrite(v.toString()))
            reviewerIds[v.toString()] = store.ensureReviewer(v.toString());

    const QJsonArray judgments = snapshot.value(QStringLiteral("judgments")).toArray();
    const QJsonArray spans = snapshot.value(QStringLiteral("spans")).toArray();
    const QJsonArray statuses = snapshot.value(QStringLiteral("status")).toArray();
    const SessionMergeResult counts = result;
    db.write([&](QSqlDatabase &sql) {
        result = counts; // the transaction may run again
        for (const QJsonValue &v : judgments) {
            const QJsonObject o = v.toObject();
            const QString reviewer = o.value(QStringLiteral("reviewer")).toString();
            if (!mayWrite(reviewer) || !reviewerIds.count(reviewer)) {
                ++result.skippedNotYours;
                continue;
            }
            const QString ext = o.value(QStringLiteral("item")).toString();
            const QJsonValue system = o.value(QStringLiteral("system"));
            const qint64 item = itemId(ext);
            const qint64 output = system.isString() ? outputId(ext, system.toString()) : 0;
            const QString criterion = o.value(QStringLiteral("criterion")).toString();
            const QString value = criterion == QLatin1String("preference")
                ? preferenceForTarget(ext, o.value(QStringLiteral("value")).toString())
                : o.value(QStringLiteral("value")).toString();
            const QString time = o.value(QStringLiteral("updated_at")).toString();
            const qint64 rid = reviewerIds[reviewer];
            QSqlQuery q
                = reviewQuery(sql,
                              QStringLiteral("SELECT value, updated_at FROM %1 WHERE reviewer_id = ?"
                                             " AND item_id = ? AND COALESCE(output_id, 0) = ? AND criterion = ?")
                                  .arg(db.dialect().judgmentsSource()),
                              { rid, item, output, criterion });
            if (!q.next()) {
                q.finish();
                reviewQuery(sql,
                            QStringLiteral("INSERT INTO review_judgments (item_id, output_id, reviewer_id, criterion,"
                                           " value, updated_at) VALUES (?, ?, ?, ?, ?, ?)"),
                            { item, output > 0 ? QVariant(output) : QVariant(QMetaType(QMetaType::LongLong)), rid,
                              criterion, value, time });
                ++result.judgmentsAdded;
                continue;
            }
            const QString oldValue = q.value(0).toString(), oldTime = q.value(1).toString();
            q.finish();
            if (oldValue == value) {
                ++result.judgmentsUnchanged;
                continue;
            }
            MergeConflict c { ext, system.toString(), reviewer, criterion, {}, {}, {}, {}, time > oldTime };
            if (c.incomingWon) {
                reviewQuery(sql,
                            QStringLiteral("UPDATE review_judgments SET value = ?, updated_at = ? WHERE reviewer_id = ?"
                                           " AND item_id = ? AND COALESCE(output_id, 0) = ? AND criterion = ?"),
                            { value, time, rid, item, output, criterion });
                ++result.judgmentsReplaced;
                c.keptValue = value, c.keptTime = time, c.droppedValue = oldValue, c.droppedTime = oldTime;
            } else {
                ++result.judgmentsUnchanged;
                c.keptValue = oldValue, c.keptTime = oldTime, c.droppedValue = value, c.droppedTime = time;
            }
            result.conflicts.push_back(c);
        }
        for (const QJsonValue &v : spans) {
            const QJsonObject o = v.toObject();
            const QString reviewer = o.value(QStringLiteral("reviewer")).toString();
            if (!mayWrite(reviewer) || !reviewerIds.count(reviewer)) {
                ++result.skippedNotYours;
                continue;
            }
            const QVariantList key
                = { outputId(o.value(QStringLiteral("item")).toString(), o.value(QStringLiteral("system")).toString()),
                    reviewerIds[reviewer],
                    o.value(QStringLiteral("start")).toInt(),
                    o.value(QStringLiteral("end")).toInt(),
                    o.value(QStringLiteral("type")).toString(),
                    o.value(QStringLiteral("severity")).toString() };
            QSqlQuery q
                = reviewQuery(sql,
                              QStringLiteral("SELECT 1 FROM review_spans WHERE output_id = ? AND reviewer_id = ?"
                                             " AND start_offset = ? AND end_offset = ? AND span_type = ?"
                                             " AND severity = ?"),
                              key);
            const bool present = q.next();
            q.finish();
            if (present) {
                ++result.spansUnchanged;
                continue;
            }
            reviewQuery(sql,
                        QStringLiteral("INSERT INTO review_spans (output_id, reviewer_id, start_offset, end_offset,"
                                       " span_type, severity) VALUES (?, ?, ?, ?, ?, ?)"),
                        key);
            ++result.spansAdded;
        }
        for (const QJsonValue &v : statuses) {
            const QJsonObject o = v.toObject();
            const QString reviewer = o.value(QStringLiteral("reviewer")).toString();
            if (!mayWrite(reviewer) || !reviewerIds.count(reviewer)) {
                ++result.skippedNotYours;
                continue;
            }
            const qint64 rid = reviewerIds[reviewer];
            const qint64 item = itemId(o.value(QStringLiteral("item")).toString());
            const QJsonValue submitted = o.value(QStringLiteral("submitted_at"));
            const int skipped = o.value(QStringLiteral("skipped")).toBool() ? 1 : 0;
            const int flagged = o.value(QStringLiteral("flagged")).toBool() ? 1 : 0;
            QSqlQuery q = reviewQuery(
                sql,
                QStringLiteral("SELECT submitted_at, skipped, flagged FROM review_item_status WHERE reviewer_id = ?"
                               " AND item_id = ?"),
                { rid, item });
            if (!q.next()) {
                q.finish();
                reviewQuery(
                    sql,
                    QStringLiteral("INSERT INTO review_item_status (reviewer_id, item_id, submitted_at, skipped,"
                                   " flagged) VALUES (?, ?, ?, ?, ?)"),
                    { rid, item,
                      submitted.isString() ? QVariant(submitted.toString()) : QVariant(QMetaType(QMetaType::QString)),
                      skipped, flagged });
                ++result.statusChanged;
                continue;
            }
            // Submitting, skipping and flagging accumulate: a merge never takes them back.
            const bool addSubmit = q.value(0).isNull() && submitted.isString();
            const bool addSkip = skipped && !q.value(1).toBool();
            const bool addFlag = flagged && !q.value(2).toBool();
            q.finish();
            if (!addSubmit && !addSkip && !addFlag)
                continue;
            reviewQuery(
                sql,
                QStringLiteral("UPDATE review_item_status SET submitted_at = COALESCE(submitted_at, ?),"
                               " skipped = CASE WHEN ? = 1 THEN 1 ELSE skipped END,"
                               " flagged = CASE WHEN ? = 1 THEN 1 ELSE flagged END"
                               " WHERE reviewer_id = ? AND item_id = ?"),
                { submitted.isString() ? QVariant(submitted.toString()) : QVariant(QMetaType(QMetaType::QString)),
                  skipped, flagged, rid, item });
            ++result.statusChanged;
        }
    });
    return result;
}

} // namespace medtune
