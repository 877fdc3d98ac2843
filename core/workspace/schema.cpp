#include "workspace/schema.h"

#include "review/review_schema.h"

namespace medtune {

const std::vector<Migration> &workspaceMigrations()
{
    static const std::vector<Migration> migrations = {
        { 1,
          QStringLiteral("workspace settings"),
          { QStringLiteral("CREATE TABLE settings ("
                           " key TEXT PRIMARY KEY NOT NULL,"
                           " value TEXT NOT NULL)") } },
        { 2,
          QStringLiteral("training runs, their metric series and checkpoints"),
          { QStringLiteral("CREATE TABLE runs ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " name TEXT NOT NULL,"
                           " status TEXT NOT NULL CHECK (status IN "
                           "('created','running','paused','stopped','completed','failed','interrupted')),"
                           " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
                           " started_at TEXT, finished_at TEXT, heartbeat_at TEXT,"
                           " pid INTEGER,"
                           " config_json TEXT NOT NULL,"
                           " results_json TEXT,"
                           " output_dir TEXT NOT NULL DEFAULT '',"
                           " error TEXT)"),
            QStringLiteral("CREATE TABLE run_metrics ("
                           " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                           " split TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " step INTEGER NOT NULL,"
                           " value REAL,"
                           " PRIMARY KEY (run_id, split, name, step))"),
            QStringLiteral("CREATE TABLE run_checkpoints ("
                           " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                           " step INTEGER NOT NULL,"
                           " path TEXT NOT NULL,"
                           " kind TEXT NOT NULL CHECK (kind IN ('periodic','best','final')),"
                           " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
                           " PRIMARY KEY (run_id, kind, step))") } },
        { 3,
          QStringLiteral("datasets, their import records and instruction templates"),
          { QStringLiteral("CREATE TABLE datasets ("
                           " id INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE,"
                           " formats TEXT NOT NULL,"
                           " content_hash TEXT NOT NULL UNIQUE,"
                           " example_count INTEGER NOT NULL,"
                           " stats_json TEXT NOT NULL,"
                           " split_json TEXT NOT NULL,"
                           " storage_dir TEXT NOT NULL,"
                           " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"),
            QStringLiteral("CREATE TABLE dataset_imports ("
                           " id INTEGER PRIMARY KEY,"
                           " dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
                           " source_path TEXT NOT NULL,"
                           " format TEXT NOT NULL,"
                           " content_hash TEXT NOT NULL,"
                           " records_read INTEGER NOT NULL,"
                           " imported INTEGER NOT NULL,"
                           " skipped_json TEXT NOT NULL,"
                           " issues_json TEXT NOT NULL,"
                           " notes_json TEXT NOT NULL,"
                           " imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"),
            QStringLiteral("CREATE INDEX dataset_imports_dataset ON dataset_imports(dataset_id)"),
            QStringLiteral("CREATE TABLE instruction_templates ("
                           " name TEXT PRIMARY KEY NOT NULL,"
                           " definition_json TEXT NOT NULL,"
                           " updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))") } },
        { 4, reviewSchemaV1Description(), reviewSchemaV1Statements() },
        { 5, reviewSchemaV2Description(), reviewSchemaV2Statements() },
    };
    return migrations;
}

} // namespace medtune
