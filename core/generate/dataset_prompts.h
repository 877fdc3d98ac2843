// Prompts in the instruction format for generation and scoring: from a record of a
// workspace dataset (cut by the length policy exactly as training formats it) or from a
// free question. No libtorch.
#pragma once

#include "data/example.h"
#include "text/prompt_formatter.h"

#include <QString>
#include <vector>

namespace medtune {

class Workspace;

struct FormattedPrompt
{
    QString id;
    QString source;
    QString task;
    QString promptText; ///< as the model reads it (cut applied)
    std::vector<int> promptIds; ///< BOS + prompt, exactly as training builds them
    QString reference; ///< the reference answer; empty when unlabelled
    std::vector<int> ids; ///< BOS + prompt + answer + EOS (labelled records only)
    std::vector<int> labels; ///< -100 on BOS and prompt (labelled records only)
};

/// One example formatted for generation. Unlabelled examples get a prompt too.
FormattedPrompt formatPrompt(const PromptFormatter &formatter, const Example &example);
/// A free question as a medical_qa prompt (no context).
FormattedPrompt formatQuestion(const PromptFormatter &formatter, const QString &question);
/// Up to `limit` records (0 = all) of a split of a dataset (id or name), in file order.
/// Records whose question and answer cannot fit the length policy are left out.
std::vector<FormattedPrompt> datasetPrompts(Workspace &workspace, const QString &dataset, const QString &split,
                                            int limit, const PromptFormatter &formatter);

} // namespace medtune
