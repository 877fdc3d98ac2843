#include "review/review_schema.h"

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
