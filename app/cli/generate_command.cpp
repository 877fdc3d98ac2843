// medtune-cli generate: continue prompts with a model (greedy or sampled), streamed or as JSON.
#include "cli/commands.h"
#include "cli/model_cli_options.h"
#include "generate/generator.h"
#include "model/llama_model.h"
#include "text/tokenizer.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <atomic>
#include <csignal>

namespace medtune::cli {
namespace {

std::atomic_bool g_interrupted { false };

} // namespace

int runGenerate(CommandLine &cl)
{
    addModelOptions(cl);
    addPromptOptions(cl);
    auto &p = cl.parser();
    p.addOption(
        { QStringLiteral("prompt"), QStringLiteral("Prompt text; repeat for a batch."), QStringLiteral("TEXT") });
    p.addOption(
        { QStringLiteral("raw"), QStringLiteral("Send the prompt as it is, without the instruction template.") });
    p.addOption(
        { QStringLiteral("greedy"),
          QStringLiteral(
              "Always take the most likely token (the default unless the model's generation_config.json samples).") });
    p.addOption(
        { QStringLiteral("temperature"), QStringLiteral("Sample with this temperature."), QStringLiteral("T") });
    p.addOption(
        { QStringLiteral("top-k"), QStringLiteral("Sample among the K most likely tokens."), QStringLiteral("K") });
    p.addOption({ QStringLiteral("top-p"), QStringLiteral("Sample from the smallest set with this probability mass."),
                  QStringLiteral("P") });
    p.addOption({ QStringLiteral("repetition-penalty"), QStringLiteral("Penalty (>1) for tokens already present."),
                  QStringLiteral("R") });
    p.addOption({ QStringLiteral("max-new-tokens"), QStringLiteral("Most tokens to generate."), QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("stop"), QStringLiteral("Stop before this text; may be repeated."), QStringLiteral("TEXT") });
    p.addOption({ QStringLiteral("seed"), QStringLiteral("Random seed for sampling (default 0)."), QStringLiteral("S"),
                  QStringLiteral("0") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Generate text with a model.")))
        return cl.exitCode();
    const QStringList prompts = cl.parser().values(QStringLiteral("prompt"));
    const bool fromDataset = cl.isSet(QStringLiteral("dataset"));
    if (prompts.isEmpty() == !fromDataset)
        throw UsageError(QStringLiteral("give either --prompt TEXT or --dataset D"));
    if (fromDataset && cl.isSet(QStringLiteral("raw")))
        throw UsageError(QStringLiteral("--raw applies to --prompt, not to dataset records"));
    const bool sampling = cl.isSet(QStringLiteral("temperature")) || cl.isSet(QStringLiteral("top-k"))
        || cl.isSet(QStringLiteral("top-p"));
    if (sampling && cl.isSet(QStringLiteral("greedy")))
        throw UsageError(QStringLiteral("--greedy cannot be combined with --temperature, --top-k or --top-p"));

    auto model = loadModel(cl);
    SamplingOptions o = SamplingOptions::fromDefaults(model->generationDefaults());
    if (cl.isSet(QStringLiteral("greedy")))
        o.greedy = true;
    if (sampling)
        o.greedy = false;
    if (cl.isSet(QStringLiteral("temperature")))
        o.temperature = cl.doubleValue(QStringLiteral("temperature"));
    if (cl.isSet(QStringLiteral("top-k")))
        o.topK = cl.intValue(QStringLiteral("top-k"), 0, 1 << 20);
    if (cl.isSet(QStringLiteral("top-p")))
        o.topP = cl.doubleValue(QStringLiteral("top-p"));
    if (cl.isSet(QStringLiteral("repetition-penalty")))
        o.repetitionPenalty = cl.doubleValue(QStringLiteral("repetition-penalty"));
    if (cl.isSet(QStringLiteral("max-new-tokens")))
        o.maxNewTokens = cl.intValue(QStringLiteral("max-new-tokens"), 0, 1 << 20);
    o.stopStrings = cl.parser().values(QStringLiteral("stop"));
    o.seed = uint64_t(cl.intValue(QStringLiteral("seed"), 0, INT32_MAX));
    o.validate();

    // The prompts as ids: raw text (BOS + text), or the instruction format training uses.
    std::vector<FormattedPrompt> formatted;
    if (fromDataset) {
        formatted = datasetPromptsFromOptions(cl, makeFormatter(cl, *model));
    } else if (cl.isSet(QStringLiteral("raw"))) {
        if (!model->tokenizer())
            throw Error(QStringLiteral("The model folder %1 has no tokenizer.model").arg(model->folder()));
        for (const QString &prompt : prompts) {
            FormattedPrompt f;
            f.promptText = prompt;
            f.promptIds = model->tokenizer()->encode(prompt);
            f.promptIds.insert(f.promptIds.begin(), model->tokenizer()->bosId());
            formatted.push_back(std::move(f));
        }
    } else {
        const PromptFormatter formatter = makeFormatter(cl, *model);
        for (const QString &prompt : prompts)
            formatted.push_back(formatQuestion(formatter, prompt));
    }
    std::vector<std::vector<int>> promptIds;
    QStringList texts;
    for (const FormattedPrompt &f : formatted) {
        promptIds.push_back(f.promptIds);
        texts << f.promptText;
    }

    // Ctrl+C ends generation cleanly with what was produced so far.
    g_interrupted = false;
    auto previous = std::signal(SIGINT, [](int) { g_interrupted = true; });
    const bool stream = !cl.json() && promptIds.size() == 1;
    TokenCallback onToken;
    if (stream)
        onToken = [&](const TokenEvent &e) {
            cl.out() << e.textDelta;
            cl.out().flush();
        };
    const Generator generator(model);
    std::vector<GenerationResult> results;
    try {
        results = generator.generate(promptIds, o, onToken, &g_interrupted);
    } catch (...) {
        std::signal(SIGINT, previous);
        throw;
    }
    std::signal(SIGINT, previous);

    if (cl.json()) {
        QJsonArray items;
        for (size_t i = 0; i < results.size(); ++i) {
            QJsonArray ids;
            for (int id : results[i].tokens)
                ids.append(id);
            QJsonObject item { { QStringLiteral("prompt"), texts[qsizetype(i)] },
                               { QStringLiteral("text"), results[i].text },
                               { QStringLiteral("token_ids"), ids },
                               { QStringLiteral("prompt_tokens"), results[i].promptTokens },
                               { QStringLiteral("stop_reason"), stopReasonName(results[i].reason) } };
            if (fromDataset) {
                item.insert(QStringLiteral("id"), formatted[i].id);
                item.insert(QStringLiteral("source"), formatted[i].source);
                item.insert(QStringLiteral("reference"), formatted[i].reference);
            }
            items.append(item);
        }
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("model"), model->folder() },
                                                 { QStringLiteral("adapter"), cl.value(QStringLiteral("adapter")) },
                                                 { QStringLiteral("greedy"), o.greedy },
                                                 { QStringLiteral("seed"), qint64(o.seed) },
                                                 { QStringLiteral("results"), items } }));
        return Ok;
    }
    if (stream) {
        cl.out() << '\n';
    } else {
        for (size_t i = 0; i < results.size(); ++i) {
            cl.out() << "[" << (i + 1) << (fromDataset ? QStringLiteral(" ") + formatted[i].id : QString()) << "] "
                     << results[i].text << '\n';
            if (fromDataset && !formatted[i].reference.isEmpty())
                cl.out() << "    reference: " << formatted[i].reference << '\n';
        }
    }
    return Ok;
}

} // namespace medtune::cli
