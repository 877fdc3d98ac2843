#include "data/dataset_importer.h"

#include "data/dataset_file.h"
#include "data/dataset_statistics.h"
#include "data/format_detector.h"
#include "data/pubmedqa_reader.h"
#include "util/error.h"
#include "util/regular_file.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
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
    QString split; ///< from the user's override or the file name; empty when neither says
    QString splitReason;
};

// Official test files first, then validation, then the rest: a training record is then
// checked against every test and validation text before it is written.
int splitOrder(const SourceFile &f)
{
    if (f.format == DataFormat::PubMedQaSplit)
        return 0;
    if (f.split == split::test())
        return 1;
    if (f.split == split::validation())
        return 2;
    return 3;
}

bool heldOut(const QString &s)
{
    return s == split::test() || s == split::validation();
}

// What an import has seen of one text.
struct Seen
{
    QString id; ///< the first record with this text
    QString split;
    bool official = false; ///< its split came from the source, a file name or the user
    bool trainWritten = false; ///< a training record with this text is in the dataset
    int reportIndex = -1; ///< the file that holds the training record
};

void execPrepared(QSqlQuery &q)
{
    if (!q.exec())
        throw databaseError(QStringLiteral("record the import"), q.lastError());
}

// Rewrites a committed dataset folder without the training records whose text is in
// `texts` (a test or validation record came later with the same text); recomputes the
// statistics. Returns the new count.
qint64 removeTrainingCopies(const QString &dir, const QSet<quint64> &texts, DatasetStatistics &stats)
{
    const QString tmpDir = QDir(dir).filePath(QStringLiteral("rewrite"));
    DatasetStatistics fresh;
    qint64 count = 0;
    {
        auto src = DatasetFile::open(dir);
        DatasetWriter out(tmpDir);
        for (qint64 i = 0; i < src->size(); ++i) {
            const IndexEntry &entry = src->entry(i);
            if (entry.split == split::code(split::train()) && texts.contains(entry.inputHash))
                continue;
            const Example e = src->at(i);
            fresh.add(e);
            out.append(e, entry.inputHash);
        }
        out.commit();
        count = out.count();
    }
    for (const QString &name : { DatasetFile::dataFileName(), DatasetFile::indexFileName() }) {
        QFile::remove(QDir(dir).filePath(name));
        if (!QFile::rename(QDir(tmpDir).filePath(name), QDir(dir).filePath(name)))
            throw Error(QStringLiteral("Cannot write the dataset folder %1").arg(dir),
                        QStringLiteral("check free disk space"));
    }
    QDir(tmpDir).removeRecursively();
    stats = fresh;
    return count;
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
        requireRegularFile(p);
        DataFormat f = options.format;
        if (f == DataFormat::Auto)
            f = detectFormat(p);
        files << SourceFile { p, f, fileSha256(p), {}, {} };
    }
    for (auto it = options.splitOverrides.begin(); it != options.splitOverrides.end(); ++it) {
        if (!paths.contains(it.key()))
            throw UsageError(QStringLiteral("--split names %1, which is not one of the files imported").arg(it.key()));
        if (parseSplitName(it.value()).isEmpty())
            throw UsageError(QStringLiteral("Unknown split '%1' for %2").arg(it.value(), it.key()),
                             QStringLiteral("splits: train, validation, test"));
    }
    // Each file's split and why: the user's override, else the file name.
    for (SourceFile &f : files) {
        if (options.splitOverrides.contains(f.path)) {
            f.split = parseSplitName(options.splitOverrides.value(f.path));
            f.splitReason = QStringLiteral("split '%1' chosen for this file by the user").arg(f.split);
        } else if (f.format != DataFormat::PubMedQaSplit) {
            const FileNameSplit n = fileNameSplit(f.path);
            f.split = n.split;
            f.splitReason = n.reason;
        }
    }
    std::sort(files.begin(), files.end(), [](const SourceFile &a, const SourceFile &b) { return a.hash < b.hash; });
    QCryptographicHash identity(QCryptographicHash::Sha256);
    for (const SourceFile &f : files)
        identity.addData((f.hash + u':' + formatName(f.format) + u';').toUtf8());
    QJsonObject optionJson { { QStringLiteral("split"), options.split.toJson() } };
    if (!options.splitOverrides.isEmpty()) { // keyed by content, so that the identity does not depend on paths
        QJsonObject overrides;
        for (const SourceFile &f : files)
            if (options.splitOverrides.contains(f.path))
                overrides.insert(f.hash, f.split);
        optionJson.insert(QStringLiteral("split_overrides"), overrides);
    }
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
    // Folders of imports that were interrupted (killed, power loss) go first.
    for (const QString &orphan : store.removeOrphanFolders())
        qInfo("Removed the folder datasets/%s of an interrupted import", qPrintable(orphan));
    if (const auto existing = store.byContentHash(contentHash)) {
        result.dataset = *existing;
        result.alreadyImported = true;
        return result;
    }

    // Split files first: they decide which records are the official test split; then official
    // test and validation files, so that their texts are known before any training record.
    std::stable_sort(files.begin(), files.end(),
                     [](const SourceFile &a, const SourceFile &b) { return splitOrder(a) < splitOrder(b); });
    QHash<QString, QString> officialTest;
    qint64 totalBytes = 0, doneBytes = 0;
    bool officialTestFile = false, officialValidationFile = false;
    for (const SourceFile &f : files) {
        totalBytes += QFileInfo(f.path).size();
        officialTestFile = officialTestFile || f.split == split::test();
        officialValidationFile = officialValidationFile || f.split == split::validation();
    }

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
    {
        // Tells a later clean-up that this folder belongs to a running import.
        QFile marker(QDir(dir).filePath(DatasetStore::importMarkerName()));
        if (!marker.open(QIODevice::WriteOnly)
            || marker.write(QByteArray::number(QCoreApplication::applicationPid())) <= 0)
            throw Error(QStringLiteral("Cannot write the dataset folder %1").arg(dir),
                        QStringLiteral("check free disk space and permissions of the workspace"));
    }
    DatasetStatistics stats;
    QHash<quint64, Seen> seen; // input hash -> what was seen of that text
    QSet<quint64> lateLeaks; // training texts written before a test/validation record with the same text
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
        // Records without a split of their own and without one from the file go by seed,
        // never into a split that an official file provides.
        SplitPolicy policy = options.split;
        if (officialTestFile || !officialTest.isEmpty())
            policy.test = 0;
        if (officialValidationFile)
            policy.validation = 0;
        if (const double sum = policy.train + policy.validation + policy.test; sum > 0) {
            policy.train /= sum;
            policy.validation /= sum;
            policy.test /= sum;
        } else {
            policy.train = 1;
        }
        const int reportIndex = int(result.reports.size());
        qint64 sinceProgress = 0, ownSplit = 0, officialListed = 0, bySeed = 0;
        readDataFile(
            f.path, f.format, options.reader,
            [&](Example &&e) {
                const quint64 h = e.inputHash();
                bool official = true;
                if (!e.split.isEmpty()) {
                    ++ownSplit;
                } else if (!f.split.isEmpty() && options.splitOverrides.contains(f.path)) {
                    e.split = f.split;
                } else if (!officialTest.isEmpty() && officialTest.contains(e.id)) {
                    e.split = split::test();
                    ++officialListed;
                } else if (!f.split.isEmpty()) {
                    e.split = f.split;
                } else {
                    e.split = deterministicSplit(h, policy, false);
                    official = false;
                    ++bySeed;
                }
                auto dup = seen.find(h);
                if (dup != seen.end()) {
                    if (heldOut(e.split) && official && dup->official && dup->split == e.split) {
                        // An official test or validation split stays whole: report, keep.
                        ++result.duplicatesKept;
                        report.problem(0, QStringLiteral("duplicate kept"),
                                       QStringLiteral("record %1 has the same text as record %2 of the %3 split;"
                                                      " kept, the official %3 split stays whole")
                                           .arg(e.id, dup->id, e.split));
                    } else if (e.split == split::train() && official && dup->official && dup->split == e.split) {
                        ++result.duplicatesKept;
                        report.problem(0, QStringLiteral("duplicate kept"),
                                       QStringLiteral("record %1 has the same text as training record %2; kept,"
                                                      " as the file gives both to training")
                                           .arg(e.id, dup->id));
                    } else if (e.split == split::train() || !heldOut(e.split) || !official) {
                        // Training never holds a test or validation text; other repeats go.
                        --report.imported;
                        ++result.duplicatesDropped;
                        const bool leak = e.split == split::train() && heldOut(dup->split);
                        if (leak)
                            ++result.leaksRemoved;
                        report.skip(0, e.id, skip::duplicate(),
                                    leak ? QStringLiteral("same text as %1 record %2: removed from training")
                                               .arg(dup->split, dup->id)
                                         : QStringLiteral("same text as record %1").arg(dup->id));
                        return;
                    } else if (dup->trainWritten) {
                        // A held-out record whose text is already in training (the record named
                        // its own split): the training copy is removed below, this one is kept.
                        lateLeaks.insert(h);
                        ++result.duplicatesDropped;
                        ++result.leaksRemoved;
                        ReadReport &owner = dup->reportIndex == reportIndex ? report : result.reports[dup->reportIndex];
                        --owner.imported;
                        owner.skip(
                            0, dup->id, skip::duplicate(),
                            QStringLiteral("same text as %1 record %2: removed from training").arg(e.split, e.id));
                        dup->trainWritten = false;
                        dup->id = e.id;
                        dup->split = e.split;
                        dup->official = true;
                    } else {
                        // Held out in two splits (test and validation): both are official, keep both.
                        ++result.duplicatesKept;
                        report.problem(0, QStringLiteral("duplicate kept"),
                                       QStringLiteral("record %1 of the %2 split has the same text as record %3 of"
                                                      " the %4 split; both kept")
                                           .arg(e.id, e.split, dup->id, dup->split));
                    }
                } else {
                    seen.insert(h, Seen { e.id, e.split, official, e.split == split::train(), reportIndex });
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
        // Which split this file gave, and why.
        if (ownSplit > 0)
            report.notes << QStringLiteral("%1 records carry their own split").arg(ownSplit);
        if (officialListed > 0)
            report.notes << QStringLiteral("%1 records listed in the official split file are the test split")
                                .arg(officialListed);
        if (!f.split.isEmpty() && report.read - ownSplit - officialListed > 0)
            report.notes << f.splitReason;
        else if (f.split.isEmpty() && !f.splitReason.isEmpty())
            report.notes << f.splitReason;
        if (bySeed > 0)
            report.notes << QStringLiteral("%1 records split by seed %2 (train/validation/test %3/%4/%5 %)%6")
                                .arg(bySeed)
                                .arg(options.split.seed)
                                .arg(qRound(policy.train * 100))
                                .arg(qRound(policy.validation * 100))
                                .arg(qRound(policy.test * 100))
                                .arg(f.splitReason.isEmpty() ? QStringLiteral(": the file name names no split")
                                                             : QString());
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
    qint64 exampleCount = writer.count();
    if (!lateLeaks.isEmpty())
        exampleCount = removeTrainingCopies(dir, lateLeaks, stats);

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
        q.addBindValue(exampleCount);
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
        QFile::remove(QDir(dir).filePath(DatasetStore::importMarkerName()));
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
