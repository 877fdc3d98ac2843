// medtune-cli perplexity: mean loss per token and perplexity of a text or of an answer.
#include "cli/commands.h"
#include "cli/model_cli_options.h"

#include "eval/perplexity.h"
#include "generate/generator.h"
#include "model/llama_model.h"
#include "util/error.h"

#include <QFile>
#include <QJsonObject>

namespace medtune::cli {

int runPerplexity(CommandLine &cl)
{
    addModelOptions(cl);
    auto &p = cl.parser();
    p.addOption({QStringLiteral("text"), QStringLiteral("UTF-8 text file to score (long texts are scored in windows)."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("prompt"), QStringLiteral("With --answer: score only the answer after this prompt."), QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("answer"), QStringLiteral("The answer to score after --prompt."), QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("raw"), QStringLiteral("Use --prompt as it is, without the instruction template.")});
    p.addOption({QStringLiteral("batch-size"), QStringLiteral("Sequences per forward pass (default 4)."), QStringLiteral("N"), QStringLiteral("4")});
    p.addOption({QStringLiteral("max-length"), QStringLiteral("Tokens per window (default: the model's, at most 1024)."), QStringLiteral("N"), QStringLiteral("0")});
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Mean loss per token and perplexity of a text, or of an answer given its prompt.")))
        return cl.exitCode();
    const bool text = cl.isSet(QStringLiteral("text"));
    const bool pair = cl.isSet(QStringLiteral("prompt")) || cl.isSet(QStringLiteral("answer"));
    if (text == pair)
        throw UsageError(QStringLiteral("give either --text FILE or --prompt TEXT --answer TEXT"));
    if (pair && !(cl.isSet(QStringLiteral("prompt")) && cl.isSet(QStringLiteral("answer"))))
        throw UsageError(QStringLiteral("--prompt and --answer go together"));
    LossOptions o;
    o.batchSize = cl.intValue(QStringLiteral("batch-size"), 1, 1024);
    o.maxLength = cl.intValue(QStringLiteral("max-length"), 0, 1 << 20);

    auto model = loadModel(cl);
    LossSummary s;
    if (text) {
        QFile f(cl.value(QStringLiteral("text")));
        if (!f.open(QIODevice::ReadOnly))
            throw Error(QStringLiteral("%1: cannot open: %2").arg(f.fileName(), f.errorString()));
        s = textLoss(*model, {QString::fromUtf8(f.readAll())}, o);
    } else {
        const QString prompt = cl.isSet(QStringLiteral("raw")) ? cl.value(QStringLiteral("prompt"))
                                                                : formatInstructionPrompt(cl.value(QStringLiteral("prompt")));
        s = pairLoss(*model, {PromptAnswer{prompt, cl.value(QStringLiteral("answer"))}}, o);
    }
    if (cl.json()) {
        cl.printJson(QJsonDocument(QJsonObject{{QStringLiteral("model"), model->folder()},
                                               {QStringLiteral("mean_loss"), s.meanLoss},
                                               {QStringLiteral("perplexity"), s.perplexity},
                                               {QStringLiteral("tokens"), qint64(s.tokens)},
                                               {QStringLiteral("sequences"), qint64(s.sequences)}}));
        return Ok;
    }
    cl.out() << "mean loss per token: " << QString::number(s.meanLoss, 'f', 4) << " nats\n"
             << "perplexity:          " << QString::number(s.perplexity, 'f', 3) << '\n'
             << "tokens counted:      " << s.tokens << '\n';
    return Ok;
}

} // namespace medtune::cli
