#include "data/dataset_importer.h"

#include "data/dataset_statistics.h"
#include "data/format_detector.h"
#include "data/pubmedqa_reader.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>

namespace medtune {
namespace {

struct SourceFile
{
    QString path;
    DataFormat format;
    QString hash;
};

void execPrepared(QSqlQuery &q)
{
    if (!q.exec())
        throw Error(QStringLiteral("Cannot record the import: %1").arg(q.lastError().text()));
}

} // namespace

QString fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot open %1: %2").arg(path, f.errorString()),
                    QStringLiteral("check the path and the file's permissions"));
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (!h.addData(&f))
        throw Error(QStringLiteral("Cannot read %1").arg(path));
    return QString::fromLatin1(h.result().toHex());
}

ImportResult importDataset(Workspace &workspace, const QStringList &paths, const ImportOptions &options)
{
    if (paths.isEmpty())
        throw UsageError(QStringLiteral("No files to import"));
    options.split.validate();
    DatasetStore store(workspace);

    // Formats and content hashes; the dataset's identity is the sorted file hashes plus the
    // options that change what gets imported.
    QList<SourceFile> files;
    for (const QString &p : paths) {
        if (!QFileInfo(p).isFile())
            throw Error(QStringLiteral("%1 is not a file").arg(p), QStringLiteral("check the path"));
        DataFormat f = options.format;
        if (f == DataFormat::Auto)
            f = detectFormat(p);
        files << SourceFile { p, f, fileSha256(p) };
    }
    std::sort(files.begin(), files.end(), [](const SourceFile &a, const SourceFile &b) { return a.hash < b.hash; });
    QCryptographicHash identity(QCryptographicHash::Sha256);
    for (const SourceFile &f : files)
        identity.addData((f.hash + u':' + formatName(f.format) + u';').toUtf8());
    QJsonObject optionJson { { QStringLiteral("split"), options.split.toJson() } };
    QJsonObject mapping;
    for (auto it = options.reader.mapping.begin(); it != options.reader.mapping.end(); ++it)
        mapping.insert(it.key(), it.value());
    optionJson.insert(QStringLiteral("mapping"), mapping);
    optionJson.insert(QStringLiteral("task"), options.reader.task ? taskName(*options.reader.task) : QString());
    optionJson.insert(QStringLiteral("cop_base"), options.reader.medmcqaCopBase);
    optionJson.insert(QStringLiteral("source"), options.reader.sourceName);
    identity.addData(QJsonDocument(optionJson).toJson(QJsonDocument::Compact));
    const QString contentHash = QString::fromLatin1(identity.result().toHex());

    ImportResult result;
    if (const auto existing = store.byContentHash(contentHash)) {
        result.dataset = *existing;
        result.alreadyImported = true;
        return result;
    }

    // Split files first: they decide which records are the official test split.
    std::stable_sort(files.begin(), files.end(), [](const SourceFile &a, const SourceFile &b) {
        return (a.format == DataFormat::PubMedQaSplit) > (b.format == DataFormat::PubMedQaSplit);
    });
    QHash<QString, QString> officialTest;
    qint64 totalBytes = 0, doneBytes = 0;
    for (const SourceFile &f : files)
        totalBytes += QFileInfo(f.path).size();

    const QString relDir = QStringLiteral("ds-") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    const QString dir = QDir(store.datasetsRoot()).filePath(relDir);
    // Whatever goes wrong before the dataset row is committed leaves no folder behind.
    struct FolderGuard
    {
        QString dir;
        bool keep = false;
        ~FolderGuard()
        {
            if (!keep)
                QDir(dir).removeRecursively();
        }
    } guard { dir };
    DatasetWriter writer(dir);
    DatasetStatistics stats;
    QHash<quint64, QString> seen; // input hash -> first record id
    QStringList formats;
    QStringList reportHashes; // parallel to result.reports

    for (const SourceFile &f : files) {
        ReadReport report;
        if (!formats.contains(formatName(f.format)))
            formats << formatName(f.format);
        if (f.format == DataFormat::PubMedQaSplit) {
            report.file = f.path;
            report.format = formatName(f.format);
            const auto decisions = readPubMedQaSplitFile(f.path, report);
            for (auto it = decisions.begin(); it != decisions.end(); ++it)
                officialTest.insert(it.key(), it.value());
            report.file = options.recordedPaths.value(f.path, f.path);
            result.reports << report;
            reportHashes << f.hash;
            doneBytes += QFileInfo(f.path).size();
            continue;
        }
        const QString fileSplit = splitFromFileName(f.path);
        qint64 sinceProgress = 0;
        readDataFile(
            f.path, f.format, options.reader,
            [&](Example &&e) {
                const quint64 h = e.inputHash();
                const auto dup = seen.constFind(h);
                if (dup != seen.constEnd()) {
                    --report.imported;
                    ++result.duplicatesDropped;
                    report.skip(0, e.id, skip::duplicate(), QStringLiteral("same text as record %1").arg(*dup));
                    return;
                }
                seen.insert(h, e.id);
                if (e.split.isEmpty()) {
                    if (!officialTest.isEmpty())
                        e.split
                            = officialTest.contains(e.id) ? split::test() : deterministicSplit(h, options.split, true);
                    else if (!fileSplit.isEmpty())
                        e.split = fileSplit;
                    else
                        e.split = deterministicSplit(h, options.split, false);
                }
                stats.add(e);
                writer.append(e, h);
                if (options.progress && ++sinceProgress >= 200) {
                    sinceProgress = 0;
                    if (!options.progress(doneBytes + report.position, totalBytes))
                        throw Error(QStringLiteral("The import was cancelled")); // the guard removes the folder
                }
            },
            report);
        if (!officialTest.isEmpty() && f.format == DataFormat::PubMedQaOfficial)
            report.notes << QStringLiteral("records listed in the official split file are the test split");
        else if (!fileSplit.isEmpty())
            report.notes << QStringLiteral("split '%1' taken from the file name").arg(fileSplit);
        report.file = options.recordedPaths.value(f.path, f.path);
        result.reports << report;
        reportHashes << f.hash;
        doneBytes += QFileInfo(f.path).size();
    }
    if (options.progress)
        options.progress(totalBytes, totalBytes);
    if (writer.count() == 0) {
        QStringList why;
        for (const ReadReport &r : result.reports)
            for (const ReadIssue &i : r.issues.mid(0, 3))
                why << i.toString();
        throw Error(QStringLiteral("Nothing could be imported from %1").arg(paths.join(QStringLiteral(", "))),
                    why.isEmpty() ? QStringLiteral("the files hold no records") : why.join(QStringLiteral("; ")));
    }
    writer.commit();

    WriteTransaction transaction(workspace.database());
    QSqlDatabase &db = transaction.db();
    {
        QSqlQuery q(db);
        const QString name
            = store.uniqueName(options.name.isEmpty() ? QFileInfo(files.back().path).completeBaseName() : options.name);
        q.prepare(QStringLiteral("INSERT INTO datasets (name, formats, content_hash, example_count, stats_json,"
                                 " split_json, storage_dir) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(name);
        q.addBindValue(formats.join(u','));
        q.addBindValue(contentHash);
        q.addBindValue(writer.count());
        q.addBindValue(QString::fromUtf8(QJsonDocument(stats.toJson()).toJson(QJsonDocument::Compact)));
        q.addBindValue(QString::fromUtf8(QJsonDocument(options.split.toJson()).toJson(QJsonDocument::Compact)));
        q.addBindValue(QStringLiteral("datasets/") + relDir);
        execPrepared(q);
        const qint64 id = q.lastInsertId().toLongLong();
        for (qsizetype i = 0; i < result.reports.size(); ++i) {
            const ReadReport &r = result.reports[i];
            const QJsonObject j = r.toJson();
            QJsonArray issues;
            for (const QJsonValue &v : j.value(QStringLiteral("issues")).toArray())
                if (issues.size() < 200)
                    issues.append(v);
            QSqlQuery ins(db);
            ins.prepare(QStringLiteral("INSERT INTO dataset_imports (dataset_id, source_path, format, content_hash,"
                                       " records_read, imported, skipped_json, issues_json, notes_json)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            ins.addBindValue(id);
            ins.addBindValue(r.file);
            ins.addBindValue(r.format);
            ins.addBindValue(reportHashes.value(i));
            ins.addBindValue(r.read);
            ins.addBindValue(r.imported);
            ins.addBindValue(QString::fromUtf8(
                QJsonDocument(j.value(QStringLiteral("skipped")).toObject()).toJson(QJsonDocument::Compact)));
            ins.addBindValue(QString::fromUtf8(QJsonDocument(issues).toJson(QJsonDocument::Compact)));
            ins.addBindValue(
                QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(r.notes)).toJson(QJsonDocument::Compact)));
            execPrepared(ins);
        }
        transaction.commit();
        result.dataset = *store.byId(id);
        guard.keep = true;
    }
    return result;
}

QList<SampleSet> bundledSamples()
{
    const QString r = QStringLiteral(":/samples/");
    return {
        { QStringLiteral("Sample PubMedQA (official files)"),
          { r + QStringLiteral("pubmedqa/ori_pqal_sample.json"),
            r + QStringLiteral("pubmedqa/test_ground_truth_sample.json") } },
        { QStringLiteral("Sample PubMedQA (Hugging Face)"),
          { r + QStringLiteral("pubmedqa/pubmedqa_hf_sample.jsonl") } },
        { QStringLiteral("Sample MedMCQA"),
          { r + QStringLiteral("medmcqa/medmcqa_train_sample.jsonl"),
            r + QStringLiteral("medmcqa/medmcqa_test_sample.jsonl") } },
        { QStringLiteral("Sample MEDIQA QA"), { r + QStringLiteral("mediqa/mediqa_qa_sample.xml") } },
        { QStringLiteral("Sample MEDIQA-AnS"), { r + QStringLiteral("mediqa/mediqa_ans_sample.json") } },
        { QStringLiteral("Sample PubMed summarization"),
          { r + QStringLiteral("summarization/pubmed_summarization_sample.jsonl") } },
        { QStringLiteral("Sample Scientific Papers (original)"),
          { r + QStringLiteral("summarization/scientific_papers_sample.jsonl") } },
        { QStringLiteral("Sample Scientific Papers (Hugging Face)"),
          { r + QStringLiteral("summarization/scientific_papers_hf_sample.jsonl") } },
        { QStringLiteral("Sample discharge summaries (CSV)"),
          { r + QStringLiteral("custom/discharge_notes_sample.csv") } },
    };
}

QList<ImportResult> importBundledSamples(Workspace &workspace)
{
    // Resources are not files the readers can stream by path on every platform: copy each
    // sample to a temporary folder first (they are small).
    QTemporaryDir tmp;
    if (!tmp.isValid())
        throw Error(QStringLiteral("Cannot create a temporary folder for the samples"));
    QList<ImportResult> results;
    for (const SampleSet &set : bundledSamples()) {
        QStringList local;
        for (const QString &res : set.files) {
            const QString target = tmp.filePath(QFileInfo(res).fileName());
            QFile::remove(target);
            if (!QFile::copy(res, target))
                throw Error(QStringLiteral("The bundled sample %1 is missing").arg(res),
                            QStringLiteral("the program was built without its samples"));
            local << target;
        }
        ImportOptions options;
        for (qsizetype i = 0; i < local.size(); ++i)
            options.recordedPaths.insert(local[i], set.files[i]);
        options.name = set.name;
        if (set.files.first().endsWith(QStringLiteral(".csv")))
            options.reader.mapping = { { QStringLiteral("id"), QStringLiteral("note_id") },
                                       { QStringLiteral("document"), QStringLiteral("discharge_note") },
                                       { QStringLiteral("summary"), QStringLiteral("summary") } };
        results << importDataset(workspace, local, options);
    }
    return results;
}

} // namespace medtune
