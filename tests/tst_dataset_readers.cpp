// Every dataset reader on the bundled samples and on malformed fixtures: exact counts,
// skip reasons and messages; format detection; the 50 MB single line; streaming.
#include "data/custom_reader.h"
#include "data/data_format.h"
#include "data/example.h"
#include "data/format_detector.h"
#include "data/medmcqa_reader.h"
#include "data/pubmedqa_reader.h"
#include "data/scientific_papers_reader.h"
#include "test_support.h"
#include "util/column_mapping.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

namespace {

QString sample(const QString &rel)
{
    return QDir(QStringLiteral(MEDTUNE_SOURCE_DIR "/resources/samples")).filePath(rel);
}

QString fixture(const QString &name)
{
    return test::testDataPath(QStringLiteral("malformed/") + name);
}

struct ReadAll
{
    std::vector<Example> examples;
    ReadReport report;
};

ReadAll readAll(const QString &path, DataFormat format, const ReaderOptions &options = {})
{
    ReadAll r;
    readDataFile(
        path, format, options, [&](Example &&e) { r.examples.push_back(std::move(e)); }, r.report);
    return r;
}

QStringList issueTexts(const ReadReport &r)
{
    QStringList out;
    for (const ReadIssue &i : r.issues)
        out << i.toString();
    return out;
}

} // namespace

class DatasetReadersTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void detectsEverySampleFormat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::newRow("pqal") << "pubmedqa/ori_pqal_sample.json"
                              << "pubmedqa";
        QTest::newRow("pq split") << "pubmedqa/test_ground_truth_sample.json"
                                  << "pubmedqa-split";
        QTest::newRow("pq hf") << "pubmedqa/pubmedqa_hf_sample.jsonl"
                               << "pubmedqa-hf";
        QTest::newRow("medmcqa") << "medmcqa/medmcqa_train_sample.jsonl"
                                 << "medmcqa";
        QTest::newRow("mediqa qa") << "mediqa/mediqa_qa_sample.xml"
                                   << "mediqa-qa";
        QTest::newRow("mediqa ans") << "mediqa/mediqa_ans_sample.json"
                                    << "mediqa-ans";
        QTest::newRow("pubmed summ") << "summarization/pubmed_summarization_sample.jsonl"
                                     << "pubmed-summarization";
        QTest::newRow("sci papers") << "summarization/scientific_papers_sample.jsonl"
                                    << "scientific-papers";
        QTest::newRow("sci papers hf") << "summarization/scientific_papers_hf_sample.jsonl"
                                       << "scientific-papers-hf";
        QTest::newRow("csv") << "custom/discharge_notes_sample.csv"
                             << "csv";
    }

    void detectsEverySampleFormat()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QString why;
        QCOMPARE(formatName(detectFormat(sample(file), &why)), format);
        QVERIFY(!why.isEmpty());
    }

    void detectionErrors()
    {
        try {
            detectFormat(fixture(QStringLiteral("empty.jsonl")));
            QFAIL("an empty file must not be detected");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("is empty")), qPrintable(e.message()));
        }
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("notes.txt")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("just some prose\n");
        f.close();
        QVERIFY_THROWS_EXCEPTION(Error, detectFormat(f.fileName()));
        // Formats round-trip through their names.
        for (const QString &n : formatNames())
            QCOMPARE(formatName(*parseFormat(n)), n);
        QVERIFY(!parseFormat(QStringLiteral("parquet")));
    }

    void normalization()
    {
        QCOMPARE(normalizeWhitespace(QStringLiteral("  Blood\t pressure\u00A0was\n\n 120/80 mmHg.  ")),
                 QStringLiteral("Blood pressure was 120/80 mmHg."));
        QCOMPARE(normalizeWhitespace(QStringLiteral("\u00E9t\u00E9 \u2003 caf\u00E9")),
                 QStringLiteral("\u00E9t\u00E9 caf\u00E9"));
        QCOMPARE(normalizeWhitespace(QString()), QString());
        QCOMPARE(normalizeLines(QStringLiteral(" a  b \n\n  c\t\n")), QStringLiteral("a b\nc"));
        // The duplicate hash ignores case, punctuation and spacing, and nothing else.
        QCOMPARE(normalizedTextHash(QStringLiteral("Is aspirin safe?")),
                 normalizedTextHash(QStringLiteral("is ASPIRIN  safe")));
        QCOMPARE(normalizedTextHash(QStringLiteral("\u00C9T\u00C9")),
                 normalizedTextHash(QStringLiteral("\u00E9t\u00E9")));
        QVERIFY(normalizedTextHash(QStringLiteral("Is aspirin safe?"))
                != normalizedTextHash(QStringLiteral("Is aspirin unsafe?")));
        Example e;
        e.question = QStringLiteral("Q?");
        e.context = QStringLiteral("Some context.");
        QCOMPARE(e.inputHash(), normalizedTextHash(e.inputText()));
        e.task = TaskKind::Summarization;
        e.document = QStringLiteral("A document.");
        QCOMPARE(e.inputHash(), normalizedTextHash(e.inputText()));
        QCOMPARE(Example::fromJson(e.toJson()).toJson(), e.toJson());
    }

    void pubMedQaOfficialSample()
    {
        const ReadAll r
            = readAll(sample(QStringLiteral("pubmedqa/ori_pqal_sample.json")), DataFormat::PubMedQaOfficial);
        QCOMPARE(r.report.read, 40);
        QCOMPARE(r.report.imported, 40);
        QCOMPARE(r.report.skippedTotal(), 0);
        const Example &e = r.examples.front();
        QCOMPARE(e.id, QStringLiteral("31000000"));
        QCOMPARE(e.source, QStringLiteral("pubmedqa"));
        QCOMPARE(e.task, TaskKind::MedicalQa);
        QCOMPARE(
            e.question,
            QStringLiteral(
                "Does early mobilisation shorten length of hospital stay in patients after hip fracture surgery?"));
        QCOMPARE(e.context.count(u'\n'), 2); // three paragraphs
        QCOMPARE(e.meta.value(QStringLiteral("decision")).toString(), QStringLiteral("yes"));
        QVERIFY(e.answer.startsWith(QStringLiteral("Yes. In patients after hip fracture surgery")));
        QCOMPARE(e.answer, QStringLiteral("Yes. ") + e.meta.value(QStringLiteral("long_answer")).toString());
        QCOMPARE(pubMedQaTarget(QStringLiteral("maybe"), QStringLiteral("Perhaps.")),
                 QStringLiteral("Maybe. Perhaps."));
        QCOMPARE(pubMedQaTarget(QString(), QStringLiteral("Only the long answer.")),
                 QStringLiteral("Only the long answer."));
    }

    void pubMedQaSplitFile()
    {
        ReadReport report;
        const auto split
            = readPubMedQaSplitFile(sample(QStringLiteral("pubmedqa/test_ground_truth_sample.json")), report);
        QCOMPARE(split.size(), 10);
        QCOMPARE(report.read, 10);
        QCOMPARE(split.value(QStringLiteral("31007919")),
                 QStringLiteral("yes")); // i = 1: tranexamic acid? no: chlorhexidine, yes
    }

    void pubMedQaHfSample()
    {
        const ReadAll r = readAll(sample(QStringLiteral("pubmedqa/pubmedqa_hf_sample.jsonl")), DataFormat::PubMedQaHf);
        QCOMPARE(r.report.read, 30);
        QCOMPARE(r.report.imported, 30);
        QCOMPARE(r.examples.front().id, QStringLiteral("34094580"));
        QVERIFY(r.examples.front().meta.value(QStringLiteral("meshes")).isArray());
    }

    void pubMedQaMalformed()
    {
        const ReadAll r = readAll(fixture(QStringLiteral("pubmedqa_malformed.json")), DataFormat::PubMedQaOfficial);
        QCOMPARE(r.report.read, 6);
        QCOMPARE(r.report.imported, 2);
        QCOMPARE(r.report.skipped.value(skip::missingField()), 1);
        QCOMPARE(r.report.skipped.value(skip::wrongType()), 2);
        QCOMPARE(r.report.skipped.value(skip::invalidValue()), 1);
        const QStringList issues = issueTexts(r.report);
        QCOMPARE(issues.size(), 5);
        QCOMPARE(issues[0],
                 QStringLiteral("pubmedqa_malformed.json:3 [1002]: missing field: field 'QUESTION' is missing"));
        QCOMPARE(
            issues[1],
            QStringLiteral("pubmedqa_malformed.json:4 [1003]: wrong type: field 'CONTEXTS' must be a list of strings"));
        QCOMPARE(issues[2],
                 QStringLiteral("pubmedqa_malformed.json:5 [1004]: invalid value: final_decision must be yes, no or "
                                "maybe, not 'perhaps'"));
        QCOMPARE(issues[3], QStringLiteral("pubmedqa_malformed.json:7 [1006]: wrong type: expected a JSON object"));
        QVERIFY2(issues[4].startsWith(
                     QStringLiteral("pubmedqa_malformed.json:9: invalid JSON: the file ends inside a value")),
                 qPrintable(issues[4]));
        QCOMPARE(r.examples[1].answer, QStringLiteral("Maybe. Zinc may shorten diarrhoea."));
    }

    void medMcqaSampleAndNumbering()
    {
        QString evidence;
        QCOMPARE(detectMedMcqaCopBase(sample(QStringLiteral("medmcqa/medmcqa_train_sample.jsonl")), &evidence), 1);
        QVERIFY(evidence.contains(QStringLiteral("1-4")));
        const ReadAll r = readAll(sample(QStringLiteral("medmcqa/medmcqa_train_sample.jsonl")), DataFormat::MedMcqa);
        QCOMPARE(r.report.read, 36);
        QCOMPARE(r.report.imported, 36);
        QVERIFY(r.report.notes.join(u' ').contains(QStringLiteral("original release")));
        const Example &e = r.examples.front();
        QCOMPARE(e.question,
                 QStringLiteral("Drug of choice for anaphylactic shock is:\nA. Adrenaline\nB. Atropine\nC. "
                                "Hydrocortisone\nD. Chlorpheniramine"));
        QCOMPARE(e.answer,
                 QStringLiteral("Answer: A. Adrenaline Explanation: Intramuscular adrenaline is the first-line "
                                "treatment of anaphylaxis."));
        QCOMPARE(e.meta.value(QStringLiteral("correct")).toString(), QStringLiteral("A"));
        const Example &noExp = r.examples[4]; // "normal adult haemoglobin", no explanation
        QCOMPARE(noExp.answer, QStringLiteral("Answer: A. HbA"));

        // The Hugging Face export numbers the same answers 0-3: convert and compare.
        QTemporaryDir tmp;
        QFile in(sample(QStringLiteral("medmcqa/medmcqa_train_sample.jsonl")));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(tmp.filePath(QStringLiteral("hf.jsonl")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        while (!in.atEnd()) {
            QJsonObject o = QJsonDocument::fromJson(in.readLine()).object();
            o.insert(QStringLiteral("cop"), o.value(QStringLiteral("cop")).toInt() - 1);
            out.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        }
        out.close();
        QCOMPARE(detectMedMcqaCopBase(out.fileName(), &evidence), 0);
        const ReadAll hf = readAll(out.fileName(), DataFormat::MedMcqa);
        QVERIFY(hf.report.notes.join(u' ').contains(QStringLiteral("Hugging Face")));
        QCOMPARE(hf.examples.size(), r.examples.size());
        for (size_t i = 0; i < r.examples.size(); ++i)
            QCOMPARE(hf.examples[i].answer, r.examples[i].answer);
    }

    void medMcqaTestFileIsUnlabelled()
    {
        const ReadAll r = readAll(sample(QStringLiteral("medmcqa/medmcqa_test_sample.jsonl")), DataFormat::MedMcqa);
        QCOMPARE(r.report.imported, 8);
        for (const Example &e : r.examples)
            QVERIFY(!e.labelled());
        QVERIFY(r.report.notes.join(u' ').contains(QStringLiteral("8 records have no answer")));
    }

    void medMcqaMalformed()
    {
        const ReadAll r = readAll(fixture(QStringLiteral("medmcqa_malformed.jsonl")), DataFormat::MedMcqa);
        QCOMPARE(r.report.read, 6);
        QCOMPARE(r.report.imported, 2);
        const QStringList issues = issueTexts(r.report);
        QCOMPARE(issues,
                 (QStringList {
                     QStringLiteral("medmcqa_malformed.jsonl:2 [m2]: missing field: field 'opd' is missing"),
                     QStringLiteral("medmcqa_malformed.jsonl:3 [m3]: invalid value: cop 7 is outside 1-4"),
                     QStringLiteral("medmcqa_malformed.jsonl:4 [m4]: wrong type: field 'cop' must be an integer"),
                 }) + QStringList { issues.value(3) });
        QVERIFY2(issues.value(3).startsWith(QStringLiteral("medmcqa_malformed.jsonl:6: invalid JSON: ")),
                 qPrintable(issues.value(3)));
        QCOMPARE(r.examples[1].answer, QStringLiteral("Answer: D. Dopamine"));
    }

    void mediqaQaSample()
    {
        const ReadAll r = readAll(sample(QStringLiteral("mediqa/mediqa_qa_sample.xml")), DataFormat::MediqaQa);
        QCOMPARE(r.report.read, 30);
        QCOMPARE(r.report.imported, 30);
        const Example &e = r.examples.front();
        QCOMPARE(e.id, QStringLiteral("S001"));
        QCOMPARE(e.question, QStringLiteral("What is shingles and how is it treated?"));
        // Two correct answers (scores 4 and 3): the reference is the one ranked first.
        QCOMPARE(e.meta.value(QStringLiteral("reference_aid")).toString(), QStringLiteral("S001_A1"));
        QVERIFY(e.answer.startsWith(QStringLiteral("Shingles is a painful rash")));
        const QJsonArray answers = e.meta.value(QStringLiteral("answers")).toArray();
        QCOMPARE(answers.size(), 4);
        int correct = 0;
        for (const QJsonValue &a : answers)
            correct += a.toObject().value(QStringLiteral("correct")).toBool() ? 1 : 0;
        QCOMPARE(correct, 2);
    }

    void mediqaBrokenXml()
    {
        const ReadAll r = readAll(fixture(QStringLiteral("mediqa_broken.xml")), DataFormat::MediqaQa);
        QCOMPARE(r.report.read, 5);
        QCOMPARE(r.report.imported, 2);
        QCOMPARE(r.report.skipped.value(skip::wrongType()), 1);
        QCOMPARE(r.report.skipped.value(skip::missingField()), 1);
        QCOMPARE(r.report.skipped.value(skip::brokenXml()), 1);
        const QStringList issues = issueTexts(r.report);
        QCOMPARE(issues[0],
                 QStringLiteral("mediqa_broken.xml:12 [B002]: wrong type: answer B002_A1: attribute ReferenceScore "
                                "must be an integer, not 'high'"));
        QCOMPARE(issues[1],
                 QStringLiteral("mediqa_broken.xml:20 [B003]: missing field: element QuestionText is missing"));
        QVERIFY2(issues[2].startsWith(QStringLiteral("mediqa_broken.xml:37 [B005]: broken XML: ")),
                 qPrintable(issues[2]));
        QCOMPARE(r.examples[1].id, QStringLiteral("B004"));
    }

    void mediqaAnsSample()
    {
        const ReadAll r = readAll(sample(QStringLiteral("mediqa/mediqa_ans_sample.json")), DataFormat::MediqaAns);
        QCOMPARE(r.report.read, 20);
        QCOMPARE(r.report.imported, 60); // two single-answer summaries and one multi-document summary each
        const Example &single = r.examples[0];
        QCOMPARE(single.task, TaskKind::Summarization);
        QCOMPARE(single.id, QStringLiteral("1/1_Answer1"));
        QVERIFY(single.meta.contains(QStringLiteral("answer_ext_summ")));
        const Example &multi = r.examples[2];
        QCOMPARE(multi.id, QStringLiteral("1/multi"));
        QCOMPARE(multi.document, r.examples[0].document + u'\n' + r.examples[1].document);
    }

    void summarizationSamples()
    {
        const ReadAll pm = readAll(sample(QStringLiteral("summarization/pubmed_summarization_sample.jsonl")),
                                   DataFormat::PubMedSummarization);
        QCOMPARE(pm.report.imported, 40);
        QCOMPARE(pm.examples.front().id, QStringLiteral("line-1"));
        QVERIFY(!pm.examples.front().document.contains(u'\n'));
        QVERIFY(!pm.examples.front().answer.contains(u'\n'));
        const ReadAll sp = readAll(sample(QStringLiteral("summarization/scientific_papers_sample.jsonl")),
                                   DataFormat::ScientificPapers);
        QCOMPARE(sp.report.imported, 30);
        QCOMPARE(sp.examples.front().id, QStringLiteral("PMC4100000"));
        QVERIFY(!sp.examples.front().answer.contains(QStringLiteral("<S>")));
        QVERIFY(sp.examples.front().answer.startsWith(QStringLiteral("background : ")));
        const ReadAll hf = readAll(sample(QStringLiteral("summarization/scientific_papers_hf_sample.jsonl")),
                                   DataFormat::ScientificPapersHf);
        QCOMPARE(hf.report.imported, 30);
        QCOMPARE(hf.examples.front().meta.value(QStringLiteral("section_names")).toArray().size(), 4);
        QCOMPARE(stripSentenceTags(QStringLiteral("<S> one . </S> <S>  two . </S>")), QStringLiteral("one . two ."));
    }

    void summarizationMalformed()
    {
        const ReadAll r
            = readAll(fixture(QStringLiteral("pubmed_summarization_malformed.jsonl")), DataFormat::PubMedSummarization);
        QCOMPARE(r.report.read, 5); // the blank line is not a record
        QCOMPARE(r.report.imported, 2);
        QCOMPARE(r.report.skipped.value(skip::invalidJson()), 1);
        QCOMPARE(r.report.skipped.value(skip::missingField()), 1);
        QCOMPARE(r.report.skipped.value(skip::wrongType()), 1);
        const QStringList issues = issueTexts(r.report);
        QVERIFY2(issues[0].startsWith(QStringLiteral("pubmed_summarization_malformed.jsonl:2: invalid JSON: ")),
                 qPrintable(issues[0]));
        QCOMPARE(issues[1],
                 QStringLiteral(
                     "pubmed_summarization_malformed.jsonl:3 [line-3]: missing field: field 'article' is missing"));
        QCOMPARE(issues[2],
                 QStringLiteral(
                     "pubmed_summarization_malformed.jsonl:4 [line-4]: wrong type: field 'article' must be a string"));
        QCOMPARE(r.examples[1].document, QStringLiteral("Patients with sepsis were treated early."));
        QCOMPARE(r.examples[1].answer, QStringLiteral("Early treatment of sepsis."));
    }

    void invalidUtf8AndEmptyFile()
    {
        const ReadAll r = readAll(fixture(QStringLiteral("invalid_utf8.jsonl")), DataFormat::PubMedSummarization);
        QCOMPARE(r.report.read, 2);
        QCOMPARE(r.report.imported, 1);
        QCOMPARE(r.report.skipped.value(skip::invalidUtf8()), 1);
        QVERIFY2(issueTexts(r.report)[0].startsWith(QStringLiteral("invalid_utf8.jsonl:1: invalid UTF-8: ")),
                 qPrintable(issueTexts(r.report)[0]));

        const ReadAll empty = readAll(fixture(QStringLiteral("empty.jsonl")), DataFormat::PubMedSummarization);
        QCOMPARE(empty.report.read, 0);
        QCOMPARE(empty.report.imported, 0);
        QCOMPARE(empty.report.skippedTotal(), 0);
        QCOMPARE(issueTexts(empty.report),
                 QStringList { QStringLiteral("empty.jsonl: empty file: the file has no records") });
    }

    // A spreadsheet's "CSV" with semicolons (European locales): the separator is taken
    // from the header row; commas inside fields stay text.
    void customCsvWithSemicolons()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("semicolons.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id;question;answer\n"
                "q1;Does aspirin, taken daily, lower the risk of stroke?;Yes, in secondary prevention.\n"
                "q2;\"Is metformin first-line; for whom?\";In type 2 diabetes.\n");
        f.close();
        QCOMPARE(csvSeparator(path), ';');
        const ReadAll r = readAll(path, DataFormat::CustomCsv);
        QCOMPARE(r.report.imported, 2);
        QCOMPARE(r.examples[0].question, QStringLiteral("Does aspirin, taken daily, lower the risk of stroke?"));
        QCOMPARE(r.examples[0].answer, QStringLiteral("Yes, in secondary prevention."));
        QCOMPARE(r.examples[1].question, QStringLiteral("Is metformin first-line; for whom?"));
        QCOMPARE(csvSeparator(sample(QStringLiteral("custom/discharge_notes_sample.csv"))), ',');
    }

    void customCsvSampleAndMalformed()
    {
        ReaderOptions options;
        options.mapping = parseColumnMapping(
            { QStringLiteral("id=note_id"), QStringLiteral("document=discharge_note") }, customFields());
        const ReadAll s
            = readAll(sample(QStringLiteral("custom/discharge_notes_sample.csv")), DataFormat::CustomCsv, options);
        QCOMPARE(s.report.imported, 30);
        QCOMPARE(s.examples.front().id, QStringLiteral("DN-1000"));
        QCOMPARE(s.examples.front().task, TaskKind::Summarization);
        QVERIFY(s.examples.front().document.contains(u'\n')); // custom documents keep line breaks
        QVERIFY(!s.examples.front().answer.isEmpty()); // "summary" is the target

        options.mapping = parseColumnMapping({ QStringLiteral("document=note") }, customFields());
        const ReadAll r = readAll(fixture(QStringLiteral("custom_malformed.csv")), DataFormat::CustomCsv, options);
        QCOMPARE(r.report.read, 5);
        QCOMPARE(r.report.imported, 2);
        QCOMPARE(issueTexts(r.report),
                 (QStringList {
                     QStringLiteral("custom_malformed.csv:5: bad row: expected 4 columns, found 2"),
                     QStringLiteral("custom_malformed.csv:6 [c4]: invalid value: task must be medical_qa or "
                                    "summarization, not 'poetry'"),
                     QStringLiteral(
                         "custom_malformed.csv:7 [c5]: missing field: no document text (map one with document=COLUMN)"),
                 }));
        QCOMPARE(r.examples[1].document, QStringLiteral("Quoted field with a \"quote\" and\na line break inside"));

        QVERIFY_THROWS_EXCEPTION(UsageError, parseColumnMapping({ QStringLiteral("diagnosis=col") }, customFields()));
        QVERIFY_THROWS_EXCEPTION(UsageError, parseColumnMapping({ QStringLiteral("question") }, customFields()));
    }

    void customJsonArrayAndJsonl()
    {
        QTemporaryDir tmp;
        QFile a(tmp.filePath(QStringLiteral("pairs.json")));
        QVERIFY(a.open(QIODevice::WriteOnly));
        a.write(
            R"([{"dialogue": "Doctor: How is the cough? Patient: Better since the inhaler.", "note": "Cough improving on inhaler."},
                   {"dialogue": ["a", "list"], "note": "wrong type"},
                   {"note": "no dialogue"}])");
        a.close();
        ReaderOptions options;
        options.mapping = parseColumnMapping({ QStringLiteral("document=dialogue"), QStringLiteral("summary=note") },
                                             customFields());
        options.task = TaskKind::Summarization;
        const ReadAll r = readAll(a.fileName(), DataFormat::CustomJson, options);
        QCOMPARE(r.report.read, 3);
        QCOMPARE(r.report.imported, 1);
        QCOMPARE(r.report.skipped.value(skip::wrongType()), 1);
        QCOMPARE(r.report.skipped.value(skip::missingField()), 1);
        QCOMPARE(r.examples[0].answer, QStringLiteral("Cough improving on inhaler."));

        QFile l(tmp.filePath(QStringLiteral("qa.jsonl")));
        QVERIFY(l.open(QIODevice::WriteOnly));
        l.write("{\"id\": \"q1\", \"question\": \"Can I take ibuprofen with warfarin?\", \"answer\": \"Avoid it: "
                "bleeding risk rises.\", \"split\": \"dev\"}\n");
        l.close();
        const ReadAll j = readAll(l.fileName(), DataFormat::CustomJsonl);
        QCOMPARE(j.report.imported, 1);
        QCOMPARE(j.examples[0].task, TaskKind::MedicalQa);
        QCOMPARE(j.examples[0].split, QStringLiteral("validation"));
    }

    void fiftyMegabyteSingleLine()
    {
        // One JSON Lines record whose article is 50 MB, then a normal record.
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("big.jsonl")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray unit = "The patient was reviewed on the ward and remained stable. ";
        const qint64 units = (50ll << 20) / unit.size() + 1;
        f.write("{\"article\": \"");
        QByteArray block;
        for (int i = 0; i < 1024; ++i)
            block += unit;
        for (qint64 i = 0; i < units / 1024 + 1; ++i)
            f.write(block);
        f.write("\", \"abstract\": \"A stable patient.\"}\n{\"article\": \"Second.\", \"abstract\": \"Two.\"}\n");
        f.close();
        QVERIFY(f.size() > 50ll << 20);
        QCOMPARE(formatName(detectFormat(f.fileName())), QStringLiteral("pubmed-summarization"));
        qint64 chars = 0, n = 0;
        ReadReport report;
        readDataFile(
            f.fileName(), DataFormat::PubMedSummarization, {},
            [&](Example &&e) {
                chars += e.document.size();
                ++n;
            },
            report);
        QCOMPARE(report.read, 2);
        QCOMPARE(report.imported, 2);
        QCOMPARE(n, 2);
        QCOMPARE(chars, (units / 1024 + 1) * 1024 * (unit.size()) - 1 + 7); // trailing space trimmed; "Second."
    }
};

QTEST_GUILESS_MAIN(DatasetReadersTest)
#include "tst_dataset_readers.moc"
