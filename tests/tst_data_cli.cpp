// medtune-cli import, datasets, preview and bench import, in-process, on the samples and
// the malformed fixtures.
#include "cli/command_line.h"
#include "cli_runner.h"
#include "test_support.h"
#include "text/tokenizer.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

namespace {

struct Result
{
    int code;
    QString out;
    QString err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
};

QString sample(const QString &rel)
{
    return QDir(QStringLiteral(MEDTUNE_SOURCE_DIR "/resources/samples")).filePath(rel);
}

} // namespace

class DataCliTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_tokenizer;

    Result run(const QStringList &args, const QString &workspace)
    {
        const test::CliResult r = test::runCli(QStringList { QStringLiteral("--workspace"), workspace } + args);
        return { r.code, r.out, r.err };
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        TokenizerTrainOptions o;
        o.inputFiles = { test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")) };
        o.outputPrefix = m_tmp.filePath(QStringLiteral("bpe/clinical"));
        o.vocabSize = 500;
        m_tokenizer = Tokenizer::train(o);
    }

    void importListPreview()
    {
        const QString ws = m_tmp.filePath(QStringLiteral("ws1"));
        Result r = run({ QStringLiteral("import"), sample(QStringLiteral("pubmedqa/ori_pqal_sample.json")),
                         sample(QStringLiteral("pubmedqa/test_ground_truth_sample.json")), QStringLiteral("--name"),
                         QStringLiteral("pq") },
                       ws);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Dataset 1 'pq': 40 examples")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("splits: test 10")));

        r = run({ QStringLiteral("import"), sample(QStringLiteral("pubmedqa/test_ground_truth_sample.json")),
                  sample(QStringLiteral("pubmedqa/ori_pqal_sample.json")) },
                ws);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Already imported as dataset 1 'pq' (40 examples)")),
                 qPrintable(r.out));

        r = run({ QStringLiteral("import"), test::testDataPath(QStringLiteral("malformed/medmcqa_malformed.jsonl")),
                  QStringLiteral("--json") },
                ws);
        QCOMPARE(r.code, 0);
        const QJsonObject imp = r.json().object();
        QCOMPARE(imp.value(QStringLiteral("examples")).toInt(), 2);
        const QJsonObject file = imp.value(QStringLiteral("files")).toArray().at(0).toObject();
        QCOMPARE(file.value(QStringLiteral("read")).toInt(), 6);
        QCOMPARE(file.value(QStringLiteral("skipped")).toObject().value(QStringLiteral("invalid value")).toInt(), 1);
        QCOMPARE(file.value(QStringLiteral("issues")).toArray().size(), 4);

        r = run({ QStringLiteral("import"), sample(QStringLiteral("custom/discharge_notes_sample.csv")),
                  QStringLiteral("--map"), QStringLiteral("document=discharge_note"), QStringLiteral("--map"),
                  QStringLiteral("id=note_id"), QStringLiteral("--task"), QStringLiteral("summarization"),
                  QStringLiteral("--name"), QStringLiteral("notes") },
                ws);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("'notes': 30 examples")), qPrintable(r.out));

        r = run({ QStringLiteral("datasets"), QStringLiteral("--json"), QStringLiteral("--tokenizer"), m_tokenizer },
                ws);
        QCOMPARE(r.code, 0);
        const QJsonArray list = r.json().object().value(QStringLiteral("datasets")).toArray();
        QCOMPARE(list.size(), 3);
        const QJsonObject pq = list.at(0).toObject();
        QCOMPARE(pq.value(QStringLiteral("name")).toString(), QStringLiteral("pq"));
        const QJsonObject decisions = pq.value(QStringLiteral("statistics"))
                                          .toObject()
                                          .value(QStringLiteral("labels"))
                                          .toObject()
                                          .value(QStringLiteral("decision"))
                                          .toObject();
        QCOMPARE(decisions.value(QStringLiteral("yes")).toInt() + decisions.value(QStringLiteral("no")).toInt()
                     + decisions.value(QStringLiteral("maybe")).toInt(),
                 40);
        QCOMPARE(pq.value(QStringLiteral("tokens")).toObject().value(QStringLiteral("examples")).toInt(), 40);
        QVERIFY(pq.value(QStringLiteral("tokens"))
                    .toObject()
                    .value(QStringLiteral("prompt_tokens"))
                    .toObject()
                    .value(QStringLiteral("max"))
                    .toInt()
                > 50);

        r = run({ QStringLiteral("datasets") }, ws);
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("1  pq  [pubmedqa-split,pubmedqa]  40 examples (40 labelled)")));
        QVERIFY(r.out.contains(QStringLiteral("Duplicates: ")));

        r = run({ QStringLiteral("preview"), QStringLiteral("--dataset"), QStringLiteral("pq"),
                  QStringLiteral("--index"), QStringLiteral("0"), QStringLiteral("--tokenizer"), m_tokenizer,
                  QStringLiteral("--json") },
                ws);
        QCOMPARE(r.code, 0);
        const QJsonObject p = r.json().object();
        QVERIFY(p.value(QStringLiteral("prompt"))
                    .toString()
                    .startsWith(QStringLiteral(
                        "System: You are a medical assistant.\nTask: medical_qa\nUser: Does early mobilisation")));
        QVERIFY(p.value(QStringLiteral("target")).toString().startsWith(QStringLiteral("Yes. ")));
        const QJsonArray tokens = p.value(QStringLiteral("tokens")).toArray();
        const int promptTokens = p.value(QStringLiteral("prompt_tokens")).toInt();
        QVERIFY(promptTokens > 10 && promptTokens < tokens.size());
        for (int i = 0; i < tokens.size(); ++i)
            QCOMPARE(tokens.at(i).toObject().value(QStringLiteral("trained")).toBool(), i >= promptTokens);
        QCOMPARE(tokens.last().toObject().value(QStringLiteral("piece")).toString(), QStringLiteral("</s>"));

        r = run({ QStringLiteral("preview"), QStringLiteral("--dataset"), QStringLiteral("1"),
                  QStringLiteral("--index"), QStringLiteral("3"), QStringLiteral("--tokenizer"), m_tokenizer,
                  QStringLiteral("--template"), QStringLiteral("tinyllama-chat") },
                ws);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("<|assistant|>")) && r.out.contains(QStringLiteral("masked"))
                     && r.out.contains(QStringLiteral("trained")),
                 qPrintable(r.out));

        r = run({ QStringLiteral("preview"), QStringLiteral("--dataset"), QStringLiteral("notes"),
                  QStringLiteral("--index"), QStringLiteral("2") },
                ws);
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("Task: summarization")));

        r = run({ QStringLiteral("preview"), QStringLiteral("--dataset"), QStringLiteral("pq"),
                  QStringLiteral("--index"), QStringLiteral("40") },
                ws);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("--index")));
        r = run({ QStringLiteral("preview"), QStringLiteral("--dataset"), QStringLiteral("nothing"),
                  QStringLiteral("--index"), QStringLiteral("0") },
                ws);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("known datasets: 1 (pq)")));
    }

    void importErrors()
    {
        const QString ws = m_tmp.filePath(QStringLiteral("ws2"));
        Result r = run({ QStringLiteral("import"), sample(QStringLiteral("mediqa/mediqa_qa_sample.xml")),
                         QStringLiteral("--format"), QStringLiteral("parquet") },
                       ws);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("Unknown format 'parquet'")));
        r = run({ QStringLiteral("import"), m_tmp.filePath(QStringLiteral("absent.jsonl")) }, ws);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("does not exist")), qPrintable(r.err));
        r = run({ QStringLiteral("import"), test::testDataPath(QStringLiteral("malformed/empty.jsonl")),
                  QStringLiteral("--format"), QStringLiteral("pubmed-summarization") },
                ws);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Nothing could be imported"))
                     && r.err.contains(QStringLiteral("empty file")),
                 qPrintable(r.err));
        r = run({ QStringLiteral("import"), sample(QStringLiteral("custom/discharge_notes_sample.csv")),
                  QStringLiteral("--map"), QStringLiteral("diagnosis=x") },
                ws);
        QCOMPARE(r.code, 2);
        r = run({ QStringLiteral("import") }, ws);
        QCOMPARE(r.code, 2);
    }

    void samplesAndBench()
    {
        const QString ws = m_tmp.filePath(QStringLiteral("ws3"));
        Result r = run({ QStringLiteral("import"), QStringLiteral("--samples"), QStringLiteral("--json") }, ws);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().array().size(), 9);
        r = run({ QStringLiteral("import"), QStringLiteral("--samples") }, ws);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.count(QStringLiteral("Already imported")), 9);

        // A small benchmark run: the real one generates 512 MB.
        r = run({ QStringLiteral("bench"), QStringLiteral("import"), QStringLiteral("--size-mb"), QStringLiteral("3"),
                  QStringLiteral("--dir"), m_tmp.path(), QStringLiteral("--json") },
                ws);
        QCOMPARE(r.code, 0);
        const QJsonObject b = r.json().object();
        QVERIFY(b.value(QStringLiteral("file_mb")).toDouble() >= 3.0);
        QVERIFY(b.value(QStringLiteral("records")).toInt() > 50);
        QCOMPARE(b.value(QStringLiteral("imported")).toInt(), b.value(QStringLiteral("records")).toInt());
        QVERIFY(b.value(QStringLiteral("reader_mb_per_s")).toDouble() > 0);
        QVERIFY(b.value(QStringLiteral("peak_rss_mb_after_import")).toDouble() > 0);
        r = run({ QStringLiteral("bench"), QStringLiteral("frobnicate") }, ws);
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(DataCliTest)
#include "tst_data_cli.moc"
