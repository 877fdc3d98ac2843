#include "review/review_schema.h"

#include "review/review_dialect.h"

namespace medtune {

QString reviewSchemaV1Description()
{
    return QStringLiteral("review sessions, outputs, reviewers, judgments and spans");
}

QStringList reviewSchemaV1Statements()
{
    return {
        QStringLiteral("CREATE TABLE review_systems ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE,"
                       " model_hash TEXT NOT NULL DEFAULT '',"
                       " adapter_hash TEXT NOT NULL DEFAULT '',"
                       " settings_json TEXT NOT NULL DEFAULT '{}',"
                       " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"),
        QStringLiteral("CREATE TABLE review_rubrics ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL,"
                       " version INTEGER NOT NULL,"
                       " definition_json TEXT NOT NULL,"
                       " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
                       " UNIQUE (name, version))"),
        QStringLiteral("CREATE TABLE review_sessions ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE,"
                       " task TEXT NOT NULL,"
                       " rubric_id INTEGER NOT NULL REFERENCES review_rubrics(id),"
                       " blind INTEGER NOT NULL DEFAULT 1,"
                       " seed INTEGER NOT NULL,"
                       " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"),
        QStringLiteral("CREATE TABLE review_items ("
                       " id INTEGER PRIMARY KEY,"
                       " session_id INTEGER NOT NULL REFERENCES review_sessions(id) ON DELETE CASCADE,"
                       " external_id TEXT NOT NULL,"
                       " source_text TEXT NOT NULL,"
                       " reference TEXT NOT NULL DEFAULT '',"
                       " position INTEGER NOT NULL,"
                       " UNIQUE (session_id, external_id))"),
        QStringLiteral("CREATE TABLE review_outputs ("
                       " id INTEGER PRIMARY KEY,"
                       " item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,"
                       " system_id INTEGER NOT NULL REFERENCES review_systems(id),"
                       " text TEXT NOT NULL,"
                       " metrics_json TEXT NOT NULL DEFAULT '{}',"
                       " generation_json TEXT NOT NULL DEFAULT '{}',"
                       " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
                       " UNIQUE (item_id, system_id))"),
        QStringLiteral("CREATE TABLE review_reviewers ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE,"
                       " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"),
        // The blind randomisation each reviewer got: item order and left/right swaps.
        QStringLiteral("CREATE TABLE review_assignments ("
                       " session_id INTEGER NOT NULL REFERENCES review_sessions(id) ON DELETE CASCADE,"
                       " reviewer_id INTEGER NOT NULL REFERENCES review_reviewers(id),"
                       " seed INTEGER NOT NULL,"
                       " order_json TEXT NOT NULL,"
                       " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
                       " PRIMARY KEY (session_id, reviewer_id))"),
        // One row per reviewer, item, output (0 for item-level criteria) and criterion.
        QStringLiteral("CREATE TABLE review_judgments ("
                       " id INTEGER PRIMARY KEY,"
                       " item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,"
                       " output_id INTEGER REFERENCES review_outputs(id) ON DELETE CASCADE,"
                       " reviewer_id INTEGER NOT NULL REFERENCES review_reviewers(id),"
                       " criterion TEXT NOT NULL,"
                       " value TEXT NOT NULL,"
                       " updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"),
        QStringLiteral("CREATE UNIQUE INDEX review_judgments_key ON review_judgments"
                       " (reviewer_id, item_id, IFNULL(output_id, 0), criterion)"),
        QStringLiteral("CREATE TABLE review_spans ("
                       " id INTEGER PRIMARY KEY,"
                       " output_id INTEGER NOT NULL REFERENCES review_outputs(id) ON DELETE CASCADE,"
                       " reviewer_id INTEGER NOT NULL REFERENCES review_reviewers(id),"
                       " start_offset INTEGER NOT NULL CHECK (start_offset >= 0),"
                       " end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),"
                       " span_type TEXT NOT NULL,"
                       " severity TEXT NOT NULL,"
                       " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"),
        // Per reviewer and item: submitted (identities revealed), skipped, flagged.
        QStringLiteral("CREATE TABLE review_item_status ("
                       " reviewer_id INTEGER NOT NULL REFERENCES review_reviewers(id),"
                       " item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,"
                       " submitted_at TEXT,"
                       " skipped INTEGER NOT NULL DEFAULT 0,"
                       " flagged INTEGER NOT NULL DEFAULT 0,"
                       " PRIMARY KEY (reviewer_id, item_id))"),
    };
}

QString reviewSchemaV2Description()
{
    return QStringLiteral("review item metadata and analysis indexes");
}

QStringList reviewSchemaV2Statements()
{
    return {
        // Dataset, split, stratum and any extra import columns of an item, as JSON.
        QStringLiteral("ALTER TABLE review_items ADD COLUMN metadata_json TEXT NOT NULL DEFAULT '{}'"),
        QStringLiteral("CREATE INDEX review_judgments_item ON review_judgments (item_id, criterion)"),
        QStringLiteral("CREATE INDEX review_spans_output ON review_spans (output_id)"),
        QStringLiteral("CREATE INDEX review_outputs_item ON review_outputs (item_id)"),
    };
}

} // namespace medtune

namespace medtune {
namespace {

/// Reviewers' rights on a server: a reviewer is the login role of the same name. The lead
/// is whoever owns the review tables (or is a member of that role) and sees everything.
QStringList serverSecurityStatements()
{
    const QString lead = QStringLiteral("(SELECT medtune_review_is_lead())");
    const QString me = QStringLiteral("(SELECT medtune_review_me())");
    const QString own = QStringLiteral("(%1 OR reviewer_id = %2)").arg(lead, me);
    return {
        // Outputs a reviewer may not yet attribute are shown in a random order.
        QStringLiteral("ALTER TABLE review_outputs ADD COLUMN blind_rank BIGINT NOT NULL"
                       " DEFAULT (floor(random() * 1e15))::bigint"),
        QStringLiteral("CREATE FUNCTION medtune_review_is_lead() RETURNS boolean LANGUAGE sql STABLE AS"
                       " $$ SELECT pg_has_role(current_user, c.relowner, 'MEMBER') FROM pg_class c"
                       " WHERE c.oid = 'review_judgments'::regclass $$"),
        QStringLiteral("CREATE FUNCTION medtune_review_me() RETURNS bigint LANGUAGE sql STABLE AS"
                       " $$ SELECT id FROM review_reviewers WHERE name = current_user $$"),
        QStringLiteral("CREATE FUNCTION medtune_review_submitted(p_item bigint) RETURNS boolean LANGUAGE sql STABLE AS"
                       " $$ SELECT EXISTS (SELECT 1 FROM review_item_status st WHERE st.item_id = p_item"
                       " AND st.reviewer_id = medtune_review_me() AND st.submitted_at IS NOT NULL) $$"),
        // Runs with the owner's rights on the tables: a reviewer reads system identities
        // only through it, and only for items that are not blind or that they submitted.
        QStringLiteral("CREATE VIEW review_outputs_seen AS SELECT o.id, o.item_id,"
                       " CASE WHEN v.hidden THEN NULL ELSE o.system_id END AS system_id, o.text, o.metrics_json,"
                       " CASE WHEN v.hidden THEN '{}' ELSE o.generation_json END AS generation_json,"
                       " CASE WHEN v.hidden THEN o.blind_rank ELSE o.system_id END AS display_rank"
                       " FROM review_outputs o JOIN review_items i ON i.id = o.item_id"
                       " JOIN review_sessions s ON s.id = i.session_id CROSS JOIN LATERAL (SELECT s.blind <> 0"
                       " AND NOT %1 AND NOT medtune_review_submitted(o.item_id) AS hidden) v")
            .arg(lead),
        // A preference (A/B) is stored relative to the system order. A reviewer who may not
        // know that order gives and reads it relative to the order the view above shows:
        // this trigger (the table owner's rights, so that it can read the systems) and the
        // next view translate, and reviewers cannot read stored values directly.
        QStringLiteral("CREATE FUNCTION medtune_review_preference_in() RETURNS trigger LANGUAGE plpgsql"
                       " SECURITY DEFINER SET search_path = public AS $$ BEGIN"
                       " IF NEW.criterion = 'preference' AND NEW.value IN ('A', 'B')"
                       " AND EXISTS (SELECT 1 FROM review_items i JOIN review_sessions s ON s.id = i.session_id"
                       " WHERE i.id = NEW.item_id AND s.blind <> 0)"
                       " AND NOT pg_has_role(session_user, (SELECT c.relowner FROM pg_class c"
                       " WHERE c.oid = 'review_judgments'::regclass), 'MEMBER')"
                       " AND NOT EXISTS (SELECT 1 FROM review_item_status st JOIN review_reviewers r"
                       " ON r.id = st.reviewer_id WHERE st.item_id = NEW.item_id AND r.name = session_user"
                       " AND st.submitted_at IS NOT NULL)"
                       " AND (SELECT (array_agg(o.system_id ORDER BY o.blind_rank, o.id))[1] <> MIN(o.system_id)"
                       " FROM review_outputs o WHERE o.item_id = NEW.item_id)"
                       " THEN NEW.value := CASE NEW.value WHEN 'A' THEN 'B' ELSE 'A' END; END IF;"
                       " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER preference_in_system_order BEFORE INSERT OR UPDATE ON review_judgments"
                       " FOR EACH ROW EXECUTE FUNCTION medtune_review_preference_in()"),
        QStringLiteral("CREATE VIEW review_judgments_seen AS SELECT j.id, j.item_id, j.output_id, j.reviewer_id,"
                       " j.criterion, CASE WHEN j.criterion = 'preference' AND j.value IN ('A', 'B')"
                       " AND s.blind <> 0 AND NOT %1 AND NOT medtune_review_submitted(j.item_id)"
                       " AND (SELECT (array_agg(o.system_id ORDER BY o.blind_rank, o.id))[1] <> MIN(o.system_id)"
                       " FROM review_outputs o WHERE o.item_id = j.item_id)"
                       " THEN CASE j.value WHEN 'A' THEN 'B' ELSE 'A' END ELSE j.value END AS value, j.updated_at"
                       " FROM review_judgments j JOIN review_items i ON i.id = j.item_id"
                       " JOIN review_sessions s ON s.id = i.session_id"
                       " WHERE %1 OR j.reviewer_id = %2 OR medtune_review_submitted(j.item_id)")
            .arg(lead, me),
        QStringLiteral("ALTER TABLE review_reviewers ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY read_all ON review_reviewers FOR SELECT USING (true)"),
        QStringLiteral(
            "CREATE POLICY register_self ON review_reviewers FOR INSERT WITH CHECK (%1 OR name = current_user)")
            .arg(lead),
        QStringLiteral("CREATE POLICY lead_rows ON review_reviewers FOR ALL USING (%1) WITH CHECK (%1)").arg(lead),
        QStringLiteral("ALTER TABLE review_judgments ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY own_rows ON review_judgments USING %1 WITH CHECK %1").arg(own),
        QStringLiteral("CREATE POLICY read_after_submit ON review_judgments FOR SELECT"
                       " USING (medtune_review_submitted(item_id))"),
        QStringLiteral("ALTER TABLE review_spans ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY own_rows ON review_spans USING %1 WITH CHECK %1").arg(own),
        QStringLiteral("CREATE POLICY read_after_submit ON review_spans FOR SELECT USING (medtune_review_submitted("
                       "(SELECT o.item_id FROM review_outputs o WHERE o.id = output_id)))"),
        QStringLiteral("ALTER TABLE review_item_status ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY own_rows ON review_item_status USING %1 WITH CHECK %1").arg(own),
        QStringLiteral("CREATE POLICY read_progress ON review_item_status FOR SELECT USING (true)"),
        QStringLiteral("ALTER TABLE review_assignments ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY own_rows ON review_assignments USING %1 WITH CHECK %1").arg(own),
    };
}

QStringList translated(const QStringList &sqlite)
{
    const ReviewDialect postgres(ReviewBackend::Postgres);
    QStringList out;
    for (const QString &s : sqlite)
        out << postgres.ddl(s);
    return out;
}

} // namespace

const std::vector<Migration> &reviewServerMigrations()
{
    static const std::vector<Migration> migrations = {
        { 1, reviewSchemaV1Description(), translated(reviewSchemaV1Statements()) },
        { 2, reviewSchemaV2Description(), translated(reviewSchemaV2Statements()) },
        { 3, QStringLiteral("reviewer roles, row-level security and blind output view"), serverSecurityStatements() },
    };
    return migrations;
}

QStringList reviewServerGrantStatements(const QString &group)
{
    return {
        QStringLiteral("GRANT SELECT ON review_schema_version, review_systems, review_rubrics, review_sessions,"
                       " review_items, review_reviewers, review_outputs_seen, review_judgments_seen TO %1")
            .arg(group),
        // Not system_id nor generation_json: which system wrote an output stays hidden.
        QStringLiteral("GRANT SELECT (id, item_id, text, metrics_json, created_at) ON review_outputs TO %1").arg(group),
        QStringLiteral("GRANT SELECT, INSERT, UPDATE, DELETE ON review_spans, review_item_status, review_assignments"
                       " TO %1")
            .arg(group),
        // Judgments are read through review_judgments_seen; the stored value is not readable.
        QStringLiteral("GRANT INSERT, UPDATE, DELETE ON review_judgments TO %1").arg(group),
        QStringLiteral("GRANT SELECT (id, item_id, output_id, reviewer_id, criterion, updated_at) ON review_judgments"
                       " TO %1")
            .arg(group),
        QStringLiteral("GRANT INSERT ON review_reviewers TO %1").arg(group),
        QStringLiteral("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %1").arg(group),
    };
}

} // namespace medtune
