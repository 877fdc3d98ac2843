// medtune-cli preview: one example as training sees it: prompt, target and, with a
// tokenizer, the token table (id, piece, label, trained or masked).
#include "cli/commands.h"
#include "data/dataset_store.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"
#include "text/tokenizer.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {

int runPreview(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("dataset"), QStringLiteral("Dataset id or name."), QStringLiteral("D") });
    p.addOption({ QStringLiteral("index"), QStringLiteral("Record number, from 0."), QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("template"), QStringLiteral("Template name (default: default)."), QStringLiteral("T") });
    p.addOption({ QStringLiteral("tokenizer"), QStringLiteral("tokenizer.model for ids, labels and truncation."),
                  QStringLiteral("PATH") });
    p.addOption({ QStringLiteral("max-tokens"), QStringLiteral("Maximum sequence length (default 1024)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("cut"),
                  QStringLiteral("What to cut from a long document or context: tail, head or middle."),
                  QStringLiteral("C") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Show one example's prompt, target and tokens.")))
        return cl.exitCode();
    if (!cl.isSet(QStringLiteral("dataset")) || !cl.isSet(QStringLiteral("index")))
        throw UsageError(QStringLiteral("--dataset D and --index N are required"));

    DatasetStore store(cl.workspace());
    const DatasetInfo info = store.resolve(cl.value(QStringLiteral("dataset")));
    auto file = store.open(info);
    if (file->size() == 0)
        throw UsageError(QStringLiteral("Dataset '%1' is empty").arg(info.name));
    const int index = cl.intValue(QStringLiteral("index"), 0, int(std::min<qint64>(file->size() - 1, 2147483647)));
    const Example e = file->at(index);
    const InstructionTemplate templ
        = TemplateStore(cl.workspace())
              .resolve(cl.isSet(QStringLiteral("template")) ? cl.value(QStringLiteral("template"))
                                                            : QStringLiteral("default"));
    LengthPolicy policy;
    if (cl.isSet(QStringLiteral("max-tokens")))
        policy.maxTokens = cl.intValue(QStringLiteral("max-tokens"), 8, 1 << 20);
    if (cl.isSet(QStringLiteral("cut")))
        policy.cut = LengthPolicy::parseCut(cl.value(QStringLiteral("cut")));

    QJsonObject json { { QStringLiteral("dataset"), info.name },
                       { QStringLiteral("index"), index },
                       { QStringLiteral("example"), e.toJson() },
                       { QStringLiteral("template"), templ.name } };
    QString prompt, target = e.answer;
    FormattedExample f;
    std::shared_ptr<const Tokenizer> tok;
    if (cl.isSet(QStringLiteral("tokenizer"))) {
        tok = Tokenizer::load(cl.value(QStringLiteral("tokenizer")));
        PromptFormatter formatter(templ, tok, policy);
        f = formatter.format(e);
        prompt = f.promptText.isEmpty() ? formatter.promptText(e) : f.promptText;
        QJsonArray tokens;
        for (size_t i = 0; i < f.ids.size(); ++i)
            tokens.append(QJsonObject { { QStringLiteral("id"), f.ids[i] },
                                        { QStringLiteral("piece"), tok->piece(f.ids[i]) },
                                        { QStringLiteral("label"), f.labels[i] },
                                        { QStringLiteral("trained"), f.labels[i] != kIgnoreLabel } });
        json.insert(QStringLiteral("tokens"), tokens);
        json.insert(QStringLiteral("prompt_tokens"), f.promptLength);
        json.insert(QStringLiteral("cut_tokens"), f.cutTokens);
        json.insert(QStringLiteral("max_tokens"), policy.maxTokens);
        if (f.skip != FormatSkip::None)
            json.insert(QStringLiteral("skipped"), formatSkipText(f.skip, policy.maxTokens));
    } else {
        // Without a tokenizer there is no length policy to apply: the full prompt.
        prompt = PromptFormatter::buildPromptText(templ, e, PromptFormatter::cuttable(e));
    }
    json.insert(QStringLiteral("prompt"), prompt);
    json.insert(QStringLiteral("target"), target);
    if (cl.json()) {
        cl.printJson(QJsonDocument(json));
        return Ok;
    }
    QTextStream &out = cl.out();
    out << "Dataset '" << info.name << "' record " << index << ": " << e.id << " (" << e.source << ", " << e.split
        << ", " << taskName(e.task) << ")\n";
    out << "--- prompt ---\n"
        << prompt << "\n--- target ---\n"
        << (target.isEmpty() ? QStringLiteral("(none: unlabelled)") : target) << '\n';
    if (tok) {
        if (f.skip != FormatSkip::None) {
            out << "--- skipped: " << formatSkipText(f.skip, policy.maxTokens) << " ---\n";
            return Ok;
        }
        out << "--- tokens: " << f.ids.size() << " (prompt " << f.promptLength << ", trained "
            << f.ids.size() - size_t(f.promptLength)
            << (f.cutTokens > 0 ? QStringLiteral(", %1 tokens cut from the %2")
                                      .arg(f.cutTokens)
                                      .arg(e.task == TaskKind::Summarization ? u"document" : u"context")
                                : QString())
            << ") ---\n";
        out << QStringLiteral("%1  %2  %3  %4\n")
                   .arg(QStringLiteral("pos"), 5)
                   .arg(QStringLiteral("id"), 6)
                   .arg(QStringLiteral("label"), 6)
                   .arg(QStringLiteral("piece"));
        for (size_t i = 0; i < f.ids.size(); ++i)
            out << QStringLiteral("%1  %2  %3  %4  %5\n")
                       .arg(i, 5)
                       .arg(f.ids[i], 6)
                       .arg(f.labels[i], 6)
                       .arg(f.labels[i] == kIgnoreLabel ? QStringLiteral("masked ") : QStringLiteral("trained"))
                       .arg(tok->piece(f.ids[i]));
    }
    return Ok;
}

} // namespace medtune::cli
