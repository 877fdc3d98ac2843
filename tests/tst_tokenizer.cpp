// The SentencePiece bridge: LLaMA-2 ids against spm_encode, training, round trips and
// clear errors, all in one process that also runs libtorch.
#include "test_support.h"
#include "text/tokenizer.h"
#include "util/error.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <torch/torch.h>

using namespace medtune;

class TokenizerTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_trained;

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_tmp.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write fixture");
        f.write(bytes);
        return path;
    }

    template<typename F> QString errorOf(F &&f)
    {
        try {
            f();
        } catch (const Error &e) {
            return e.fullMessage();
        }
        return {};
    }

    static QString llama() { return test::sharedDataPath(QStringLiteral("llama2-tokenizer/tokenizer.model")); }

    // Ids that the reference command-line encoder prints for one line of text.
    static std::vector<int> spmEncode(const QString &model, const QString &line)
    {
        QProcess p;
        p.start(QStandardPaths::findExecutable(QStringLiteral("spm_encode")),
                { QStringLiteral("--model=") + model, QStringLiteral("--output_format=id") });
        p.write(line.toUtf8() + '\n');
        p.closeWriteChannel();
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            return { -1 };
        std::vector<int> ids;
        for (const QByteArray &t : p.readAllStandardOutput().trimmed().split(' '))
            if (!t.isEmpty())
                ids.push_back(t.toInt());
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        TokenizerTrainOptions o;
        o.inputFiles = { test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")) };
        o.outputPrefix = m_tmp.filePath(QStringLiteral("bpe/clinical"));
        o.vocabSize = 400;
        m_trained = Tokenizer::train(o);
        QVERIFY(QFileInfo::exists(m_trained));
    }

    void llamaHelloWorld()
    {
        if (llama().isEmpty())
            QSKIP("../shared/data/llama2-tokenizer is absent");
        const auto tok = Tokenizer::load(llama());
        QCOMPARE(tok->vocabSize(), 32000);
        QCOMPARE(tok->bosId(), 1);
        QCOMPARE(tok->eosId(), 2);
        QCOMPARE(tok->unkId(), 0);
        QCOMPARE(tok->padId(), -1);
        QCOMPARE(tok->encode(QStringLiteral("Hello world")), (std::vector<int> { 15043, 3186 }));
        QCOMPARE(tok->piece(15043), QStringLiteral("\u2581Hello"));
        QCOMPARE(tok->pieceToId(QStringLiteral("\u2581world")), 3186);
        QCOMPARE(tok->pieceKind(1), PieceKind::Control);
        QCOMPARE(tok->pieceKind(0), PieceKind::Unknown);
        QCOMPARE(tok->pieceKind(3 + 0x0A), PieceKind::Byte); // <0x0A>
        QCOMPARE(tok->piece(3 + 0x0A), QStringLiteral("<0x0A>"));
        QCOMPARE(tok->contentHash(),
                 QStringLiteral("9e556afd44213b6bd1be2b850ebbbd98f5481437a8021afaf58ee7fb1818d347"));
    }

    void llamaMatchesSpmEncode_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("hello") << QStringLiteral("Hello world");
        QTest::newRow("clinical") << QStringLiteral("Metformin 500 mg twice daily; eGFR < 30 mL/min/1.73m².");
        QTest::newRow("unicode") << QStringLiteral("Ödem der Unterschenkel – keine Dyspnoe, SpO₂ 97 %");
        QTest::newRow("cjk-bytes") << QStringLiteral("高血压 and 糖尿病");
        QTest::newRow("spaces") << QStringLiteral("  two  spaces   and tabs\there");
    }

    void llamaMatchesSpmEncode()
    {
        QFETCH(QString, text);
        if (llama().isEmpty())
            QSKIP("../shared/data/llama2-tokenizer is absent");
        if (QStandardPaths::findExecutable(QStringLiteral("spm_encode")).isEmpty())
            QSKIP("spm_encode is not installed (Debian package 'sentencepiece')");
        const auto tok = Tokenizer::load(llama());
        QCOMPARE(tok->encode(text), spmEncode(llama(), text));
    }

    void trainedModelRoundTrips()
    {
        const auto tok = Tokenizer::load(m_trained);
        QCOMPARE(tok->vocabSize(), 400);
        QCOMPARE(tok->unkId(), 0);
        QCOMPARE(tok->bosId(), 1);
        QCOMPARE(tok->eosId(), 2);
        const QStringList texts = { QStringLiteral("The patient was discharged on day four."),
                                    QStringLiteral("Sepsis is a life-threatening organ dysfunction."),
                                    QStringLiteral("Unseen words: zygomatic Quokka ß ☃ 42%") };
        for (const QString &t : texts) {
            const std::vector<int> ids = tok->encode(t);
            QVERIFY(!ids.empty());
            QCOMPARE(tok->decode(ids), t);
            // Every id maps to a piece and back.
            for (int id : ids)
                QCOMPARE(tok->pieceToId(tok->piece(id)), id);
        }
        // Byte fallback: characters absent from the corpus become byte pieces, not <unk>.
        int bytePieces = 0;
        for (int id : tok->encode(QStringLiteral("☃"))) {
            QVERIFY(tok->pieceKind(id) != PieceKind::Unknown);
            bytePieces += tok->pieceKind(id) == PieceKind::Byte;
        }
        QCOMPARE(bytePieces, 3); // U+2603 is three UTF-8 bytes
        // The hash identifies the bytes: stable across loads, 64 hex digits.
        QCOMPARE(Tokenizer::load(m_trained)->contentHash(), tok->contentHash());
        QCOMPARE(tok->contentHash().size(), 64);
    }

    void trainsUnigram()
    {
        TokenizerTrainOptions o;
        o.inputFiles = { test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")) };
        o.outputPrefix = m_tmp.filePath(QStringLiteral("uni/clinical"));
        o.vocabSize = 500; // byte fallback alone needs 256 pieces
        o.type = TokenizerTrainOptions::ModelType::Unigram;
        const auto tok = Tokenizer::load(Tokenizer::train(o));
        QCOMPARE(tok->vocabSize(), 500);
        const QString text = QStringLiteral("Atrial fibrillation increases the risk of stroke.");
        QCOMPARE(tok->decode(tok->encode(text)), text);
        QVERIFY(tok->contentHash() != Tokenizer::load(m_trained)->contentHash());
    }

    // A trained model records neither the input paths nor the output folder: the same
    // text trained in two different folders gives the same bytes.
    void trainingIsIndependentOfPaths()
    {
        const QString corpus = test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt"));
        QStringList models;
        for (const QString &folder : { QStringLiteral("first place"), QStringLiteral("elsewhere/deeper") }) {
            QDir().mkpath(m_tmp.filePath(folder));
            const QString copy = m_tmp.filePath(folder + QStringLiteral("/corpus.txt"));
            QVERIFY(QFile::copy(corpus, copy));
            TokenizerTrainOptions o;
            o.inputFiles = { copy };
            o.outputPrefix = m_tmp.filePath(folder + QStringLiteral("/model"));
            o.vocabSize = 400;
            models << Tokenizer::train(o);
        }
        QFile a(models[0]), b(models[1]);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray bytes = a.readAll();
        QCOMPARE(bytes, b.readAll());
        QVERIFY(!bytes.contains(m_tmp.path().toUtf8()));
        QVERIFY(!bytes.contains("corpus.txt"));
        QVERIFY(!QFileInfo::exists(models[0] + QStringLiteral(".tmp")));
        // The same model as training from the original file.
        QCOMPARE(Tokenizer::load(models[0])->contentHash(), Tokenizer::load(m_trained)->contentHash());
    }

    void tensorsInTheSameProcess()
    {
        // libtorch and SentencePiece together: token ids become a tensor and an embedding
        // lookup returns the expected rows.
        const auto tok = Tokenizer::load(m_trained);
        const std::vector<int> ids = tok->encode(QStringLiteral("Blood pressure control"));
        std::vector<int64_t> ids64(ids.begin(), ids.end());
        const torch::Tensor index = torch::tensor(ids64, torch::kLong);
        const torch::Tensor table = torch::arange(400 * 4, torch::kFloat).reshape({ 400, 4 });
        const torch::Tensor rows = table.index_select(0, index);
        QCOMPARE(rows.size(0), qint64(ids.size()));
        for (size_t i = 0; i < ids.size(); ++i)
            QCOMPARE(rows[int64_t(i)][0].item<float>(), float(ids[i] * 4));
        const torch::Tensor a = torch::tensor({ 1.0f, 2.0f, 3.0f, 4.0f }).reshape({ 2, 2 });
        const torch::Tensor p = torch::matmul(a, a);
        QCOMPARE(p[0][0].item<float>(), 7.0f);
        QCOMPARE(p[1][1].item<float>(), 22.0f);
    }

    void errors()
    {
        QString e = errorOf([&] { Tokenizer::load(m_tmp.filePath(QStringLiteral("nope/tokenizer.model"))); });
        QVERIFY2(e.contains(QStringLiteral("does not exist")) && e.contains(QStringLiteral("nope/tokenizer.model")),
                 qPrintable(e));

        e = errorOf([&] { Tokenizer::load(writeFile(QStringLiteral("empty.model"), {})); });
        QVERIFY2(e.contains(QStringLiteral("is empty")), qPrintable(e));

        e = errorOf([&] { Tokenizer::load(writeFile(QStringLiteral("corrupt.model"), QByteArray(4096, '\x9c'))); });
        QVERIFY2(e.contains(QStringLiteral("not a valid SentencePiece model"))
                     && e.contains(QStringLiteral("corrupt.model")),
                 qPrintable(e));

        e = errorOf([&] { Tokenizer::load(writeFile(QStringLiteral("tokenizer.json"), "{\"version\": \"1.0\"}")); });
        QVERIFY2(e.contains(QStringLiteral("not a valid SentencePiece model")), qPrintable(e));

        const auto tok = Tokenizer::load(m_trained);
        e = errorOf([&] { tok->decode(std::vector<int> { 5, 400 }); });
        QVERIFY2(e.contains(QStringLiteral("400")) && e.contains(QStringLiteral("outside the vocabulary")),
                 qPrintable(e));
        e = errorOf([&] { tok->piece(-1); });
        QVERIFY2(e.contains(QStringLiteral("outside the vocabulary")), qPrintable(e));

        TokenizerTrainOptions o;
        o.inputFiles = { m_tmp.filePath(QStringLiteral("missing.txt")) };
        o.outputPrefix = m_tmp.filePath(QStringLiteral("x/m"));
        e = errorOf([&] { Tokenizer::train(o); });
        QVERIFY2(e.contains(QStringLiteral("missing.txt")) && e.contains(QStringLiteral("does not exist")),
                 qPrintable(e));

        o.inputFiles = { test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")) };
        o.vocabSize = 50000;
        e = errorOf([&] { Tokenizer::train(o); });
        QVERIFY2(e.contains(QStringLiteral("Tokenizer training failed")), qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TokenizerTest)
#include "tst_tokenizer.moc"
