// Importing into a workspace: storage with lazy record access, idempotent re-import by
// content hash, splits (official, by file name, deterministic), duplicates across
// datasets, mixtures, the bundled samples, and the real PubMedQA files when present.
#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "data/dedup.h"
#include "data/mixture.h"
#include "data/splits.h"
#include "test_support.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <thread>
#include <utime.h>

using namespace medtune;

namespace {

QString sample(const QString &rel)
{
    return QDir(QStringLiteral(MEDTUNE_SOURCE_DIR "/resources/samples")).filePath(rel);
}

// Writes n QA records as custom JSON Lines; record i's question is "Question number i ...".
QString writeQa(const QString &path, int from, int to)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    for (int i = from; i < to; ++i)
        f.write(QJsonDocument(QJsonObject { { QStringLiteral("id"), QStringLiteral("q%1").arg(i) },
                                            { QStringLiteral("question"),
                                              QStringLiteral("Question number %1 about dosing?").arg(i) },
                                            { QStringLiteral("answer"), QStringLiteral("Answer %1.").arg(i) } })
                    .toJson(QJsonDocument::Compact)
                + '\n');
    return path;
}

// A MEDIQA 2019 Task 3 style XML file: one question per text, ids prefix0, prefix1, ...
QString writeMediqa(const QString &path, const QString &prefix, const QStringList &questions)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    QByteArray x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MEDIQA2019-Task3-QA>\n";
    for (qsizetype i = 0; i < questions.size(); ++i) {
        const QByteArray qid = (prefix + QString::number(i)).toUtf8();
        x += "<Question QID=\"" + qid + "\">\n<QuestionText>" + questions[i].toUtf8()
            + "</QuestionText>\n<AnswerList>\n<Answer AID=\"" + qid
            + "_A1\" SystemRank=\"1\" ReferenceRank=\"1\" ReferenceScore=\"4\">\n<AnswerURL>https://example.org/" + qid
            + "</AnswerURL>\n<AnswerText>An answer to " + questions[i].toUtf8()
            + "</AnswerText>\n</Answer>\n</AnswerList>\n</Question>\n";
    }
    x += "</MEDIQA2019-Task3-QA>\n";
    f.write(x);
    return path;
}

QStringList numbered(const QString &pattern, int from, int to)
{
    QStringList out;
    for (int i = from; i < to; ++i)
        out << pattern.arg(i);
    return out;
}

// An MTS-Dialog style CSV: ID,section_header,section_text,dialogue.
QString writeMtsDialog(const QString &path, int from, int to)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    f.write("ID,section_header,section_text,dialogue\n");
    for (int i = from; i < to; ++i)
        f.write(QStringLiteral("%1,GENHX,The patient %1 reports a cough.,\"Doctor: What brings you in, patient %1?"
                               " Patient: A cough for %1 days.\"\n")
                    .arg(i)
                    .toUtf8());
    return path;
}

QJsonObject bySplit(const ImportResult &r)
{
    return r.dataset.stats.value(QStringLiteral("by_split")).toObject();
}

} // namespace

class DatasetStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Another writer holding the database (a second program, or a long training run) makes
    // an import wait for it (busy timeout) instead of failing: its write transaction takes
    // the lock up front, so its reads never need upgrading after someone else's commit.
    void importWaitsForAnotherWriter()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        std::atomic_bool locked { false };
        std::thread holder([&] {
            QSqlDatabase db = ws.database(); // this thread's own connection
            execSql(db, QStringLiteral("BEGIN IMMEDIATE"));
            execSql(db, QStringLiteral("INSERT OR REPLACE INTO settings (key, value) VALUES ('held', '1')"));
            locked = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            execSql(db, QStringLiteral("COMMIT"));
        });
        while (!locked)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        QElapsedTimer clock;
        clock.start();
        ImportResult r;
        QString error;
        try {
            r = importDataset(ws, { sample(QStringLiteral("medmcqa/medmcqa_train_sample.jsonl")) });
        } catch (const Error &e) {
            error = e.fullMessage();
        }
        holder.join();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(r.dataset.exampleCount > 0);
        QVERIFY(clock.elapsed() >= 1000); // it waited for the other writer
        QCOMPARE(ws.setting(QStringLiteral("held")), QStringLiteral("1"));
    }

    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void importStoresAndReadsLazily()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        const ImportResult r
            = importDataset(ws, { sample(QStringLiteral("summarization/pubmed_summarization_sample.jsonl")) });
        QVERIFY(!r.alreadyImported);
        QCOMPARE(r.dataset.exampleCount, 40);
        QCOMPARE(r.dataset.name, QStringLiteral("pubmed_summarization_sample"));
        QCOMPARE(r.dataset.formats, QStringList { QStringLiteral("pubmed-summarization") });
        QCOMPARE(r.dataset.stats.value(QStringLiteral("examples")).toInt(), 40);

        DatasetStore store(ws);
        auto file = store.open(r.dataset);
        QCOMPARE(file->size(), 40);
        // Random access: the last record without reading the others, equal to the reader's.
        const Example last = file->at(39);
        QCOMPARE(last.id, QStringLiteral("line-40"));
        QCOMPARE(last.task, TaskKind::Summarization);
        QCOMPARE(file->entry(39).inputHash, last.inputHash());
        QVERIFY_THROWS_EXCEPTION(Error, file->at(40));

        const QList<ImportRecord> imports = store.imports(r.dataset.id);
        QCOMPARE(imports.size(), 1);
        QCOMPARE(imports[0].read, 40);
        QCOMPARE(imports[0].imported, 40);
        QCOMPARE(imports[0].contentHash,
                 fileSha256(sample(QStringLiteral("summarization/pubmed_summarization_sample.jsonl"))));
        QCOMPARE(imports[0].contentHash.size(), 64);

        // Re-opening the workspace finds everything again.
        Workspace again(tmp.filePath(QStringLiteral("ws")));
        DatasetStore store2(again);
        QCOMPARE(store2.list().size(), 1);
        QCOMPARE(store2.resolve(QStringLiteral("pubmed_summarization_sample")).id, r.dataset.id);
        QCOMPARE(store2.resolve(QString::number(r.dataset.id)).exampleCount, 40);
        QVERIFY_THROWS_EXCEPTION(UsageError, store2.resolve(QStringLiteral("nope")));
        store2.remove(r.dataset.id);
        QCOMPARE(store2.list().size(), 0);
        QVERIFY(!QDir(r.dataset.storageDir).exists());
    }

    void reimportIsIdempotent()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        const QString path = sample(QStringLiteral("mediqa/mediqa_qa_sample.xml"));
        const ImportResult a = importDataset(ws, { path });
        // The same bytes under another name are the same content.
        const QString copy = tmp.filePath(QStringLiteral("renamed.xml"));
        QVERIFY(QFile::copy(path, copy));
        const ImportResult b = importDataset(ws, { copy });
        QVERIFY(b.alreadyImported);
        QCOMPARE(b.dataset.id, a.dataset.id);
        DatasetStore store(ws);
        QCOMPARE(store.list().size(), 1);
        QCOMPARE(store.imports(a.dataset.id).size(), 1);
        // Different split options make a different dataset.
        ImportOptions other;
        other.split.seed = 7;
        const ImportResult c = importDataset(ws, { path }, other);
        QVERIFY(!c.alreadyImported);
        QCOMPARE(c.dataset.name, QStringLiteral("mediqa_qa_sample (2)"));
    }

    void failedImportLeavesNothing()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        try {
            importDataset(ws, { test::testDataPath(QStringLiteral("malformed/invalid_utf8.jsonl")) }, [] {
                ImportOptions o;
                o.format = DataFormat::PubMedQaHf; // wrong format: every record misses 'pubid'
                return o;
            }());
            QFAIL("an import with no examples must fail");
        } catch (const Error &e) {
            QVERIFY2(e.message().startsWith(QStringLiteral("Nothing could be imported")), qPrintable(e.message()));
            QVERIFY2(e.hint().contains(QStringLiteral("missing field")), qPrintable(e.hint()));
        }
        DatasetStore store(ws);
        QCOMPARE(store.list().size(), 0);
        QCOMPARE(QDir(store.datasetsRoot()).entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList());
    }

    void progressAndCancel()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        const QString path = writeQa(tmp.filePath(QStringLiteral("qa.jsonl")), 0, 1000);
        const qint64 size = QFileInfo(path).size();
        QList<qint64> seen;
        ImportOptions o;
        o.progress = [&](qint64 done, qint64 total) {
            if (total != size)
                return false;
            seen << done;
            return true;
        };
        const ImportResult r = importDataset(ws, { path }, o);
        QCOMPARE(r.dataset.exampleCount, 1000);
        QCOMPARE(seen.size(), 6); // every 200 examples, then the end
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QVERIFY(seen.first() > 0 && seen.first() < size / 4);
        QCOMPARE(seen.last(), size);

        ImportOptions cancel;
        cancel.split.seed = 9; // another dataset identity
        cancel.progress = [](qint64, qint64) { return false; };
        QVERIFY_THROWS_EXCEPTION(Error, importDataset(ws, { path }, cancel));
        DatasetStore store(ws);
        QCOMPARE(store.list().size(), 1);
        QCOMPARE(QDir(store.datasetsRoot()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 1);
    }

    void deterministicSplitIsStableAndProportional()
    {
        QTemporaryDir tmp;
        const QString path = writeQa(tmp.filePath(QStringLiteral("qa.jsonl")), 0, 2000);
        QHash<QString, QString> first;
        for (int round = 0; round < 2; ++round) {
            Workspace ws(tmp.filePath(QStringLiteral("ws%1").arg(round)));
            const ImportResult r = importDataset(ws, { path });
            auto file = DatasetStore(ws).open(r.dataset);
            QMap<QString, int> counts;
            for (qint64 i = 0; i < file->size(); ++i) {
                const Example e = file->at(i);
                ++counts[e.split];
                if (round == 0)
                    first.insert(e.id, e.split);
                else
                    QCOMPARE(e.split, first.value(e.id));
            }
            // 80/10/10 within binomial noise (3 sigma of n = 2000).
            QVERIFY2(qAbs(counts.value(QStringLiteral("train")) - 1600) < 60,
                     qPrintable(QString::number(counts.value(QStringLiteral("train")))));
            QVERIFY(qAbs(counts.value(QStringLiteral("validation")) - 200) < 41);
            QVERIFY(qAbs(counts.value(QStringLiteral("test")) - 200) < 41);
        }
        SplitPolicy bad;
        bad.train = 0.9;
        QVERIFY_THROWS_EXCEPTION(UsageError, bad.validate());
        QCOMPARE(splitFromFileName(QStringLiteral("/x/medmcqa_dev.jsonl")), QStringLiteral("validation"));
        QCOMPARE(splitFromFileName(QStringLiteral("train.json")), QStringLiteral("train"));
        QCOMPARE(splitFromFileName(QStringLiteral("MEDIQA_Task3_QA_TestSet.xml")), QStringLiteral("test"));
        QCOMPARE(splitFromFileName(QStringLiteral("mediqa_test_set.xml")), QStringLiteral("test"));
        QCOMPARE(splitFromFileName(QStringLiteral("contest.jsonl")), QString());
    }

    // The published file names of MEDIQA 2019 Task 3 and MTS-Dialog say their split with the
    // word glued to "Set" and numbered; the report says which split each file gave and why.
    void splitsFromPublishedFileNames()
    {
        const QList<std::pair<QString, QString>> names {
            { QStringLiteral("MEDIQA2019-Task3-QA-TrainingSet1-LiveQAMed.xml"), QStringLiteral("train") },
            { QStringLiteral("MEDIQA2019-Task3-QA-TrainingSet2-Alexa.xml"), QStringLiteral("train") },
            { QStringLiteral("MEDIQA2019-Task3-QA-ValidationSet.xml"), QStringLiteral("validation") },
            { QStringLiteral("MEDIQA2019-Task3-QA-TestSet-wLabels.xml"), QStringLiteral("test") },
            { QStringLiteral("MTS-Dialog-TrainingSet.csv"), QStringLiteral("train") },
            { QStringLiteral("MTS-Dialog-ValidationSet.csv"), QStringLiteral("validation") },
            { QStringLiteral("MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv"), QStringLiteral("test") },
            { QStringLiteral("TESTSET.jsonl"), QStringLiteral("test") },
            { QStringLiteral("qa_trainset2.jsonl"), QStringLiteral("train") },
            { QStringLiteral("pubmedqa-val.jsonl"), QStringLiteral("validation") },
            { QStringLiteral("medmcqa.valid.jsonl"), QStringLiteral("validation") },
            { QStringLiteral("chat-testing.csv"), QStringLiteral("test") },
            { QStringLiteral("notes_dev2.csv"), QStringLiteral("validation") },
            { QStringLiteral("attestation.jsonl"), QString() },
            { QStringLiteral("device_logs.jsonl"), QString() },
            { QStringLiteral("pretrained_notes.jsonl"), QString() },
            { QStringLiteral("train_test_split.csv"), QString() }, // two splits: none taken
        };
        for (const auto &[name, expected] : names)
            QVERIFY2(splitFromFileName(name) == expected,
                     qPrintable(name + QStringLiteral(" -> ") + splitFromFileName(name)));
        QCOMPARE(fileNameSplit(QStringLiteral("MEDIQA2019-Task3-QA-TrainingSet1-LiveQAMed.xml")).word,
                 QStringLiteral("TrainingSet1"));
        QVERIFY(fileNameSplit(QStringLiteral("train_test_split.csv")).reason.contains(QStringLiteral("more than one")));
    }

    // Importing the four MEDIQA files together keeps the official splits exactly: the test
    // file's own duplicate stays (reported), training copies of test and validation texts go.
    void officialSplitsStayWholeAndTrainingHoldsNoHeldOutText()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        QStringList test = numbered(QStringLiteral("Test question %1 about statins?"), 0, 9);
        test << test[3]; // the official test file repeats a question: both stay
        const QStringList validation = numbered(QStringLiteral("Validation question %1 about insulin?"), 0, 5);
        QStringList train1 = numbered(QStringLiteral("Live question %1 about gout?"), 0, 12);
        train1 << test[5]; // leaks a test question into training
        QStringList train2 = numbered(QStringLiteral("Alexa question %1 about asthma?"), 0, 8);
        train2 << validation[1]; // and a validation question
        train2 << train1[2]; // the two training files share a question: both are official training
        const QStringList files {
            writeMediqa(tmp.filePath(QStringLiteral("MEDIQA2019-Task3-QA-TrainingSet1-LiveQAMed.xml")),
                        QStringLiteral("L"), train1),
            writeMediqa(tmp.filePath(QStringLiteral("MEDIQA2019-Task3-QA-TrainingSet2-Alexa.xml")), QStringLiteral("A"),
                        train2),
            writeMediqa(tmp.filePath(QStringLiteral("MEDIQA2019-Task3-QA-ValidationSet.xml")), QStringLiteral("V"),
                        validation),
            writeMediqa(tmp.filePath(QStringLiteral("MEDIQA2019-Task3-QA-TestSet-wLabels.xml")), QStringLiteral("T"),
                        test),
        };
        const ImportResult r = importDataset(ws, files);
        QCOMPARE(bySplit(r).value(QStringLiteral("test")).toInt(), 10);
        QCOMPARE(bySplit(r).value(QStringLiteral("validation")).toInt(), 5);
        QCOMPARE(bySplit(r).value(QStringLiteral("train")).toInt(), 12 + 8 + 1); // 13 + 10 minus the two leaks
        QCOMPARE(r.leaksRemoved, 2);
        QCOMPARE(r.duplicatesDropped, 2);
        QCOMPARE(r.duplicatesKept, 2); // the test file's repeat and the shared training question
        QCOMPARE(r.dataset.exampleCount, 36);

        QHash<QString, const ReadReport *> byName;
        for (const ReadReport &rep : r.reports)
            byName.insert(QFileInfo(rep.file).fileName(), &rep);
        const ReadReport *t = byName.value(QStringLiteral("MEDIQA2019-Task3-QA-TestSet-wLabels.xml"));
        QVERIFY(t);
        QCOMPARE(t->imported, 10);
        QVERIFY(t->notes.contains(QStringLiteral("split 'test' from the word 'TestSet' of the file name")));
        QVERIFY(std::any_of(t->issues.begin(), t->issues.end(), [](const ReadIssue &i) {
            return i.reason == u"duplicate kept" && i.detail.contains(QStringLiteral("record T9"))
                && i.detail.contains(QStringLiteral("record T3"));
        }));
        const ReadReport *l = byName.value(QStringLiteral("MEDIQA2019-Task3-QA-TrainingSet1-LiveQAMed.xml"));
        QVERIFY(l);
        QCOMPARE(l->imported, 12);
        QCOMPARE(l->issues.value(0).toString(),
                 QStringLiteral("MEDIQA2019-Task3-QA-TrainingSet1-LiveQAMed.xml [L12]: duplicate: same text as test"
                                " record T5: removed from training"));
        QVERIFY(l->notes.contains(QStringLiteral("split 'train' from the word 'TrainingSet1' of the file name")));

        // No text of the test or validation split is anywhere in training.
        auto file = DatasetStore(ws).open(r.dataset);
        QSet<quint64> heldOut, training;
        for (qint64 i = 0; i < file->size(); ++i)
            (file->entry(i).split == 0 ? training : heldOut).insert(file->entry(i).inputHash);
        QVERIFY(!training.intersects(heldOut));
    }

    void mtsDialogSplitsAndOverrides()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        const QStringList files {
            writeMtsDialog(tmp.filePath(QStringLiteral("MTS-Dialog-TrainingSet.csv")), 0, 12),
            writeMtsDialog(tmp.filePath(QStringLiteral("MTS-Dialog-ValidationSet.csv")), 100, 104),
            writeMtsDialog(tmp.filePath(QStringLiteral("MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv")), 200, 205),
        };
        ImportOptions o;
        o.reader.mapping = { { QStringLiteral("id"), QStringLiteral("ID") },
                             { QStringLiteral("document"), QStringLiteral("dialogue") },
                             { QStringLiteral("summary"), QStringLiteral("section_text") } };
        const ImportResult r = importDataset(ws, files, o);
        QCOMPARE(bySplit(r).value(QStringLiteral("train")).toInt(), 12);
        QCOMPARE(bySplit(r).value(QStringLiteral("validation")).toInt(), 4);
        QCOMPARE(bySplit(r).value(QStringLiteral("test")).toInt(), 5);

        // A file whose name says nothing goes by seed, into train and validation only when an
        // official test file is there; an override puts all of it into one split.
        const QString extra = writeMtsDialog(tmp.filePath(QStringLiteral("extra-dialogues.csv")), 300, 340);
        const ImportResult seeded = importDataset(ws, { files[2], extra }, o);
        QCOMPARE(bySplit(seeded).value(QStringLiteral("test")).toInt(), 5);
        QCOMPARE(bySplit(seeded).value(QStringLiteral("train")).toInt()
                     + bySplit(seeded).value(QStringLiteral("validation")).toInt(),
                 40);
        o.splitOverrides.insert(extra, QStringLiteral("val"));
        const ImportResult overridden = importDataset(ws, { files[2], extra }, o);
        QVERIFY(!overridden.alreadyImported); // the override makes another dataset
        QCOMPARE(bySplit(overridden).value(QStringLiteral("validation")).toInt(), 40);
        QVERIFY(overridden.reports[1].notes.contains(
            QStringLiteral("split 'validation' chosen for this file by the user")));
        o.splitOverrides = { { extra, QStringLiteral("holdout") } };
        QVERIFY_THROWS_EXCEPTION(UsageError, importDataset(ws, { extra }, o));
    }

    // A record that names its own test split, after a training record with the same text in
    // the same file: the training copy is removed, never the test one.
    void laterTestRecordRemovesTheTrainingCopy()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        QFile f(tmp.filePath(QStringLiteral("mixed.jsonl")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"id\": \"a\", \"question\": \"Is aspirin safe?\", \"answer\": \"x\", \"split\": \"train\"}\n"
                "{\"id\": \"b\", \"question\": \"Is ibuprofen safe?\", \"answer\": \"y\", \"split\": \"training\"}\n"
                "{\"id\": \"c\", \"question\": \"is ASPIRIN safe\", \"answer\": \"z\", \"split\": \"testing\"}\n");
        f.close();
        const ImportResult r = importDataset(ws, { f.fileName() });
        QCOMPARE(r.dataset.exampleCount, 2);
        QCOMPARE(r.leaksRemoved, 1);
        QCOMPARE(bySplit(r).value(QStringLiteral("test")).toInt(), 1);
        QCOMPARE(bySplit(r).value(QStringLiteral("train")).toInt(), 1);
        auto file = DatasetStore(ws).open(r.dataset);
        QCOMPARE(file->size(), 2);
        QCOMPARE(file->at(0).id, QStringLiteral("b"));
        QCOMPARE(file->at(1).id, QStringLiteral("c"));
        QCOMPARE(r.reports[0].imported, 2);
        QVERIFY(r.reports[0].issues.value(0).toString().contains(
            QStringLiteral("[a]: duplicate: same text as test record c")));
    }

    // Folders of interrupted imports (killed before the dataset row was written) are removed
    // by the next import; a folder whose import is still running is left alone.
    void orphanFoldersOfInterruptedImportsAreRemoved()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        const ImportResult kept = importDataset(ws, { writeQa(tmp.filePath(QStringLiteral("a.jsonl")), 0, 20) });
        DatasetStore store(ws);
        const QDir root(store.datasetsRoot());
        auto makeFolder = [&](const QString &name, const QByteArray &marker) {
            QVERIFY(root.mkpath(name));
            QFile data(root.filePath(name + QStringLiteral("/examples.jsonl.part")));
            QVERIFY(data.open(QIODevice::WriteOnly));
            data.write(QByteArray(4096, 'x'));
            if (!marker.isNull()) {
                QFile m(root.filePath(name + u'/' + DatasetStore::importMarkerName()));
                QVERIFY(m.open(QIODevice::WriteOnly));
                m.write(marker);
            }
        };
        makeFolder(QStringLiteral("ds-deadimport0000"), "999999999"); // its process is gone
        makeFolder(QStringLiteral("ds-running0000000"), QByteArray::number(QCoreApplication::applicationPid()));
        makeFolder(QStringLiteral("ds-fresh000000000"), QByteArray()); // no marker yet, just made
        makeFolder(QStringLiteral("ds-oldnomarker000"), QByteArray()); // no marker, untouched for an hour
        const QString old = root.filePath(QStringLiteral("ds-oldnomarker000"));
        const time_t hourAgo = time_t(QDateTime::currentSecsSinceEpoch() - 3600);
        const utimbuf times { hourAgo, hourAgo };
        for (const QString &path : { old + QStringLiteral("/examples.jsonl.part"), old })
            QCOMPARE(::utime(QFile::encodeName(path).constData(), &times), 0);

        importDataset(ws, { writeQa(tmp.filePath(QStringLiteral("b.jsonl")), 100, 120) });
        QVERIFY(!root.exists(QStringLiteral("ds-deadimport0000")));
        QVERIFY(!root.exists(QStringLiteral("ds-oldnomarker000")));
        QVERIFY(root.exists(QStringLiteral("ds-running0000000")));
        QVERIFY(root.exists(QStringLiteral("ds-fresh000000000")));
        QVERIFY(QDir(kept.dataset.storageDir).exists());
        QVERIFY(!QFileInfo::exists(QDir(kept.dataset.storageDir).filePath(DatasetStore::importMarkerName())));
        QCOMPARE(store.list().size(), 2);
        for (const DatasetInfo &d : store.list())
            QCOMPARE(store.open(d)->size(), 20);
    }

    void duplicatesAreDroppedWithinAndReportedAcross()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        // Within one import: the second copy (differing only in case and spacing) is dropped.
        QFile f(tmp.filePath(QStringLiteral("dups.jsonl")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"id\": \"a\", \"question\": \"Is aspirin safe in pregnancy?\", \"answer\": \"Low dose, when "
                "advised.\"}\n"
                "{\"id\": \"b\", \"question\": \"is ASPIRIN   safe in pregnancy\", \"answer\": \"Other.\"}\n"
                "{\"id\": \"c\", \"question\": \"Is ibuprofen safe in pregnancy?\", \"answer\": \"Avoid after 20 "
                "weeks.\"}\n");
        f.close();
        const ImportResult r = importDataset(ws, { f.fileName() });
        QCOMPARE(r.dataset.exampleCount, 2);
        QCOMPARE(r.duplicatesDropped, 1);
        QCOMPARE(r.reports[0].skipped.value(skip::duplicate()), 1);
        QCOMPARE(r.reports[0].issues[0].toString(), QStringLiteral("dups.jsonl [b]: duplicate: same text as record a"));
        QCOMPARE(r.reports[0].imported, 2);

        // Across datasets: two overlapping files, with their own deterministic splits.
        const ImportResult x = importDataset(ws, { writeQa(tmp.filePath(QStringLiteral("x.jsonl")), 0, 300) });
        const ImportResult y = importDataset(ws, { writeQa(tmp.filePath(QStringLiteral("y.jsonl")), 200, 400) });
        DatasetStore store(ws);
        const DuplicateReport d = findDuplicates(store, { x.dataset, y.dataset });
        QCOMPARE(d.examplesScanned, 500);
        QCOMPARE(d.groups, 100);
        QCOMPARE(d.crossDataset, 100);
        // The split is keyed on the text: the same text lands in the same split everywhere.
        QCOMPARE(d.crossSplit, 0);

        // A mixture of both for training: every text once, none held out anywhere.
        const Mixture m
            = buildMixture(store, { { x.dataset.id, 1.0, -1 }, { y.dataset.id, 1.0, -1 } }, QStringLiteral("train"), 5);
        QSet<quint64> hashes;
        auto fx = store.open(x.dataset), fy = store.open(y.dataset);
        for (const ExampleRef &ref : m.examples) {
            const IndexEntry &e = (ref.datasetId == x.dataset.id ? *fx : *fy).entry(ref.index);
            QCOMPARE(e.split, quint8(0));
            QVERIFY(!hashes.contains(e.inputHash));
            hashes.insert(e.inputHash);
        }
        qint64 trainX = 0, trainY = 0;
        for (qint64 i = 0; i < fx->size(); ++i)
            trainX += fx->entry(i).split == 0;
        for (qint64 i = 0; i < fy->size(); ++i)
            trainY += fy->entry(i).split == 0;
        QCOMPARE(m.examples.size() + m.droppedAsDuplicate, trainX + trainY);
        QVERIFY(m.droppedAsDuplicate > 50);
        // Deterministic by seed; caps and weights.
        QCOMPARE(
            buildMixture(store, { { x.dataset.id, 1.0, -1 }, { y.dataset.id, 1.0, -1 } }, QStringLiteral("train"), 5)
                .examples,
            m.examples);
        const Mixture capped
            = buildMixture(store, { { x.dataset.id, 1.0, 10 }, { y.dataset.id, 2.0, -1 } }, QStringLiteral("train"), 5);
        QCOMPARE(capped.perDataset.value(x.dataset.id), 10);
        QCOMPARE(capped.examples.size(), 10 + capped.perDataset.value(y.dataset.id));
        QCOMPARE(capped.perDataset.value(y.dataset.id) % 2, 0); // weight 2: every pooled example twice
        QVERIFY(capped.perDataset.value(y.dataset.id) >= 2 * (trainY - 10));
        const Mixture half = buildMixture(store, { { x.dataset.id, 0.5, -1 } }, QStringLiteral("train"), 1);
        QCOMPARE(half.examples.size(), qRound(0.5 * double(trainX)));
    }

    void weightsRepeatExamples()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        ImportOptions all;
        all.split.train = 1.0;
        all.split.validation = 0;
        all.split.test = 0;
        const ImportResult x = importDataset(ws, { writeQa(tmp.filePath(QStringLiteral("x.jsonl")), 0, 40) }, all);
        DatasetStore store(ws);
        const Mixture m = buildMixture(store, { { x.dataset.id, 2.0, -1 } }, QStringLiteral("train"), 3);
        QCOMPARE(m.examples.size(), 80);
        QMap<qint64, int> seen;
        for (const ExampleRef &r : m.examples)
            ++seen[r.index];
        QCOMPARE(seen.size(), 40);
        for (int c : seen)
            QCOMPARE(c, 2);
    }

    void bundledSamplesImportOnce()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        const QList<ImportResult> first = importBundledSamples(ws);
        QCOMPARE(first.size(), bundledSamples().size());
        QMap<QString, qint64> counts;
        for (const ImportResult &r : first) {
            QVERIFY(!r.alreadyImported);
            counts.insert(r.dataset.name, r.dataset.exampleCount);
        }
        QCOMPARE(counts.value(QStringLiteral("Sample PubMedQA (official files)")), 40);
        QCOMPARE(counts.value(QStringLiteral("Sample MedMCQA")), 44);
        QCOMPARE(counts.value(QStringLiteral("Sample MEDIQA-AnS")), 60);
        QCOMPARE(counts.value(QStringLiteral("Sample discharge summaries (CSV)")), 30);
        DatasetStore store(ws);
        const auto pq = store.resolve(QStringLiteral("Sample PubMedQA (official files)"));
        QCOMPARE(pq.stats.value(QStringLiteral("by_split")).toObject().value(QStringLiteral("test")).toInt(), 10);
        QCOMPARE(store.imports(pq.id).at(0).sourcePath.left(10), QStringLiteral(":/samples/"));
        const auto mcq = store.resolve(QStringLiteral("Sample MedMCQA"));
        QCOMPARE(mcq.stats.value(QStringLiteral("by_split")).toObject().value(QStringLiteral("test")).toInt(), 8);
        QCOMPARE(mcq.stats.value(QStringLiteral("labelled")).toInt(), 36);
        for (const ImportResult &r : importBundledSamples(ws))
            QVERIFY(r.alreadyImported);
        QCOMPARE(store.list().size(), bundledSamples().size());
    }

    void realPubMedQa()
    {
        const QString pqal = test::sharedDataPath(QStringLiteral("pubmedqa/ori_pqal.json"));
        const QString truth = test::sharedDataPath(QStringLiteral("pubmedqa/test_ground_truth.json"));
        if (pqal.isEmpty() || truth.isEmpty())
            QSKIP("../shared/data/pubmedqa is absent");
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        const ImportResult r = importDataset(ws, { pqal, truth });
        QCOMPARE(r.dataset.exampleCount, 1000);
        const QJsonObject stats = r.dataset.stats;
        // Counted from the file itself (Python json + collections.Counter): 552 / 338 / 110.
        const QJsonObject decisions
            = stats.value(QStringLiteral("labels")).toObject().value(QStringLiteral("decision")).toObject();
        QCOMPARE(decisions.value(QStringLiteral("yes")).toInt(), 552);
        QCOMPARE(decisions.value(QStringLiteral("no")).toInt(), 338);
        QCOMPARE(decisions.value(QStringLiteral("maybe")).toInt(), 110);
        const QJsonObject bySplit = stats.value(QStringLiteral("by_split")).toObject();
        QCOMPARE(bySplit.value(QStringLiteral("test")).toInt(), 500);
        QCOMPARE(bySplit.value(QStringLiteral("train")).toInt() + bySplit.value(QStringLiteral("validation")).toInt(),
                 500);

        // Every official test PMID is in the test split, with the same decision.
        QFile f(truth);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject official = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(official.size(), 500);
        auto file = DatasetStore(ws).open(r.dataset);
        int inTest = 0;
        for (qint64 i = 0; i < file->size(); ++i) {
            const Example e = file->at(i);
            if (official.contains(e.id)) {
                QCOMPARE(e.split, QStringLiteral("test"));
                QCOMPARE(e.meta.value(QStringLiteral("decision")).toString(), official.value(e.id).toString());
                ++inTest;
            } else {
                QVERIFY(e.split != QStringLiteral("test"));
            }
        }
        QCOMPARE(inTest, 500);
    }
};

QTEST_GUILESS_MAIN(DatasetStoreTest)
#include "tst_dataset_store.moc"
