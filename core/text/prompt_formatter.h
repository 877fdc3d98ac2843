// Turns an Example into what training sees: prompt text, target text, token ids and labels
// (-100 on BOS and the prompt; the answer and the closing EOS trained), with an exact
// prompt/answer token boundary and a length policy that cuts only the document or context.
#pragma once

#include "data/example.h"
#include "text/instruction_template.h"

#include <QJsonObject>
#include <QString>
#include <memory>
#include <vector>

namespace medtune {

class Tokenizer;

inline constexpr int kIgnoreLabel = -100;

struct LengthPolicy
{
    /// Which part of an over-long document or context is removed: its tail (keeps the
    /// beginning), its head (keeps the end) or its middle (keeps both ends).
    enum class Cut : quint8 { Tail, Head, Middle };

    int maxTokens = 1024; ///< BOS + prompt + answer + EOS
    Cut cut = Cut::Tail;

    QJsonObject toJson() const;
    static QString cutName(Cut cut);
    /// "tail", "head" or "middle"; throws UsageError otherwise.
    static Cut parseCut(const QString &name);
};

enum class FormatSkip : quint8 {
    None = 0,
    Unlabelled = 1, ///< no reference answer to train on
    AnswerTooLong = 2, ///< the answer alone does not fit
    PromptTooLong = 3, ///< question (or template) and answer do not fit even without context
};
QString formatSkipText(FormatSkip reason, int maxTokens);

struct FormattedExample
{
    QString promptText; ///< as the model reads it (after any cut), without the answer
    QString targetText; ///< the reference answer
    std::vector<int> ids; ///< BOS, prompt, answer, EOS
    std::vector<int> labels; ///< kIgnoreLabel for BOS and prompt; the ids elsewhere
    int promptLength = 0; ///< tokens before the answer (BOS included)
    int cutTokens = 0; ///< tokens removed from the document or context
    FormatSkip skip = FormatSkip::None;
    bool truncated() const { return cutTokens > 0; }
};

/// Thread-safe once built (const; the tokenizer is immutable).
class PromptFormatter
{
public:
    PromptFormatter(InstructionTemplate templ, std::shared_ptr<const Tokenizer> tokenizer, LengthPolicy policy = {});

    FormattedExample format(const Example &example) const;
    /// The prompt text with the cuttable part replaced by cutText.
    QString promptText(const Example &example, const QString &cutText) const;
    QString promptText(const Example &example) const { return promptText(example, cuttable(example)); }
    /// Prompt ids for generation: BOS + prompt exactly as format() builds them.
    std::vector<int> promptIds(const QString &promptText) const;
    /// The document (summarization) or context (QA) that the length policy may cut.
    static QString cuttable(const Example &example);
    /// The prompt text of templ for example with cutText in place of the cuttable part
    /// (no tokenizer needed: what previews show before any length policy applies).
    static QString buildPromptText(const InstructionTemplate &templ, const Example &example, const QString &cutText);

    const InstructionTemplate &instructionTemplate() const { return m_template; }
    const LengthPolicy &policy() const { return m_policy; }
    const Tokenizer &tokenizer() const { return *m_tokenizer; }
    /// Identifies everything that changes the ids: tokenizer hash, template, policy.
    QString cacheKey() const;

private:
    QString cutDocument(const std::vector<int> &tokens, int keep) const;

    InstructionTemplate m_template;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    LengthPolicy m_policy;
};

} // namespace medtune
