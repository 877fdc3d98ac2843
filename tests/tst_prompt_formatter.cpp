// The unified instruction format: templates as data, prompt/target/ids/labels with an exact
// boundary, the length policy (only the document or context is ever cut), the tokenized
// cache and the collator. The property test runs over every bundled sample, both
// built-in templates, several lengths and all three cut policies.
#include "data/custom_reader.h"
#include "data/data_format.h"
#include "data/dataset_file.h"
#include "data/dataset_importer.h"
#include "data/dataset_store.h"
#include "data/format_detector.h"
#include "test_support.h"
#include "text/collator.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "text/tokenized_cache.h"
#include "text/tokenizer.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

namespace {

QString sample(const QString &rel)
{
    return QDir(QStringLiteral(MEDTUNE_SOURCE_DIR "/resources/samples")).filePath(rel);
}

std::vector<Example> allSampleExamples()
{
    std::vector<Example> out;
    const QStringList files = { QStringLiteral("pubmedqa/ori_pqal_sample.json"),
                                QStringLiteral("pubmedqa/pubmedqa_hf_sample.jsonl"),
                                QStringLiteral("medmcqa/medmcqa_train_sample.jsonl"),
                                QStringLiteral("mediqa/mediqa_qa_sample.xml"),
                                QStringLiteral("mediqa/mediqa_ans_sample.json"),
                                QStringLiteral("summarization/pubmed_summarization_sample.jsonl"),
                                QStringLiteral("summarization/scientific_papers_sample.jsonl"),
                                QStringLiteral("summarization/scientific_papers_hf_sample.jsonl"),
                                QStringLiteral("custom/discharge_notes_sample.csv") };
    for (const QString &f : files) {
        ReaderOptions options;
        options.mapping = { { QStringLiteral("document"), QStringLiteral("discharge_note") } };
        ReadReport report;
        readDataFile(
            sample(f), detectFormat(sample(f)), options, [&](Example &&e) { out.push_back(std::move(e)); }, report);
    }
    return out;
}

QString llama()
{
    return test::sharedDataPath(QStringLiteral("llama2-tokenizer/tokenizer.model"));
}

} // namespace

class PromptFormatterTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::shared_ptr<const Tokenizer> m_trained;
    std::vector<Example> m_examples;
    int m_tailCuts = 0; ///< tail cuts that kept some text
    int m_tailCutsAtWordEnd = 0; ///< of those, the ones whose kept text ends where a word ends

    // Checks every invariant of one formatted example; returns an empty string when all hold.
    QString violations(const PromptFormatter &f, const Example &e, const FormattedExample &out)
    {
        const Tokenizer &tok = f.tokenizer();
        const int maxTokens = f.policy().maxTokens;
        if (out.skip != FormatSkip::None) {
            const int answerTokens = int(tok.encode(e.answer).size());
            if (out.skip == FormatSkip::AnswerTooLong)
                return answerTokens + 2 > maxTokens ? QString() : QStringLiteral("skipped for a long answer that fits");
            if (out.skip == FormatSkip::PromptTooLong) {
                const int bare = int(f.promptIds(f.promptText(e, QString())).size());
                return bare + answerTokens + 1 > maxTokens ? QString()
                                                           : QStringLiteral("skipped although it fits without context");
            }
            return QStringLiteral("unexpected skip");
        }
        if (int(out.ids.size()) > maxTokens)
            return QStringLiteral("%1 tokens exceed %2").arg(out.ids.size()).arg(maxTokens);
        if (out.ids.front() != tok.bosId() || out.ids.back() != tok.eosId())
            return QStringLiteral("no BOS/EOS");
        if (out.labels.size() != out.ids.size())
            return QStringLiteral("labels and ids differ in length");
        for (size_t i = 0; i < out.ids.size(); ++i) {
            const int expected = int(i) < out.promptLength ? kIgnoreLabel : out.ids[i];
            if (out.labels[i] != expected)
                return QStringLiteral("label %1 is %2, expected %3").arg(i).arg(out.labels[i]).arg(expected);
        }
        // The trained tokens decode to the target, then EOS.
        const std::span<const int> trained(out.ids.data() + out.promptLength,
                                           out.ids.size() - size_t(out.promptLength));
        if (tok.decode(trained.first(trained.size() - 1)) != e.answer || trained.back() != tok.eosId())
            return QStringLiteral("trained tokens decode to '%1'").arg(tok.decode(trained.first(trained.size() - 1)));
        // Exact boundary: the prompt ids are exactly what generation would be fed.
        const std::vector<int> promptIds = f.promptIds(out.promptText);
        if (!std::equal(promptIds.begin(), promptIds.end(), out.ids.begin())
            || int(promptIds.size()) != out.promptLength)
            return QStringLiteral("prompt ids differ from promptIds(promptText)");
        // The question is never touched.
        if (!e.question.isEmpty() && !out.promptText.contains(e.question))
            return QStringLiteral("the question is not intact in the prompt");
        const QString full = PromptFormatter::cuttable(e);
        if (!out.truncated()) {
            if (out.promptText != f.promptText(e))
                return QStringLiteral("an uncut prompt differs from the full prompt");
            return {};
        }
        // Cut away entirely: the prompt is the one without a context block.
        if (out.promptText == f.promptText(e, QString()))
            return out.cutTokens == int(tok.encode(full).size()) ? QString()
                                                                 : QStringLiteral("wrong count for a full cut");
        // What is left of the document or context is a part of the original of the right kind.
        const QString before = f.promptText(e, QStringLiteral("\x01"));
        const qsizetype at = before.indexOf(u'\x01');
        const QString kept = out.promptText.mid(at, out.promptText.size() - (before.size() - 1));
        if (!out.promptText.startsWith(before.left(at)) || !out.promptText.endsWith(before.mid(at + 1)))
            return QStringLiteral("the template around the cut text changed");
        switch (f.policy().cut) {
        case LengthPolicy::Cut::Tail:
            if (!full.startsWith(kept))
                return QStringLiteral("tail cut kept '%1', not a beginning").arg(kept.left(60));
            if (!kept.isEmpty() && kept.size() < full.size()) {
                ++m_tailCuts;
                // Where a word ended in what was kept, the cut is at a word end.
                const bool atWordEnd = full.at(kept.size()).isSpace();
                m_tailCutsAtWordEnd += atWordEnd;
                if (!atWordEnd && kept.contains(u' '))
                    return QStringLiteral("tail cut mid-word after '%1' although a word ended before")
                        .arg(kept.right(30));
            }
            break;
        case LengthPolicy::Cut::Head:
            if (!full.endsWith(kept))
                return QStringLiteral("head cut kept '%1', not an end").arg(kept.right(60));
            break;
        case LengthPolicy::Cut::Middle: {
            const qsizetype mark = kept.indexOf(QStringLiteral(" [...] "));
            if (!kept.isEmpty() && mark < 0 && !full.startsWith(kept))
                return QStringLiteral("middle cut without its marker");
            if (mark >= 0 && (!full.startsWith(kept.left(mark)) || !full.endsWith(kept.mid(mark + 7))))
                return QStringLiteral("middle cut kept parts that are not the two ends");
            break;
        }
        }
        const qsizetype mark = kept.indexOf(QStringLiteral(" [...] "));
        const qsizetype keptChars
            = mark >= 0 && f.policy().cut == LengthPolicy::Cut::Middle ? kept.size() - 7 : kept.size();
        if (keptChars >= full.size())
            return QStringLiteral("truncated but nothing was removed");
        return {};
    }

    void checkAll(const std::shared_ptr<const Tokenizer> &tok, int *formatted, int *truncated, int *skipped)
    {
        for (const InstructionTemplate &t : builtinTemplates()) {
            for (int maxTokens : { 48, 128, 4096 }) {
                for (auto cut : { LengthPolicy::Cut::Tail, LengthPolicy::Cut::Head, LengthPolicy::Cut::Middle }) {
                    const PromptFormatter f(t, tok, { maxTokens, cut });
                    for (const Example &e : m_examples) {
                        const FormattedExample out = f.format(e);
                        const QString v = violations(f, e, out);
                        if (!v.isEmpty())
                            QFAIL(qPrintable(QStringLiteral("%1 / %2 / max %3 / cut %4 / %5: %6")
                                                 .arg(t.name, e.id)
                                                 .arg(maxTokens)
                                                 .arg(LengthPolicy::cutName(cut), e.source, v)));
                        *formatted += out.skip == FormatSkip::None;
                        *truncated += out.truncated();
                        *skipped += out.skip != FormatSkip::None;
                    }
                }
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        TokenizerTrainOptions o;
        o.inputFiles = { test::testDataPath(QStringLiteral("corpus/clinical_sentences.txt")) };
        o.outputPrefix = m_tmp.filePath(QStringLiteral("bpe/clinical"));
        o.vocabSize = 600;
        o.extraFlags.insert(QStringLiteral("normalization_rule_name"), QStringLiteral("identity"));
        m_trained = Tokenizer::load(Tokenizer::train(o));
        m_examples = allSampleExamples();
        QCOMPARE(int(m_examples.size()), 40 + 30 + 36 + 30 + 60 + 40 + 30 + 30 + 30);
    }

    void defaultTemplateIsExact()
    {
        Example e;
        e.task = TaskKind::MedicalQa;
        e.question = QStringLiteral("Does zinc shorten diarrhoea in children?");
        e.context = QStringLiteral("A trial of 500 children.");
        e.answer = QStringLiteral("Yes. Zinc shortened it by a day.");
        const PromptFormatter f(InstructionTemplate::plain(), m_trained);
        QCOMPARE(f.promptText(e),
                 QStringLiteral("System: You are a medical assistant.\nTask: medical_qa\n"
                                "User: Does zinc shorten diarrhoea in children?\nContext: A trial of 500 children.\n"
                                "Assistant:"));
        e.task = TaskKind::Summarization;
        e.question.clear();
        e.context.clear();
        e.document = QStringLiteral("The whole note.");
        QCOMPARE(f.promptText(e),
                 QStringLiteral("System: You are a medical assistant.\nTask: summarization\n"
                                "User: The whole note.\nAssistant:"));
        const PromptFormatter chat(InstructionTemplate::tinyLlamaChat(), m_trained);
        QCOMPARE(chat.promptText(e),
                 QStringLiteral(
                     "<|system|>\nYou are a medical assistant.</s>\n<|user|>\nThe whole note.</s>\n<|assistant|>\n"));
        // "</s>" in the template is the EOS control token, not the characters.
        const std::vector<int> ids = chat.promptIds(chat.promptText(e));
        QCOMPARE(std::count(ids.begin(), ids.end(), m_trained->eosId()), 2);
        QCOMPARE(ids.front(), m_trained->bosId());
    }

    void propertyOverSamplesTrainedTokenizer()
    {
        int formatted = 0, truncated = 0, skipped = 0;
        m_tailCuts = m_tailCutsAtWordEnd = 0;
        checkAll(m_trained, &formatted, &truncated, &skipped);
        qDebug() << "formatted" << formatted << "truncated" << truncated << "skipped" << skipped << "tail cuts"
                 << m_tailCuts << "at a word end" << m_tailCutsAtWordEnd;
        // Cuts end where a word ends whenever one ends close by (checked per cut above).
        QVERIFY(m_tailCuts > 50);
        QVERIFY2(m_tailCutsAtWordEnd > m_tailCuts / 2,
                 qPrintable(QStringLiteral("%1 of %2").arg(m_tailCutsAtWordEnd).arg(m_tailCuts)));
        // The small lengths must really exercise every branch.
        QVERIFY(formatted > 1500);
        QVERIFY(truncated > 200);
        QVERIFY(skipped > 50);
    }

    void propertyOverSamplesLlamaTokenizer()
    {
        if (llama().isEmpty())
            QSKIP("../shared/data/llama2-tokenizer is absent");
        int formatted = 0, truncated = 0, skipped = 0;
        checkAll(Tokenizer::load(llama()), &formatted, &truncated, &skipped);
        QVERIFY(formatted > 1500);
        QVERIFY(truncated > 200);
    }

    void unlabelledAndTooLongAreSkippedWithReasons()
    {
        Example e;
        e.question = QStringLiteral("Which drug?");
        const PromptFormatter f(InstructionTemplate::plain(), m_trained, { 16, LengthPolicy::Cut::Tail });
        QCOMPARE(f.format(e).skip, FormatSkip::Unlabelled);
        e.answer = QString(QStringLiteral("The answer is long. ")).repeated(10).trimmed();
        QCOMPARE(f.format(e).skip, FormatSkip::AnswerTooLong);
        QCOMPARE(formatSkipText(FormatSkip::AnswerTooLong, 16),
                 QStringLiteral("the answer alone does not fit in 16 tokens"));
        QVERIFY_THROWS_EXCEPTION(UsageError, LengthPolicy::parseCut(QStringLiteral("sideways")));
    }

    void templateStore()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        TemplateStore store(ws);
        QCOMPARE(store.list().size(), 2);
        InstructionTemplate t = InstructionTemplate::plain();
        t.name = QStringLiteral("terse");
        t.system = QStringLiteral("Answer briefly.");
        store.save(t);
        QCOMPARE(store.resolve(QStringLiteral("terse")).system, QStringLiteral("Answer briefly."));
        InstructionTemplate edited = InstructionTemplate::plain();
        edited.system = QStringLiteral("You are a careful clinician.");
        store.save(edited);
        QCOMPARE(store.list().size(), 3);
        QCOMPARE(store.resolve(QStringLiteral("default")).system, QStringLiteral("You are a careful clinician."));
        store.remove(QStringLiteral("default"));
        QCOMPARE(store.resolve(QStringLiteral("default")).system, QStringLiteral("You are a medical assistant."));
        InstructionTemplate bad = t;
        bad.prompt = QStringLiteral("No placeholder");
        QVERIFY_THROWS_EXCEPTION(UsageError, store.save(bad));
        QVERIFY_THROWS_EXCEPTION(UsageError, store.resolve(QStringLiteral("missing")));
    }

    void tokenizedCacheIsKeyedAndRebuilt()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        const ImportResult r
            = importDataset(ws, { sample(QStringLiteral("summarization/pubmed_summarization_sample.jsonl")) });
        DatasetStore store(ws);
        auto file = store.open(r.dataset);
        // A length at the median full length: about half the examples need a cut.
        std::vector<int> fullLengths;
        const PromptFormatter unlimited(InstructionTemplate::plain(), m_trained,
                                        { 1 << 20, LengthPolicy::Cut::Middle });
        for (qint64 i = 0; i < file->size(); ++i)
            fullLengths.push_back(int(unlimited.format(file->at(i)).ids.size()));
        std::sort(fullLengths.begin(), fullLengths.end());
        const int maxTokens = fullLengths[fullLengths.size() / 2];
        const PromptFormatter f(InstructionTemplate::plain(), m_trained, { maxTokens, LengthPolicy::Cut::Middle });
        bool rebuilt = false;
        auto cache = TokenizedCache::openOrBuild(ws.cacheDir(), *file, r.dataset.contentHash, f, &rebuilt);
        QVERIFY(rebuilt);
        QCOMPARE(cache->size(), 40);
        // Records equal a fresh formatting.
        for (qint64 i = 0; i < cache->size(); ++i) {
            const FormattedExample fe = f.format(file->at(i));
            const TokenizedCache::Record rec = cache->record(i);
            QCOMPARE(rec.promptLength, fe.promptLength);
            QCOMPARE(rec.cutTokens, fe.cutTokens);
            QVERIFY(std::equal(rec.ids.begin(), rec.ids.end(), fe.ids.begin(), fe.ids.end()));
        }
        // Statistics against an independent count.
        const TokenStatistics s = cache->statistics(maxTokens);
        int truncated = 0, maxTotal = 0;
        for (qint64 i = 0; i < cache->size(); ++i) {
            truncated += cache->record(i).cutTokens > 0;
            maxTotal = std::max(maxTotal, int(cache->record(i).ids.size()));
        }
        QCOMPARE(s.truncated, truncated);
        QVERIFY(truncated > 0);
        QCOMPARE(s.total.max, maxTotal);
        QVERIFY(s.total.max <= maxTokens);
        QCOMPARE(s.formatted, 40);
        const QString path = cache->path();
        cache.reset();

        // Re-opening is a lookup, not a rebuild.
        QElapsedTimer timer;
        timer.start();
        cache = TokenizedCache::openOrBuild(ws.cacheDir(), *file, r.dataset.contentHash, f, &rebuilt);
        QVERIFY(!rebuilt);
        qDebug() << "re-open took" << timer.nsecsElapsed() / 1000 << "us";
        cache.reset();

        // Another policy is another cache; a damaged file is rebuilt.
        const PromptFormatter g(InstructionTemplate::plain(), m_trained, { maxTokens + 1, LengthPolicy::Cut::Middle });
        auto other = TokenizedCache::openOrBuild(ws.cacheDir(), *file, r.dataset.contentHash, g, &rebuilt);
        QVERIFY(rebuilt);
        QVERIFY(other->path() != path);
        QFile damaged(path);
        QVERIFY(damaged.open(QIODevice::ReadWrite));
        QVERIFY(damaged.resize(damaged.size() / 2));
        damaged.close();
        cache = TokenizedCache::openOrBuild(ws.cacheDir(), *file, r.dataset.contentHash, f, &rebuilt);
        QVERIFY(rebuilt);
        QCOMPARE(cache->record(5).promptLength, f.format(file->at(5)).promptLength);
    }

    void collatorPadsAndMasks()
    {
        const std::vector<qint32> a = { 1, 10, 11, 12, 20, 2 };
        const std::vector<qint32> b = { 1, 30, 40, 2 };
        const std::vector<SequenceView> seqs = { { a, 4 }, { b, 2 } };
        const Batch batch = collate(seqs, 0);
        QCOMPARE(batch.rows, 2);
        QCOMPARE(batch.columns, 6);
        QCOMPARE(batch.inputIds, (std::vector<qint32> { 1, 10, 11, 12, 20, 2, 1, 30, 40, 2, 0, 0 }));
        QCOMPARE(batch.attentionMask, (std::vector<qint32> { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }));
        QCOMPARE(batch.labels, (std::vector<qint32> { -100, -100, -100, -100, 20, 2, -100, -100, 40, 2, -100, -100 }));
        QCOMPARE(batch.trainedTokens, 4);
    }
};

QTEST_GUILESS_MAIN(PromptFormatterTest)
#include "tst_prompt_formatter.moc"
