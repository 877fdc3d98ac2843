// medtune-cli make-demo-model, generate, perplexity and bench load, in-process, on a tiny
// model made through the demo model's own code path; and the demo model's determinism.
#include "cli/command_line.h"
#include "cli_runner.h"
#include "model/demo_model.h"
#include "test_support.h"
#include "text/tokenizer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <cmath>
#include <fcntl.h>
#include <future>
#include <sys/stat.h>
#include <unistd.h>

using namespace medtune;

namespace {

using Result = test::CliResult;
using test::runCli;

QByteArray sha(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// The bundled corpus, a tiny architecture and a handful of steps: seconds, same code path.
QStringList tinyDemoArgs(const QString &out, int seed)
{
    return { QStringLiteral("make-demo-model"),
             QStringLiteral("--out"),
             out,
             QStringLiteral("--seed"),
             QString::number(seed),
             QStringLiteral("--layers"),
             QStringLiteral("1"),
             QStringLiteral("--hidden"),
             QStringLiteral("32"),
             QStringLiteral("--vocab-size"),
             QStringLiteral("600"),
             QStringLiteral("--steps"),
             QStringLiteral("6"),
             QStringLiteral("--json") };
}

} // namespace

class ModelCliTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_model = m_dir.filePath(QStringLiteral("demo"));
    }

    void demoCorpusIsEmbedded()
    {
        const QStringList files = bundledDemoCorpus();
        QVERIFY(files.size() >= 5);
        qint64 bytes = 0;
        for (const QString &f : files) {
            QVERIFY(f.startsWith(QLatin1String(":/demo/corpus/")));
            bytes += QFileInfo(f).size();
        }
        QVERIFY2(bytes > 40000, qPrintable(QString::number(bytes)));
    }

    void makeDemoModelIsDeterministicAndLearns()
    {
        const Result r = runCli(tinyDemoArgs(m_model, 3));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = r.json();
        QCOMPARE(j.value(QStringLiteral("vocab_size")).toInt(), 600);
        QVERIFY(j.value(QStringLiteral("corpus_tokens")).toInt() > 5000); // the bundled corpus was used
        QVERIFY(j.value(QStringLiteral("final_loss")).toDouble() < j.value(QStringLiteral("first_loss")).toDouble());
        for (const char *f : { "config.json", "model.safetensors", "tokenizer.model", "generation_config.json" })
            QVERIFY2(QFile::exists(m_model + u'/' + QLatin1String(f)), f);

        const QString again = m_dir.filePath(QStringLiteral("again")), other = m_dir.filePath(QStringLiteral("other"));
        QCOMPARE(runCli(tinyDemoArgs(again, 3)).code, 0);
        QCOMPARE(runCli(tinyDemoArgs(other, 4)).code, 0);
        QCOMPARE(sha(again + QStringLiteral("/model.safetensors")),
                 sha(m_model + QStringLiteral("/model.safetensors")));
        // tokenizer.model records the trainer's (temporary) input paths, so compare the vocabularies.
        const auto t1 = Tokenizer::load(again + QStringLiteral("/tokenizer.model")),
                   t2 = Tokenizer::load(m_model + QStringLiteral("/tokenizer.model"));
        QCOMPARE(t1->vocabSize(), t2->vocabSize());
        for (int id = 0; id < t1->vocabSize(); ++id)
            QCOMPARE(t1->piece(id), t2->piece(id));
        QVERIFY(sha(other + QStringLiteral("/model.safetensors"))
                != sha(m_model + QStringLiteral("/model.safetensors")));
    }

    void generateAndPerplexity()
    {
        Result r = runCli({ QStringLiteral("generate"), QStringLiteral("--model"), m_model, QStringLiteral("--prompt"),
                            QStringLiteral("What is hypertension?"), QStringLiteral("--prompt"),
                            QStringLiteral("Aspirin"), QStringLiteral("--max-new-tokens"), QStringLiteral("5"),
                            QStringLiteral("--greedy"), QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray results = r.json().value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 2);
        // Without --raw the prompt is put in the instruction format training uses.
        QCOMPARE(
            results[0].toObject().value(QStringLiteral("prompt")).toString(),
            QStringLiteral(
                "System: You are a medical assistant.\nTask: medical_qa\nUser: What is hypertension?\nAssistant:"));
        QVERIFY(results[1].toObject().value(QStringLiteral("token_ids")).toArray().size() <= 5);

        r = runCli({ QStringLiteral("generate"), QStringLiteral("--model"), m_model, QStringLiteral("--prompt"),
                     QStringLiteral("Aspirin"), QStringLiteral("--raw"), QStringLiteral("--max-new-tokens"),
                     QStringLiteral("4"), QStringLiteral("--temperature"), QStringLiteral("0.8"),
                     QStringLiteral("--top-p"), QStringLiteral("0.9"), QStringLiteral("--seed"), QStringLiteral("5"),
                     QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("greedy")).toBool(), false);
        QCOMPARE(r.json()
                     .value(QStringLiteral("results"))
                     .toArray()[0]
                     .toObject()
                     .value(QStringLiteral("prompt"))
                     .toString(),
                 QStringLiteral("Aspirin"));

        r = runCli({ QStringLiteral("perplexity"), QStringLiteral("--model"), m_model, QStringLiteral("--text"),
                     test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")), QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject p = r.json();
        QVERIFY(p.value(QStringLiteral("tokens")).toInt() > 500);
        QVERIFY(std::abs(std::exp(p.value(QStringLiteral("mean_loss")).toDouble())
                         - p.value(QStringLiteral("perplexity")).toDouble())
                < 1e-6 * p.value(QStringLiteral("perplexity")).toDouble());
        QVERIFY(p.value(QStringLiteral("mean_loss")).toDouble() < std::log(600.0)); // better than uniform

        r = runCli({ QStringLiteral("perplexity"), QStringLiteral("--model"), m_model, QStringLiteral("--prompt"),
                     QStringLiteral("Name a drug."), QStringLiteral("--answer"), QStringLiteral("Metformin."),
                     QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.json().value(QStringLiteral("tokens")).toInt() >= 2);
    }

    // perplexity --text refuses a named pipe at once (deadline), an empty text and a folder;
    // a long text is cut with a note; a dataset's result names the dataset, split and count.
    void perplexityRefusesPipesAndEmptyTextsAndSaysWhatItScored()
    {
        QTemporaryDir tmp;
        const QString fifo = tmp.filePath(QStringLiteral("text.txt"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        auto pending = std::async(std::launch::async, [&] {
            return runCli(
                { QStringLiteral("perplexity"), QStringLiteral("--model"), m_model, QStringLiteral("--text"), fifo });
        });
        if (pending.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
            ::close(::open(QFile::encodeName(fifo).constData(), O_WRONLY)); // let the reader go, then fail
            pending.wait();
            QFAIL("perplexity --text blocked on a named pipe");
        }
        Result r = pending.get();
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is a named pipe (FIFO), not a regular file")), qPrintable(r.err));

        r = runCli(
            { QStringLiteral("perplexity"), QStringLiteral("--model"), m_model, QStringLiteral("--text"), tmp.path() });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is a folder")), qPrintable(r.err));

        QFile empty(tmp.filePath(QStringLiteral("empty.txt")));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.write(" \n\n ");
        empty.close();
        r = runCli({ QStringLiteral("perplexity"), QStringLiteral("--model"), m_model, QStringLiteral("--text"),
                     empty.fileName() });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is empty")), qPrintable(r.err));
        QVERIFY(!r.out.contains(QStringLiteral("perplexity:")));

        r = runCli({ QStringLiteral("perplexity"), QStringLiteral("--model"), m_model, QStringLiteral("--text"),
                     test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")),
                     QStringLiteral("--max-text-tokens"), QStringLiteral("40"), QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.json().value(QStringLiteral("tokens")).toInt() <= 40);
        QVERIFY(r.json().value(QStringLiteral("text_tokens")).toInt() > 40);
        QVERIFY2(r.err.contains(QStringLiteral("note: scored the first 40 of")), qPrintable(r.err));

        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QCOMPARE(
            runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("import"), QStringLiteral("--samples") }).code,
            0);
        r = runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("perplexity"), QStringLiteral("--model"),
                     m_model, QStringLiteral("--dataset"), QStringLiteral("Sample PubMedQA (official files)"),
                     QStringLiteral("--split"), QStringLiteral("test"), QStringLiteral("--limit"),
                     QStringLiteral("4") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("'Sample PubMedQA (official files)', split test, 4 records")),
                 qPrintable(r.out));
        r = runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("perplexity"), QStringLiteral("--model"),
                     m_model, QStringLiteral("--dataset"), QStringLiteral("Sample PubMedQA (official files)"),
                     QStringLiteral("--limit"), QStringLiteral("4"), QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("dataset")).toString(),
                 QStringLiteral("Sample PubMedQA (official files)"));
        QCOMPARE(r.json().value(QStringLiteral("split")).toString(), QStringLiteral("test"));
        QCOMPARE(r.json().value(QStringLiteral("records")).toInt(), 4);
    }

    // generate --dataset fits records to the model's positions unless --max-tokens says
    // otherwise (the demo model has 512; the old default of 1024 failed on long records).
    void generateFromDatasetFitsTheModel()
    {
        const QString ws = m_dir.filePath(QStringLiteral("gen-ws"));
        Result r = runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("import"), QStringLiteral("--samples") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("datasets"), QStringLiteral("--json") });
        const QJsonArray datasets = r.json().value(QStringLiteral("datasets")).toArray();
        QVERIFY(datasets.size() >= 5);
        int longest = 0;
        for (const QJsonValue &d : datasets) {
            r = runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("generate"), QStringLiteral("--model"),
                         m_model, QStringLiteral("--dataset"),
                         QString::number(d.toObject().value(QStringLiteral("id")).toInt()), QStringLiteral("--limit"),
                         QStringLiteral("2"), QStringLiteral("--max-new-tokens"), QStringLiteral("2"),
                         QStringLiteral("--json") });
            QVERIFY2(r.code == 0,
                     qPrintable(d.toObject().value(QStringLiteral("name")).toString() + QStringLiteral(": ") + r.err));
            for (const QJsonValue &v : r.json().value(QStringLiteral("results")).toArray())
                longest = std::max(longest, v.toObject().value(QStringLiteral("prompt_tokens")).toInt());
        }
        QVERIFY2(longest > 300 && longest < 512, qPrintable(QString::number(longest)));
    }

    void errorsAndUsage()
    {
        QCOMPARE(runCli({ QStringLiteral("generate"), QStringLiteral("--prompt"), QStringLiteral("x") }).code, 2);
        QCOMPARE(runCli({ QStringLiteral("generate"), QStringLiteral("--model"), m_model }).code, 2);
        QCOMPARE(runCli({ QStringLiteral("generate"), QStringLiteral("--model"), m_model, QStringLiteral("--prompt"),
                          QStringLiteral("x"), QStringLiteral("--greedy"), QStringLiteral("--temperature"),
                          QStringLiteral("0.5") })
                     .code,
                 2);
        QCOMPARE(runCli({ QStringLiteral("generate"), QStringLiteral("--model"), m_model, QStringLiteral("--prompt"),
                          QStringLiteral("x"), QStringLiteral("--top-p"), QStringLiteral("1.5") })
                     .code,
                 2);
        const Result missing
            = runCli({ QStringLiteral("generate"), QStringLiteral("--model"), m_dir.filePath(QStringLiteral("nope")),
                       QStringLiteral("--prompt"), QStringLiteral("x") });
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains(QLatin1String("does not exist")), qPrintable(missing.err));
        QCOMPARE(runCli({ QStringLiteral("perplexity"), QStringLiteral("--model"), m_model }).code, 2);
        QCOMPARE(runCli({ QStringLiteral("bench"), QStringLiteral("nothing") }).code, 2);
    }

    void benchLoadReportsMemory()
    {
        const Result r = runCli({ QStringLiteral("bench"), QStringLiteral("load"), QStringLiteral("--model"), m_model,
                                  QStringLiteral("--weights"), QStringLiteral("float32"), QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.json().value(QStringLiteral("weight_bytes")).toDouble() > 0);
        QCOMPARE(r.json().value(QStringLiteral("weights")).toString(), QStringLiteral("float32"));
    }

    void benchGenerateReportsEveryBatch()
    {
        // One layer at TinyLlama's widths, two batch sizes, a few tokens: the figures' shape
        // and the relations between them (speed itself is not asserted).
        const Result r
            = runCli({ QStringLiteral("bench"), QStringLiteral("generate"), QStringLiteral("--layers"),
                       QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--batch"),
                       QStringLiteral("1"), QStringLiteral("--prompt-tokens"), QStringLiteral("4"),
                       QStringLiteral("--new-tokens"), QStringLiteral("2"), QStringLiteral("--weights"),
                       QStringLiteral("float32"), QStringLiteral("--no-store"), QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = r.json();
        QVERIFY(!j.value(QStringLiteral("decode_kernel")).toString().isEmpty());
        QVERIFY(j.value(QStringLiteral("memory_read_bandwidth_GBps")).toDouble() > 0);
        const QJsonArray results = j.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 2);
        const QJsonObject one = results[0].toObject(), two = results[1].toObject();
        QCOMPARE(one.value(QStringLiteral("batch")).toInt(), 1); // sorted
        QCOMPARE(two.value(QStringLiteral("batch")).toInt(), 2);
        for (const QJsonObject &b : { one, two }) {
            QCOMPARE(b.value(QStringLiteral("weights")).toString(), QStringLiteral("float32"));
            QVERIFY(b.value(QStringLiteral("decode_tokens_per_s")).toDouble() > 0);
            QVERIFY(b.value(QStringLiteral("prefill_tokens_per_s")).toDouble() > 0);
        }
        // The bandwidth bound grows with the batch (the weights are read once per step).
        QVERIFY(std::abs(two.value(QStringLiteral("bandwidth_bound_tokens_per_s")).toDouble()
                         - 2 * one.value(QStringLiteral("bandwidth_bound_tokens_per_s")).toDouble())
                < 1e-6 * two.value(QStringLiteral("bandwidth_bound_tokens_per_s")).toDouble());
        QVERIFY(std::abs(two.value(QStringLiteral("decode_vs_batch_1")).toDouble()
                         - two.value(QStringLiteral("decode_tokens_per_s")).toDouble()
                             / one.value(QStringLiteral("decode_tokens_per_s")).toDouble())
                < 1e-9);
        // Bad input: a batch of 0, float16.
        QCOMPARE(runCli({ QStringLiteral("bench"), QStringLiteral("generate"), QStringLiteral("--batch"),
                          QStringLiteral("0") })
                     .code,
                 2);
        QCOMPARE(runCli({ QStringLiteral("bench"), QStringLiteral("generate"), QStringLiteral("--weights"),
                          QStringLiteral("float16") })
                     .code,
                 2);
    }
};

QTEST_GUILESS_MAIN(ModelCliTest)
#include "tst_model_cli.moc"
