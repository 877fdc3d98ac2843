#include "review/output_import.h"

#include "review/delimited_table.h"
#include "review/output_metrics.h"
#include "review/review_store.h"
#include "util/error.h"
#include "util/regular_file.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>

namespace medtune {
namespace {

/// Column names tried, in order, for each field when the mapping does not name one.
const std::map<QString, QStringList> &defaultColumns()
{
    static const std::map<QString, QStringList> columns = {
        { QStringLiteral("id"),
          { QStringLiteral("id"), QStringLiteral("item_id"), QStringLiteral("pubid"), QStringLiteral("example_id") } },
        { QStringLiteral("source"),
          { QStringLiteral("source"), QStringLiteral("source_text"), QStringLiteral("input"),
            QStringLiteral("question"), QStringLiteral("document"), QStringLiteral("prompt") } },
        { QStringLiteral("reference"),
          { QStringLiteral("reference"), QStringLiteral("target"), QStringLiteral("answer"), QStringLiteral("gold"),
            QStringLiteral("long_answer"), QStringLiteral("summary") } },
        { QStringLiteral("output"),
          { QStringLiteral("output"), QStringLiteral("prediction"), QStringLiteral("generated"),
            QStringLiteral("response"), QStringLiteral("completion") } },
        { QStringLiteral("system"),
          { QStringLiteral("system"), QStringLiteral("system_name"), QStringLiteral("model") } },
        { QStringLiteral("dataset"), { QStringLiteral("dataset") } },
        { QStringLiteral("split"), { QStringLiteral("split") } },
        { QStringLiteral("model_hash"), { QStringLiteral("model_hash") } },
        { QStringLiteral("adapter_hash"), { QStringLiteral("adapter_hash") } },
        { QStringLiteral("generation"), { QStringLiteral("generation"), QStringLiteral("generation_settings") } },
    };
    return columns;
}

/// One record as field name -> value (JSON values; CSV gives strings).
using Record = QJsonObject;

QString resolveColumn(const QString &field, const QMap<QString, QString> &mapping, const QStringList &available)
{
    if (mapping.contains(field))
        return mapping.value(field);
    for (const QString &candidate : defaultColumns().at(field))
        if (available.contains(candidate))
            return candidate;
    return {};
}

QString textValue(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray() || v.isObject())
        return QString::fromUtf8(QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact));
    return {};
}

} // namespace

QStringList outputImportFields()
{
    QStringList fields;
    for (const auto &[field, columns] : defaultColumns())
        fields << field;
    return fields;
}

OutputImportResult importOutputs(ReviewStore &store, const OutputImportOptions &options)
{
    if (!reviewTasks().contains(options.task))
        throw UsageError(QStringLiteral("Unknown task '%1'").arg(options.task),
                         QStringLiteral("tasks: %1").arg(reviewTasks().join(QStringLiteral(", "))));
    requireRegularFile(options.path, QStringLiteral("the outputs file"));
    QFile file(options.path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot read %1: %2").arg(options.path, file.errorString()),
                    QStringLiteral("check the path"));
    const QString text = QString::fromUtf8(file.readAll());
    const QString fileName = QFileInfo(options.path).fileName();

    // Records with their starting lines, and the columns they offer.
    std::vector<std::pair<int, Record>> records;
    QStringList available;
    OutputImportResult result;
    if (options.path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
        const std::vector<CsvRecord> rows = parseCsv(text, fileName);
        if (rows.empty())
            throw Error(QStringLiteral("%1 is empty").arg(fileName), QStringLiteral("a CSV file needs a header row"));
        available = rows.front().fields;
        for (size_t r = 1; r < rows.size(); ++r) {
            if (!rows[r].malformed.isEmpty()) {
                ++result.records;
                ++result.skipped;
                result.problems << QStringLiteral("%1, line %2: malformed record: %3")
                                       .arg(fileName)
                                       .arg(rows[r].line)
                                       .arg(rows[r].malformed);
                continue;
            }
            if (rows[r].fields.size() != available.size()) {
                ++result.records;
                ++result.skipped;
                result.problems << QStringLiteral("%1, line %2: %3 fields, the header has %4")
                                       .arg(fileName)
                                       .arg(rows[r].line)
                                       .arg(rows[r].fields.size())
                                       .arg(available.size());
                continue;
            }
            Record rec;
            for (qsizetype c = 0; c < available.size(); ++c)
                rec.insert(available[c], rows[r].fields[c]);
            records.emplace_back(rows[r].line, rec);
        }
    } else {
        const QStringList lines = text.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString line = lines[i].trimmed();
            if (line.isEmpty())
                continue;
            QJsonParseError err;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &err);
            if (err.error != QJsonParseError::NoError || !doc.isObject()) {
                ++result.records;
                ++result.skipped;
                result.problems << QStringLiteral("%1, line %2: not a JSON object (%3)")
                                       .arg(fileName)
                                       .arg(i + 1)
                                       .arg(err.error != QJsonParseError::NoError
                                                ? err.errorString()
                                                : QStringLiteral("another JSON value"));
                continue;
            }
            const QJsonObject o = doc.object();
            for (auto it = o.begin(); it != o.end(); ++it)
                if (!available.contains(it.key()))
                    available << it.key();
            records.emplace_back(int(i + 1), o);
        }
    }

    QMap<QString, QString> columns;
    for (const QString &field : outputImportFields())
        columns.insert(field, resolveColumn(field, options.mapping, available));
    for (auto it = options.mapping.begin(); it != options.mapping.end(); ++it)
        if (!available.contains(it.value()) && !records.empty())
            throw Error(QStringLiteral("%1 has no column '%2' (mapped to %3)").arg(fileName, it.value(), it.key()),
                        QStringLiteral("columns: %1").arg(available.join(QStringLiteral(", "))));
    for (const char *required : { "id", "source", "output" })
        if (columns.value(QString::fromLatin1(required)).isEmpty() && !records.empty())
            throw Error(QStringLiteral("%1: no column for the field '%2'").arg(fileName, QString::fromLatin1(required)),
                        QStringLiteral("name it with --map %1=COLUMN (columns: %2)")
                            .arg(QString::fromLatin1(required), available.join(QStringLiteral(", "))));
    if (options.system.isEmpty() && columns.value(QStringLiteral("system")).isEmpty() && !records.empty())
        throw UsageError(QStringLiteral("%1 names no system").arg(fileName),
                         QStringLiteral("pass --system NAME or --map system=COLUMN"));

    auto field = [&columns](const Record &rec, const QString &name) {
        const QString column = columns.value(name);
        return column.isEmpty() ? QString() : textValue(rec.value(column));
    };
    // Every record is checked before anything is written: an empty or all-invalid file
    // creates no session, and an id repeated for the same system is reported with both lines.
    struct Valid
    {
        int line;
        QString id, source, reference, output, system;
        const Record *rec;
    };
    std::vector<Valid> valid;
    std::map<std::pair<QString, QString>, int> firstLine; // (id, system) -> line
    std::map<QString, std::pair<int, QString>> firstSource; // id -> (line, source text)
    auto problem = [&](const QString &p) {
        ++result.skipped;
        if (result.problems.size() < 50)
            result.problems << p;
    };
    for (const auto &[line, rec] : records) {
        ++result.records;
        Valid v { line,
                  field(rec, QStringLiteral("id")).trimmed(),
                  field(rec, QStringLiteral("source")),
                  field(rec, QStringLiteral("reference")),
                  field(rec, QStringLiteral("output")),
                  options.system.isEmpty() ? field(rec, QStringLiteral("system")).trimmed() : options.system,
                  &rec };
        QString missing;
        if (v.id.isEmpty())
            missing = QStringLiteral("id");
        else if (v.source.trimmed().isEmpty())
            missing = QStringLiteral("source");
        else if (v.output.isEmpty())
            missing = QStringLiteral("output");
        else if (v.system.isEmpty())
            missing = QStringLiteral("system");
        if (!missing.isEmpty()) {
            problem(QStringLiteral("%1, line %2: no %3").arg(fileName).arg(line).arg(missing));
            continue;
        }
        const auto [it, fresh] = firstLine.emplace(std::make_pair(v.id, v.system), line);
        if (!fresh) {
            problem(QStringLiteral("%1, line %2: id '%3' (system %4) repeats line %5; skipped")
                        .arg(fileName)
                        .arg(line)
                        .arg(v.id, v.system)
                        .arg(it->second));
            continue;
        }
        const auto [src, freshId] = firstSource.emplace(v.id, std::make_pair(line, v.source));
        if (!freshId && src->second.second != v.source) {
            firstLine.erase(std::make_pair(v.id, v.system));
            problem(QStringLiteral("%1, line %2: id '%3' has another source text than on line %4; skipped")
                        .arg(fileName)
                        .arg(line)
                        .arg(v.id)
                        .arg(src->second.first));
            continue;
        }
        valid.push_back(std::move(v));
    }
    if (valid.empty())
        throw Error(
            records.empty() && result.problems.isEmpty()
                ? QStringLiteral("%1 holds no records").arg(fileName)
                : QStringLiteral("No record of %1 could be imported (%2 read)").arg(fileName).arg(result.records),
            result.problems.isEmpty() ? QStringLiteral("the file is empty; nothing was imported")
                                      : result.problems.mid(0, 5).join(QStringLiteral("; ")));

    // The session: extended when it exists.
    const QString sessionName
        = options.session.isEmpty() ? QFileInfo(options.path).completeBaseName() : options.session;
    std::optional<ReviewSession> session = store.findSession(sessionName);
    if (!session) {
        const QString task = options.task;
        const qint64 id
            = store.createSession(sessionName, task, Rubric::clinicalDefault(), options.blind, options.seed);
        session = store.session(id);
        result.createdSession = true;
    }
    result.sessionId = session->id;
    result.sessionName = session->name;

    std::map<QString, qint64> systemIds;
    for (const Valid &v : valid) {
        const Record &rec = *v.rec;
        const QString &id = v.id, &source = v.source, &reference = v.reference, &output = v.output, &system = v.system;
        const QString task = session->task == QLatin1String("auto") ? detectTask(reference) : session->task;
        QJsonObject metadata { { QStringLiteral("task"), task } };
        for (const char *extra : { "dataset", "split" }) {
            const QString x = field(rec, QString::fromLatin1(extra));
            if (!x.isEmpty())
                metadata.insert(QString::fromLatin1(extra), x);
        }
        QJsonObject generation;
        const QString generationColumn = columns.value(QStringLiteral("generation"));
        if (!generationColumn.isEmpty()) {
            const QJsonValue g = rec.value(generationColumn);
            generation = g.isObject() ? g.toObject() : QJsonDocument::fromJson(g.toString().toUtf8()).object();
        }
        const QString modelHash = field(rec, QStringLiteral("model_hash"));
        const QString adapterHash = field(rec, QStringLiteral("adapter_hash"));
        if (!modelHash.isEmpty())
            generation.insert(QStringLiteral("model_hash"), modelHash);
        if (!adapterHash.isEmpty())
            generation.insert(QStringLiteral("adapter_hash"), adapterHash);
        if (!systemIds.count(system))
            systemIds[system] = store.ensureSystem(system, modelHash, adapterHash);
        const qint64 itemId = store.ensureItem(session->id, id, source, reference, metadata);
        store.setOutput(itemId, systemIds[system], output, outputMetrics(task, reference, output), generation);
        ++result.imported;
    }
    for (const auto &[name, id] : systemIds)
        result.systems << name;
    return result;
}

} // namespace medtune
