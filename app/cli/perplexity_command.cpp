// medtune-cli perplexity: mean loss per token and perplexity of a text or of an answer.
#include "cli/commands.h"
#include "cli/model_cli_options.h"
#include "eval/perplexity.h"
#include "model/llama_model.h"
#include "util/error.h"

#include <QFile>
#include <QJsonObject>

namespace medtune::cli {

int runPerplexity(CommandLine &cl)
{
    addModelOptions(cl);
    addPromptOptions(cl);
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("text"),
                  QStringLiteral("UTF-8 text file to score (long texts are scored in windows)."),
                  QStringLiteral("FILE") });
    p.addOption({ QStringLiteral("prompt"), QStringLiteral("With --answer: score only the answer after this prompt."),
                  QStringLiteral("TEXT") });
    p.addOption(
        { QStringLiteral("answer"), QStringLiteral("The answer to score after --prompt."), QStringLiteral("TEXT") });
    p.addOption({ QStringLiteral("raw"), QStringLiteral("Use --prompt as it is, without the instruction template.") });
    p.addOption({ QStringLiteral("batch-size"), QStringLiteral("Sequences per forward pass (default 4)."),
                  QStringLiteral("N"), QStringLiteral("4") });
    p.addOption({ QStringLiteral("max-length"),
                  QStringLiteral("Tokens per window (default: the model's, at most 1024)."), QStringLiteral("N"),
                  QStringLiteral("0") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Mean loss per token and perplexity of a text, or of an answer given its prompt.")))
        return cl.exitCode();
    const bool text = cl.isSet(QStringLiteral("text"));
    const bool pair = cl.isSet(QStringLiteral("prompt")) || cl.isSet(QStringLiteral("answer"));
    const bool dataset = cl.isSet(QStringLiteral("dataset"));
    if (int(text) + int(pair) + int(dataset) != 1)
        throw UsageError(QStringLiteral("give one of --text FILE, --prompt TEXT --answer TEXT, or --dataset D"));
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
        s = textLoss(*model, { QString::fromUtf8(f.readAll()) }, o);
    } else if (cl.isSet(QStringLiteral("raw"))) {
        s = pairLoss(*model,
                     { PromptAnswer { cl.value(QStringLiteral("prompt")), cl.value(QStringLiteral("answer")) } }, o);
    } else {
        // The answer-only loss of records (or of one question and answer) in the instruction
        // format, with exactly the ids and labels training uses.
        const PromptFormatter formatter = makeFormatter(cl, *model);
        std::vector<FormattedPrompt> records;
        if (dataset) {
            records = datasetPromptsFromOptions(cl, formatter);
        } else {
            Example e;
            e.id = QStringLiteral("prompt");
            e.question = cl.value(QStringLiteral("prompt"));
            e.answer = cl.value(QStringLiteral("answer"));
            records.push_back(formatPrompt(formatter, e));
            if (records.back().ids.empty())
                throw UsageError(QStringLiteral("The question and answer do not fit in --max-tokens %1")
                                     .arg(formatter.policy().maxTokens));
        }
        std::vector<LabelledSequence> sequences;
        for (const FormattedPrompt &r : records)
            if (!r.ids.empty())
                sequences.push_back(LabelledSequence { r.ids, r.labels });
        if (sequences.empty())
            throw Error(QStringLiteral("None of the records has a reference answer to score"));
        s = sequenceLoss(*model, sequences, o.batchSize);
    }
    if (cl.json()) {
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("model"), model->folder() },
                                                 { QStringLiteral("adapter"), cl.value(QStringLiteral("adapter")) },
                                                 { QStringLiteral("mean_loss"), s.meanLoss },
                                                 { QStringLiteral("perplexity"), s.perplexity },
                                                 { QStringLiteral("tokens"), qint64(s.tokens) },
                                                 { QStringLiteral("sequences"), qint64(s.sequences) } }));
        return Ok;
    }
    cl.out() << "mean loss per token: " << QString::number(s.meanLoss, 'f', 4) << " nats\n"
             << "perplexity:          " << QString::number(s.perplexity, 'f', 3) << '\n'
             << "tokens counted:      " << s.tokens << '\n';
    return Ok;
}

} // namespace medtune::cli
