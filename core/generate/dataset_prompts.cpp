#include "generate/dataset_prompts.h"

#include "data/dataset_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

namespace medtune {

FormattedPrompt formatPrompt(const PromptFormatter &formatter, const Example &example)
{
    FormattedPrompt p;
    p.id = example.id;
    p.source = example.source;
    p.task = taskName(example.task);
    p.reference = example.answer;
    const FormattedExample f = formatter.format(example);
    if (f.skip == FormatSkip::None) {
        p.promptText = f.promptText;
        p.promptIds.assign(f.ids.begin(), f.ids.begin() + f.promptLength);
        p.ids = f.ids;
        p.labels = f.labels;
    } else {
        // Unlabelled (or too long to train on): the whole prompt, uncut.
        p.promptText = formatter.promptText(example);
        p.promptIds = formatter.promptIds(p.promptText);
    }
    return p;
}

FormattedPrompt formatQuestion(const PromptFormatter &formatter, const QString &question)
{
    Example e;
    e.id = QStringLiteral("prompt");
    e.source = QStringLiteral("prompt");
    e.task = TaskKind::MedicalQa;
    e.question = question;
    return formatPrompt(formatter, e);
}

std::vector<FormattedPrompt> datasetPrompts(Workspace &workspace, const QString &dataset, const QString &splitName,
                                            int limit, const PromptFormatter &formatter)
{
    DatasetStore store(workspace);
    const DatasetInfo info = store.resolve(dataset);
    const quint8 code = split::code(splitName);
    if (code == 255)
        throw UsageError(QStringLiteral("Unknown split '%1'").arg(splitName),
                         QStringLiteral("use train, validation or test"));
    auto file = store.open(info);
    std::vector<FormattedPrompt> out;
    for (qint64 i = 0; i < file->size() && (limit <= 0 || int(out.size()) < limit); ++i) {
        if (file->entry(i).split != code)
            continue;
        FormattedPrompt p = formatPrompt(formatter, file->at(i));
        if (!p.reference.isEmpty() && p.ids.empty())
            continue; // labelled but cannot fit: training skipped it too
        out.push_back(std::move(p));
    }
    if (out.empty())
        throw Error(QStringLiteral("Dataset %1 has no usable record in its %2 split").arg(info.name, splitName),
                    QStringLiteral("'medtune-cli datasets' shows the split counts"));
    return out;
}

} // namespace medtune
