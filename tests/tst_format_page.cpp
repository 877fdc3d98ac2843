// The Format page offscreen: a record under a template, length and tokenizer; the token
// strip's tokens, pieces and trained/masked split against the prompt formatter's own ids
// and labels; truncation; the template editor's validation and saving.
#include "data/dataset_file.h"
#include "data/dataset_importer.h"
#include "format/format_page.h"
#include "format/token_strip.h"
#include "test_support.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "text/tokenizer.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

class FormatPageTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void emptyWorkspaceSaysWhatToDo()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        ui::FormatPage page(ws);
        QVERIFY(page.problemText().contains(QStringLiteral("Import a dataset")));
        QVERIFY(!page.formatted());
    }

    void tokenMaskMatchesFormatter()
    {
        const QString tokenizerPath = test::sharedDataPath(QStringLiteral("llama2-tokenizer/tokenizer.model"));
        if (tokenizerPath.isEmpty())
            QSKIP("../shared/data/llama2-tokenizer is absent");
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        ImportOptions o;
        const DatasetInfo qa
            = importDataset(
                  ws, { QStringLiteral(MEDTUNE_SOURCE_DIR "/resources/samples/pubmedqa/ori_pqal_sample.json") }, o)
                  .dataset;
        const DatasetInfo sum
            = importDataset(ws,
                            { QStringLiteral(MEDTUNE_SOURCE_DIR
                                             "/resources/samples/summarization/pubmed_summarization_sample.jsonl") },
                            o)
                  .dataset;

        // The demo model's tokenizer is the default (a copy of the LLaMA one stands in).
        const QString demoTokenizer = QDir(ws.modelsDir()).filePath(QStringLiteral("demo/tokenizer.model"));
        QVERIFY(QDir().mkpath(QFileInfo(demoTokenizer).path()));
        QVERIFY(QFile::copy(tokenizerPath, demoTokenizer));
        ui::FormatPage page(ws);
        page.resize(1400, 860);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.tokenizerPath(), demoTokenizer);
        QVERIFY(page.formatted());
        // Without a tokenizer the page says what to choose.
        page.setTokenizerPath(QString());
        QVERIFY2(page.problemText().contains(QStringLiteral("tokenizer")), qPrintable(page.problemText()));
        page.setTokenizerPath(demoTokenizer);
        page.showRecord(qa.id, 3);
        QVERIFY2(page.problemText().isEmpty(), qPrintable(page.problemText()));
        QVERIFY(page.formatted());

        // The formatter, independently, on the same record.
        const auto tok = Tokenizer::load(tokenizerPath);
        auto file = DatasetFile::open(qa.storageDir);
        const Example e = file->at(3);
        QCOMPARE(page.example()->id, e.id);
        const PromptFormatter formatter(InstructionTemplate::plain(), tok, LengthPolicy {});
        const FormattedExample f = formatter.format(e);
        QCOMPARE(f.skip, FormatSkip::None);
        const ui::TokenStrip *strip = page.tokenStrip();
        QCOMPARE(strip->tokens().size(), f.ids.size());
        const int trained
            = int(std::count_if(f.labels.begin(), f.labels.end(), [](int l) { return l != kIgnoreLabel; }));
        QCOMPARE(strip->trainedCount(), trained);
        QCOMPARE(strip->maskedCount(), int(f.labels.size()) - trained);
        QCOMPARE(strip->maskedCount(), f.promptLength);
        for (size_t i = 0; i < f.ids.size(); ++i) {
            QCOMPARE(strip->tokens()[i].id, f.ids[i]);
            QCOMPARE(strip->tokens()[i].label, f.labels[i]);
            QCOMPARE(strip->tokens()[i].piece, tok->piece(f.ids[i]));
        }
        QVERIFY(strip->tokens().front().control); // BOS
        QCOMPARE(strip->tokens().back().id, tok->eosId());
        QVERIFY(strip->tokens().back().trained());
        QCOMPARE(page.promptText(), f.promptText);
        QCOMPARE(page.targetText(), e.answer);
        QVERIFY2(page.countsText().contains(QStringLiteral("Prompt <b>%1</b>").arg(f.promptLength)),
                 qPrintable(page.countsText()));
        QVERIFY(page.countsText().contains(QStringLiteral("no truncation")));
        const QString tip = strip->tokenToolTip(f.promptLength);
        QVERIFY2(tip.contains(QStringLiteral("id %1").arg(f.ids[size_t(f.promptLength)]))
                     && tip.contains(QStringLiteral("trained")),
                 qPrintable(tip));
        QVERIFY(strip->tokenToolTip(0).contains(QStringLiteral("label -100")));
        // Hit-testing: the first chip is token 0.
        QCOMPARE(strip->tokenAt(QPoint(6, 6)), 0);
        QTest::keyClick(page.tokenStrip(), Qt::Key_End);
        QCOMPARE(strip->currentToken(), int(f.ids.size()) - 1);

        // A short maximum length cuts the context; counts and strip follow.
        page.setMaxLength(160);
        LengthPolicy shortPolicy;
        shortPolicy.maxTokens = 160;
        const FormattedExample cut = PromptFormatter(InstructionTemplate::plain(), tok, shortPolicy).format(e);
        QVERIFY(cut.truncated());
        QCOMPARE(page.formatted()->cutTokens, cut.cutTokens);
        QCOMPARE(int(strip->tokens().size()), int(cut.ids.size()));
        QVERIFY(int(strip->tokens().size()) <= 160);
        QVERIFY2(page.countsText().contains(QStringLiteral("cut")), qPrintable(page.countsText()));
        page.setMaxLength(1024);

        // The chat template on a summarization record.
        page.selectTemplate(InstructionTemplate::tinyLlamaChat().name);
        page.showRecord(sum.id, 0);
        auto sumFile = DatasetFile::open(sum.storageDir);
        const FormattedExample s
            = PromptFormatter(InstructionTemplate::tinyLlamaChat(), tok, LengthPolicy {}).format(sumFile->at(0));
        QCOMPARE(int(strip->tokens().size()), int(s.ids.size()));
        QCOMPARE(strip->trainedCount(), int(s.ids.size()) - s.promptLength);
        page.grab().toImage().save(QDir(test::artefactDir()).filePath(QStringLiteral("format-summarization.png")));

        // Template editor: validates as you type, shows the reason, saves when valid.
        page.selectTemplate(InstructionTemplate::plain().name);
        page.showRecord(qa.id, 3);
        page.setTemplatePrompt(QStringLiteral("Question without the placeholder"));
        QVERIFY(page.validationMessage().contains(QStringLiteral("{user}")));
        QVERIFY(!page.saveTemplate());
        QCOMPARE(strip->tokens().size(), f.ids.size()); // the preview keeps the last valid template
        page.setTemplateName(QStringLiteral("terse"));
        page.setTemplatePrompt(QStringLiteral("Q: {user}\nA:"));
        QVERIFY(page.validationMessage().isEmpty());
        InstructionTemplate terse = InstructionTemplate::plain();
        terse.name = QStringLiteral("terse");
        terse.prompt = QStringLiteral("Q: {user}\nA:");
        const FormattedExample t = PromptFormatter(terse, tok, LengthPolicy {}).format(e);
        QCOMPARE(int(strip->tokens().size()), int(t.ids.size())); // live preview of the edit
        QVERIFY(t.ids.size() < f.ids.size());
        QVERIFY(page.saveTemplate());
        const auto stored = TemplateStore(ws).find(QStringLiteral("terse"));
        QVERIFY(stored);
        QCOMPARE(stored->prompt, QStringLiteral("Q: {user}\nA:"));
        QVERIFY(!stored->builtin);

        page.selectTemplate(InstructionTemplate::plain().name);
        page.showRecord(qa.id, 3);
        QTest::qWait(50);
        const QImage shot = page.grab().toImage();
        QVERIFY(!shot.isNull());
        shot.save(QDir(test::artefactDir()).filePath(QStringLiteral("format.png")));
    }
};

QTEST_MAIN(FormatPageTest)
#include "tst_format_page.moc"
