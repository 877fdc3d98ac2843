#include "review/review_store.h"

#include "util/error.h"
#include "workspace/workspace.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <random>

namespace medtune {
namespace {

/// A null QString would be bound as SQL NULL; texts are never NULL in these tables.
QVariant bindable(const QVariant &v)
{
    if (!v.isNull() && v.typeId() == QMetaType::QString && v.toString().isNull())
        return QVariant(QStringLiteral(""));
    return v;
}

QSqlQuery prepared(QSqlDatabase db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        throw Error(QStringLiteral("Cannot prepare a review query: %1 [%2]").arg(q.lastError().text(), sql.left(160)));
    for (const QVariant &v : values)
        q.addBindValue(bindable(v));
    if (!q.exec())
        throw Error(QStringLiteral("Review database query failed: %1 [%2]").arg(q.lastError().text(), sql.left(160)),
                    QStringLiteral("another program may hold the workspace locked; try again"));
    return q;
}

QString toJsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QVariant nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

// Writes inside the caller's transaction, shared by the single and the batch calls.
qint64 writeReviewer(QSqlDatabase db, const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        throw UsageError(QStringLiteral("A reviewer needs a name or initials"));
    prepared(db, QStringLiteral("INSERT INTO review_reviewers (name) VALUES (?) ON CONFLICT (name) DO NOTHING"),
             { trimmed });
    QSqlQuery q = prepared(db, QStringLiteral("SELECT id FROM review_reviewers WHERE name = ?"), { trimmed });
    q.next();
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    return id;
}

void writeJudgment(QSqlDatabase db, qint64 itemId, qint64 outputId, qint64 reviewerId, const QString &criterion,
                   const QString &value)
{
    const QVariant output = outputId > 0 ? QVariant(outputId) : QVariant(QMetaType(QMetaType::LongLong));
    prepared(
        db,
        QStringLiteral("DELETE FROM review_judgments WHERE reviewer_id = ? AND item_id = ? AND IFNULL(output_id, 0) "
                       "= ? AND criterion = ?"),
        { reviewerId, itemId, outputId, criterion });
    if (!value.isEmpty())
        prepared(db,
                 QStringLiteral("INSERT INTO review_judgments (item_id, output_id, reviewer_id, criterion, value) "
                                "VALUES (?, ?, ?, ?, ?)"),
                 { itemId, output, reviewerId, criterion, value });
}

void writeStatus(QSqlDatabase db, qint64 itemId, qint64 reviewerId, const QString &column, const QVariant &value)
{
    prepared(db,
             QStringLiteral("INSERT INTO review_item_status (reviewer_id, item_id) VALUES (?, ?)"
                            " ON CONFLICT (reviewer_id, item_id) DO NOTHING"),
             { reviewerId, itemId });
    prepared(db,
             QStringLiteral("UPDATE review_item_status SET %1 = ? WHERE reviewer_id = ? AND item_id = ?").arg(column),
             { value, reviewerId, itemId });
}

QJsonObject fromJsonText(const QString &s)
{
    return QJsonDocument::fromJson(s.toUtf8()).object();
}

ReviewSession readSession(const QSqlQuery &q)
{
    ReviewSession s;
    s.id = q.value(0).toLongLong();
    s.name = q.value(1).toString();
    s.task = q.value(2).toString();
    s.rubricId = q.value(3).toLongLong();
    s.blind = q.value(4).toBool();
    s.seed = q.value(5).toLongLong();
    s.createdAt = q.value(6).toString();
    return s;
}

const QString kSessionColumns = QStringLiteral("id, name, task, rubric_id, blind, seed, created_at");

/// splitmix64: a reviewer's seed from the session's seed and the reviewer.
quint64 mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

bool Assignment::isSwapped(qint64 itemId) const
{
    return std::find(swappedItems.begin(), swappedItems.end(), itemId) != swappedItems.end();
}

ReviewStore::ReviewStore(Workspace &workspace)
    : m_ws(workspace)
{
}

qint64 ReviewStore::ensureRubric(const Rubric &rubric)
{
    const QString definition = toJsonText(rubric.toJson());
    WriteTransaction t(m_ws.database());
    QSqlQuery q = prepared(
        t.db(), QStringLiteral("SELECT id, definition_json FROM review_rubrics WHERE name = ? AND version = ?"),
        { rubric.name, rubric.version });
    if (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (fromJsonText(q.value(1).toString()) != rubric.toJson())
            throw Error(QStringLiteral("Rubric %1 version %2 is already stored with a different definition")
                            .arg(rubric.name)
                            .arg(rubric.version),
                        QStringLiteral("give the changed rubric a new version number"));
        q.finish();
        t.commit();
        return id;
    }
    q.finish();
    QSqlQuery ins = prepared(
        t.db(), QStringLiteral("INSERT INTO review_rubrics (name, version, definition_json) VALUES (?, ?, ?)"),
        { rubric.name, rubric.version, definition });
    const qint64 id = ins.lastInsertId().toLongLong();
    t.commit();
    return id;
}

Rubric ReviewStore::rubric(qint64 rubricId) const
{
    QSqlQuery q = prepared(m_ws.database(), QStringLiteral("SELECT definition_json FROM review_rubrics WHERE id = ?"),
                           { rubricId });
    if (!q.next())
        throw Error(QStringLiteral("No rubric with id %1 in the workspace").arg(rubricId));
    return Rubric::fromJson(fromJsonText(q.value(0).toString()));
}

qint64 ReviewStore::createSession(const QString &name, const QString &task, const Rubric &rubric, bool blind,
                                  qint64 seed)
{
    if (name.trimmed().isEmpty())
        throw UsageError(QStringLiteral("A review session needs a name"));
    bool isNumber = false;
    name.trimmed().toLongLong(&isNumber);
    if (isNumber)
        throw UsageError(QStringLiteral("A review session's name cannot be a number ('%1')").arg(name),
                         QStringLiteral("numbers name sessions by id; give the new session a name with letters"));
    if (sessionByName(name))
        throw Error(QStringLiteral("A review session named '%1' already exists").arg(name),
                    QStringLiteral("choose another name or add to the existing session"));
    const qint64 rubricId = ensureRubric(rubric);
    WriteTransaction t(m_ws.database());
    QSqlQuery q = prepared(
        t.db(),
        QStringLiteral("INSERT INTO review_sessions (name, task, rubric_id, blind, seed) VALUES (?, ?, ?, ?, ?)"),
        { name, task, rubricId, blind ? 1 : 0, seed });
    const qint64 id = q.lastInsertId().toLongLong();
    t.commit();
    return id;
}

std::vector<ReviewSession> ReviewStore::sessions() const
{
    std::vector<ReviewSession> out;
    QSqlQuery q
        = prepared(m_ws.database(), QStringLiteral("SELECT %1 FROM review_sessions ORDER BY id").arg(kSessionColumns));
    while (q.next())
        out.push_back(readSession(q));
    return out;
}

std::optional<ReviewSession> ReviewStore::session(qint64 id) const
{
    QSqlQuery q = prepared(m_ws.database(),
                           QStringLiteral("SELECT %1 FROM review_sessions WHERE id = ?").arg(kSessionColumns), { id });
    if (!q.next())
        return std::nullopt;
    return readSession(q);
}

std::optional<ReviewSession> ReviewStore::sessionByName(const QString &name) const
{
    QSqlQuery q
        = prepared(m_ws.database(),
                   QStringLiteral("SELECT %1 FROM review_sessions WHERE name = ?").arg(kSessionColumns), { name });
    if (!q.next())
        return std::nullopt;
    return readSession(q);
}

std::optional<ReviewSession> ReviewStore::latestSession() const
{
    QSqlQuery q = prepared(m_ws.database(),
                           QStringLiteral("SELECT %1 FROM review_sessions ORDER BY created_at DESC, id DESC LIMIT 1")
                               .arg(kSessionColumns));
    if (!q.next())
        return std::nullopt;
    return readSession(q);
}

std::optional<ReviewSession> ReviewStore::findSession(const QString &spec) const
{
    if (auto s = sessionByName(spec))
        return s;
    bool isNumber = false;
    const qint64 id = spec.trimmed().toLongLong(&isNumber);
    if (isNumber)
        return session(id);
    return std::nullopt;
}

ReviewSession ReviewStore::resolveSession(const QString &spec) const
{
    if (spec.isEmpty()) {
        if (auto s = latestSession())
            return *s;
        throw Error(QStringLiteral("The workspace %1 has no review sessions").arg(m_ws.root()),
                    QStringLiteral("import outputs first: medtune-cli review import-outputs FILE"));
    }
    if (auto s = findSession(spec))
        return *s;
    QStringList names;
    for (const ReviewSession &s : sessions())
        names << s.name;
    throw Error(QStringLiteral("No review session '%1' in the workspace").arg(spec),
                names.isEmpty() ? QStringLiteral("the workspace has no sessions yet")
                                : QStringLiteral("sessions: %1").arg(names.join(QStringLiteral(", "))));
}

qint64 ReviewStore::ensureSystem(const QString &name, const QString &modelHash, const QString &adapterHash,
                                 const QJsonObject &settings)
{
    if (name.trimmed().isEmpty())
        throw UsageError(QStringLiteral("A system needs a name"));
    WriteTransaction t(m_ws.database());
    QSqlQuery q = prepared(t.db(), QStringLiteral("SELECT id FROM review_systems WHERE name = ?"), { name });
    qint64 id = 0;
    if (q.next()) {
        id = q.value(0).toLongLong();
        q.finish();
        // Fill in provenance that a later import knows and an earlier one did not.
        if (!modelHash.isEmpty())
            prepared(t.db(), QStringLiteral("UPDATE review_systems SET model_hash = ? WHERE id = ?"),
                     { modelHash, id });
        if (!adapterHash.isEmpty())
            prepared(t.db(), QStringLiteral("UPDATE review_systems SET adapter_hash = ? WHERE id = ?"),
                     { adapterHash, id });
        if (!settings.isEmpty())
            prepared(t.db(), QStringLiteral("UPDATE review_systems SET settings_json = ? WHERE id = ?"),
                     { toJsonText(settings), id });
    } else {
        q.finish();
        QSqlQuery ins = prepared(
            t.db(),
            QStringLiteral(
                "INSERT INTO review_systems (name, model_hash, adapter_hash, settings_json) VALUES (?, ?, ?, ?)"),
            { name, modelHash, adapterHash, toJsonText(settings) });
        id = ins.lastInsertId().toLongLong();
    }
    t.commit();
    return id;
}

std::vector<ReviewSystem> ReviewStore::systems(qint64 sessionId) const
{
    std::vector<ReviewSystem> out;
    QSqlQuery q
        = prepared(m_ws.database(),
                   QStringLiteral("SELECT DISTINCT s.id, s.name, s.model_hash, s.adapter_hash, s.settings_json"
                                  " FROM review_systems s JOIN review_outputs o ON o.system_id = s.id"
                                  " JOIN review_items i ON i.id = o.item_id WHERE i.session_id = ? ORDER BY s.id"),
                   { sessionId });
    while (q.next())
        out.push_back({ q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                        fromJsonText(q.value(4).toString()) });
    return out;
}

qint64 ReviewStore::ensureItem(qint64 sessionId, const QString &externalId, const QString &source,
                               const QString &reference, const QJsonObject &metadata)
{
    WriteTransaction t(m_ws.database());
    QSqlQuery q
        = prepared(t.db(), QStringLiteral("SELECT id FROM review_items WHERE session_id = ? AND external_id = ?"),
                   { sessionId, externalId });
    if (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        q.finish();
        t.commit();
        return id;
    }
    q.finish();
    QSqlQuery pos
        = prepared(t.db(), QStringLiteral("SELECT IFNULL(MAX(position) + 1, 0) FROM review_items WHERE session_id = ?"),
                   { sessionId });
    pos.next();
    const int position = pos.value(0).toInt();
    pos.finish();
    QSqlQuery ins = prepared(
        t.db(),
        QStringLiteral(
            "INSERT INTO review_items (session_id, external_id, source_text, reference, position, metadata_json)"
            " VALUES (?, ?, ?, ?, ?, ?)"),
        { sessionId, externalId, source, reference, position, toJsonText(metadata) });
    const qint64 id = ins.lastInsertId().toLongLong();
    t.commit();
    return id;
}

qint64 ReviewStore::setOutput(qint64 itemId, qint64 systemId, const QString &text, const QJsonObject &metrics,
                              const QJsonObject &generation)
{
    WriteTransaction t(m_ws.database());
    prepared(t.db(),
             QStringLiteral("INSERT INTO review_outputs (item_id, system_id, text, metrics_json, generation_json) "
                            "VALUES (?, ?, ?, ?, ?)"
                            " ON CONFLICT (item_id, system_id) DO UPDATE SET text = excluded.text,"
                            " metrics_json = excluded.metrics_json, generation_json = excluded.generation_json"),
             { itemId, systemId, text, toJsonText(metrics), toJsonText(generation) });
    QSqlQuery q = prepared(t.db(), QStringLiteral("SELECT id FROM review_outputs WHERE item_id = ? AND system_id = ?"),
                           { itemId, systemId });
    q.next();
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    t.commit();
    return id;
}

namespace {

/// Items (with their outputs) of a session, or the one item when itemId is given.
std::vector<ReviewItem> readItems(QSqlDatabase db, qint64 sessionId, qint64 itemId)
{
    std::vector<ReviewItem> out;
    std::map<qint64, size_t> index;
    const QString itemWhere = itemId ? QStringLiteral("id = ?") : QStringLiteral("session_id = ?");
    const qint64 key = itemId ? itemId : sessionId;
    {
        QSqlQuery q = prepared(
            db,
            QStringLiteral("SELECT id, session_id, external_id, source_text, reference, position, metadata_json"
                           " FROM review_items WHERE %1 ORDER BY position, id")
                .arg(itemWhere),
            { key });
        while (q.next()) {
            ReviewItem it;
            it.id = q.value(0).toLongLong();
            it.sessionId = q.value(1).toLongLong();
            it.externalId = q.value(2).toString();
            it.source = q.value(3).toString();
            it.reference = q.value(4).toString();
            it.position = q.value(5).toInt();
            it.metadata = fromJsonText(q.value(6).toString());
            index[it.id] = out.size();
            out.push_back(std::move(it));
        }
    }
    const QString outputWhere = itemId ? QStringLiteral("o.item_id = ?") : QStringLiteral("i.session_id = ?");
    QSqlQuery q = prepared(
        db,
        QStringLiteral("SELECT o.id, o.item_id, o.system_id, s.name, o.text, o.metrics_json, o.generation_json"
                       " FROM review_outputs o JOIN review_systems s ON s.id = o.system_id"
                       " JOIN review_items i ON i.id = o.item_id WHERE %1"
                       " ORDER BY o.item_id, o.system_id, o.id")
            .arg(outputWhere),
        { key });
    while (q.next()) {
        ReviewOutput o;
        o.id = q.value(0).toLongLong();
        o.itemId = q.value(1).toLongLong();
        o.systemId = q.value(2).toLongLong();
        o.systemName = q.value(3).toString();
        o.text = q.value(4).toString();
        o.metrics = fromJsonText(q.value(5).toString());
        o.generation = fromJsonText(q.value(6).toString());
        out[index.at(o.itemId)].outputs.push_back(std::move(o));
    }
    return out;
}

} // namespace

std::vector<ReviewItem> ReviewStore::items(qint64 sessionId) const
{
    return readItems(m_ws.database(), sessionId, 0);
}

ReviewItem ReviewStore::item(qint64 itemId) const
{
    std::vector<ReviewItem> one = readItems(m_ws.database(), 0, itemId);
    if (one.empty())
        throw Error(QStringLiteral("No review item with id %1").arg(itemId));
    return std::move(one.front());
}

qint64 ReviewStore::ensureReviewer(const QString &name)
{
    WriteTransaction t(m_ws.database());
    const qint64 id = writeReviewer(t.db(), name);
    t.commit();
    return id;
}

std::vector<Reviewer> ReviewStore::reviewers() const
{
    std::vector<Reviewer> out;
    QSqlQuery q = prepared(m_ws.database(), QStringLiteral("SELECT id, name FROM review_reviewers ORDER BY id"));
    while (q.next())
        out.push_back({ q.value(0).toLongLong(), q.value(1).toString() });
    return out;
}

std::vector<Reviewer> ReviewStore::sessionReviewers(qint64 sessionId) const
{
    std::vector<Reviewer> out;
    QSqlQuery q = prepared(
        m_ws.database(),
        QStringLiteral("SELECT id, name FROM review_reviewers WHERE id IN ("
                       " SELECT reviewer_id FROM review_assignments WHERE session_id = ?"
                       " UNION SELECT j.reviewer_id FROM review_judgments j JOIN review_items i ON i.id = j.item_id"
                       " WHERE i.session_id = ?) ORDER BY id"),
        { sessionId, sessionId });
    while (q.next())
        out.push_back({ q.value(0).toLongLong(), q.value(1).toString() });
    return out;
}

Assignment ReviewStore::assignment(qint64 sessionId, qint64 reviewerId)
{
    const auto s = session(sessionId);
    if (!s)
        throw Error(QStringLiteral("No review session with id %1").arg(sessionId));
    const std::vector<ReviewItem> all = items(sessionId);
    WriteTransaction t(m_ws.database());
    Assignment a;
    bool stored = false;
    {
        QSqlQuery q = prepared(
            t.db(),
            QStringLiteral("SELECT seed, order_json FROM review_assignments WHERE session_id = ? AND reviewer_id = ?"),
            { sessionId, reviewerId });
        if (q.next()) {
            stored = true;
            a.seed = q.value(0).toLongLong();
            const QJsonObject o = fromJsonText(q.value(1).toString());
            for (const QJsonValue &v : o.value(QStringLiteral("order")).toArray())
                a.itemOrder.push_back(v.toInteger());
            for (const QJsonValue &v : o.value(QStringLiteral("swapped")).toArray())
                a.swappedItems.push_back(v.toInteger());
        }
    }
    if (!stored)
        a.seed = qint64(mix(quint64(s->seed) ^ mix(quint64(reviewerId))) & 0x7fffffffffffffffULL);
    // Items not yet in the order (all of them the first time, later additions after).
    std::vector<qint64> fresh;
    for (const ReviewItem &it : all)
        if (std::find(a.itemOrder.begin(), a.itemOrder.end(), it.id) == a.itemOrder.end())
            fresh.push_back(it.id);
    if (!fresh.empty() || !stored) {
        std::mt19937_64 rng(quint64(a.seed) ^ quint64(a.itemOrder.size()));
        if (s->blind) {
            // Fisher-Yates with raw generator output, the same on every platform.
            for (size_t i = fresh.size(); i > 1; --i)
                std::swap(fresh[i - 1], fresh[size_t(rng() % i)]);
        }
        for (qint64 id : fresh) {
            const bool swap = s->blind && (rng() & 1U);
            if (swap)
                a.swappedItems.push_back(id);
            a.itemOrder.push_back(id);
        }
        QJsonArray order, swapped;
        for (qint64 id : a.itemOrder)
            order.append(id);
        for (qint64 id : a.swappedItems)
            swapped.append(id);
        const QString json = toJsonText({ { QStringLiteral("order"), order }, { QStringLiteral("swapped"), swapped } });
        prepared(t.db(),
                 QStringLiteral(
                     "INSERT INTO review_assignments (session_id, reviewer_id, seed, order_json) VALUES (?, ?, ?, ?)"
                     " ON CONFLICT (session_id, reviewer_id) DO UPDATE SET order_json = excluded.order_json"),
                 { sessionId, reviewerId, a.seed, json });
    }
    t.commit();
    return a;
}

void ReviewStore::setJudgment(qint64 itemId, qint64 outputId, qint64 reviewerId, const QString &criterion,
                              const QString &value)
{
    WriteTransaction t(m_ws.database());
    writeJudgment(t.db(), itemId, outputId, reviewerId, criterion, value);
    t.commit();
}

void ReviewStore::saveJudgments(const std::vector<JudgmentWrite> &writes)
{
    WriteTransaction t(m_ws.database());
    QHash<QString, qint64> reviewerIds;
    for (const JudgmentWrite &w : writes) {
        auto it = reviewerIds.find(w.reviewer);
        if (it == reviewerIds.end())
            it = reviewerIds.insert(w.reviewer, writeReviewer(t.db(), w.reviewer));
        writeJudgment(t.db(), w.itemId, w.outputId, *it, w.criterion, w.value);
        if (w.submit)
            writeStatus(t.db(), w.itemId, *it, QStringLiteral("submitted_at"), nowIso());
    }
    t.commit();
}

namespace {

std::vector<Judgment> readJudgments(QSqlQuery &q)
{
    std::vector<Judgment> out;
    while (q.next())
        out.push_back({ q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                        q.value(3).toString(), q.value(4).toString(), q.value(5).toString() });
    return out;
}

std::vector<Span> readSpans(QSqlQuery &q)
{
    std::vector<Span> out;
    while (q.next())
        out.push_back({ q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toInt(),
                        q.value(4).toInt(), q.value(5).toString(), q.value(6).toString() });
    return out;
}

} // namespace

std::vector<Judgment> ReviewStore::judgments(qint64 sessionId) const
{
    QSqlQuery q = prepared(
        m_ws.database(),
        QStringLiteral("SELECT j.item_id, IFNULL(j.output_id, 0), j.reviewer_id, j.criterion, j.value, j.updated_at"
                       " FROM review_judgments j JOIN review_items i ON i.id = j.item_id WHERE i.session_id = ?"
                       " ORDER BY i.position, j.item_id, j.reviewer_id, IFNULL(j.output_id, 0), j.criterion"),
        { sessionId });
    return readJudgments(q);
}

std::vector<Judgment> ReviewStore::judgments(qint64 itemId, qint64 reviewerId) const
{
    QSqlQuery q
        = prepared(m_ws.database(),
                   QStringLiteral("SELECT item_id, IFNULL(output_id, 0), reviewer_id, criterion, value, updated_at"
                                  " FROM review_judgments WHERE item_id = ? AND reviewer_id = ?"
                                  " ORDER BY IFNULL(output_id, 0), criterion"),
                   { itemId, reviewerId });
    return readJudgments(q);
}

qint64 ReviewStore::addSpan(const Span &span)
{
    QSqlDatabase db = m_ws.database();
    {
        QSqlQuery q
            = prepared(db, QStringLiteral("SELECT length(text) FROM review_outputs WHERE id = ?"), { span.outputId });
        if (!q.next())
            throw Error(QStringLiteral("No output with id %1 for the span").arg(span.outputId));
    }
    const ReviewItem it = [&] {
        QSqlQuery q
            = prepared(db, QStringLiteral("SELECT item_id FROM review_outputs WHERE id = ?"), { span.outputId });
        q.next();
        return item(q.value(0).toLongLong());
    }();
    for (const ReviewOutput &o : it.outputs) {
        if (o.id != span.outputId)
            continue;
        if (span.start < 0 || span.end <= span.start || span.end > o.text.size())
            throw Error(QStringLiteral("Span %1-%2 lies outside output %3 (%4 characters)")
                            .arg(span.start)
                            .arg(span.end)
                            .arg(o.id)
                            .arg(o.text.size()));
    }
    const ReviewSession s = *session(it.sessionId);
    const Rubric r = rubric(s.rubricId);
    if (!r.hasSpanType(span.type) || !r.hasSpanSeverity(span.severity))
        throw Error(QStringLiteral("Span type '%1' or severity '%2' is not in rubric %3 version %4")
                        .arg(span.type, span.severity, r.name)
                        .arg(r.version));
    WriteTransaction t(db);
    QSqlQuery q = prepared(
        t.db(),
        QStringLiteral(
            "INSERT INTO review_spans (output_id, reviewer_id, start_offset, end_offset, span_type, severity)"
            " VALUES (?, ?, ?, ?, ?, ?)"),
        { span.outputId, span.reviewerId, span.start, span.end, span.type, span.severity });
    const qint64 id = q.lastInsertId().toLongLong();
    t.commit();
    return id;
}

void ReviewStore::removeSpan(qint64 spanId)
{
    WriteTransaction t(m_ws.database());
    prepared(t.db(), QStringLiteral("DELETE FROM review_spans WHERE id = ?"), { spanId });
    t.commit();
}

std::vector<Span> ReviewStore::spans(qint64 sessionId) const
{
    QSqlQuery q = prepared(
        m_ws.database(),
        QStringLiteral(
            "SELECT sp.id, sp.output_id, sp.reviewer_id, sp.start_offset, sp.end_offset, sp.span_type, sp.severity"
            " FROM review_spans sp JOIN review_outputs o ON o.id = sp.output_id"
            " JOIN review_items i ON i.id = o.item_id WHERE i.session_id = ?"
            " ORDER BY i.position, sp.output_id, sp.reviewer_id, sp.start_offset, sp.id"),
        { sessionId });
    return readSpans(q);
}

std::vector<Span> ReviewStore::outputSpans(qint64 outputId, qint64 reviewerId) const
{
    QSqlQuery q = prepared(
        m_ws.database(),
        QStringLiteral("SELECT id, output_id, reviewer_id, start_offset, end_offset, span_type, severity"
                       " FROM review_spans WHERE output_id = ? AND reviewer_id = ? ORDER BY start_offset, id"),
        { outputId, reviewerId });
    return readSpans(q);
}

void ReviewStore::setStatusFlag(qint64 itemId, qint64 reviewerId, const QString &column, const QVariant &value)
{
    WriteTransaction t(m_ws.database());
    writeStatus(t.db(), itemId, reviewerId, column, value);
    t.commit();
}

void ReviewStore::setSubmitted(qint64 itemId, qint64 reviewerId, bool submitted)
{
    setStatusFlag(itemId, reviewerId, QStringLiteral("submitted_at"),
                  submitted ? nowIso() : QVariant(QMetaType(QMetaType::QString)));
}

void ReviewStore::setSkipped(qint64 itemId, qint64 reviewerId, bool skipped)
{
    setStatusFlag(itemId, reviewerId, QStringLiteral("skipped"), skipped ? 1 : 0);
}

void ReviewStore::setFlagged(qint64 itemId, qint64 reviewerId, bool flagged)
{
    setStatusFlag(itemId, reviewerId, QStringLiteral("flagged"), flagged ? 1 : 0);
}

ItemStatus ReviewStore::status(qint64 itemId, qint64 reviewerId) const
{
    QSqlQuery q = prepared(m_ws.database(),
                           QStringLiteral("SELECT submitted_at IS NOT NULL, skipped, flagged FROM review_item_status"
                                          " WHERE item_id = ? AND reviewer_id = ?"),
                           { itemId, reviewerId });
    if (!q.next())
        return {};
    return { q.value(0).toBool(), q.value(1).toBool(), q.value(2).toBool() };
}

ReviewProgress ReviewStore::progress(qint64 sessionId, qint64 reviewerId) const
{
    ReviewProgress p;
    QSqlQuery q
        = prepared(m_ws.database(),
                   QStringLiteral("SELECT COUNT(*), SUM(st.submitted_at IS NOT NULL), SUM(IFNULL(st.skipped, 0)),"
                                  " SUM(IFNULL(st.flagged, 0)) FROM review_items i LEFT JOIN review_item_status st"
                                  " ON st.item_id = i.id AND st.reviewer_id = ? WHERE i.session_id = ?"),
                   { reviewerId, sessionId });
    if (q.next()) {
        p.total = q.value(0).toInt();
        p.submitted = q.value(1).toInt();
        p.skipped = q.value(2).toInt();
        p.flagged = q.value(3).toInt();
    }
    return p;
}

} // namespace medtune
