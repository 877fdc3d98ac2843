#include "workspace/schema.h"

#include "review/review_schema.h"

namespace medtune {

namespace {

// Runs recorded before version 6 hold absolute paths (<root>/runs/run-<id>...). The root is
// what precedes "/runs/run-<id>" in output_dir; paths under it become relative, so that a
// copied or moved workspace resumes into itself. Paths outside (a model folder elsewhere)
// stay absolute.
QStringList relativeRunPaths()
{
    const QString suffix = QStringLiteral("('/runs/run-' || runs.id)");
    const QString legacy
        = QStringLiteral("runs.output_dir LIKE '/%' AND substr(runs.output_dir, -length(%1)) = %1").arg(suffix);
    const QString root = QStringLiteral("substr(runs.output_dir, 1, length(runs.output_dir) - length(%1))").arg(suffix);
    auto jsonPath = [&](const QString &column, const QString &key) {
        const QString value = QStringLiteral("json_extract(%1, '$.%2')").arg(column, key);
        return QStringLiteral("UPDATE runs SET %1 = json_set(%1, '$.%2', substr(%3, length(%4) + 2)) WHERE %5 AND "
                              "json_valid(%1) AND json_type(%1, '$.%2') = 'text' AND substr(%3, 1, length(%4) + 1) = "
                              "%4 || '/'")
            .arg(column, key, value, root, legacy);
    };
    return {
        jsonPath(QStringLiteral("results_json"), QStringLiteral("final_checkpoint")),
        jsonPath(QStringLiteral("results_json"), QStringLiteral("best_adapter")),
        jsonPath(QStringLiteral("config_json"), QStringLiteral("model_dir")),
        QStringLiteral("UPDATE run_checkpoints SET path = substr(path, length(r.root) + 2) FROM (SELECT runs.id AS id, "
                       "%1 AS root FROM runs WHERE %2) AS r WHERE run_checkpoints.run_id = r.id AND "
                       "substr(run_checkpoints.path, 1, length(r.root) + 1) = r.root || '/'")
            .arg(root, legacy),
        QStringLiteral("UPDATE runs SET output_dir = 'runs/run-' || runs.id WHERE %1").arg(legacy),
    };
}

} // namespace

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
        { 6, QStringLiteral("run folders and checkpoints stored relative to the workspace"), relativeRunPaths() },
    };
    return migrations;
}

} // namespace medtune
