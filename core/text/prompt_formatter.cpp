#include "text/prompt_formatter.h"

#include "text/tokenizer.h"
#include "util/error.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <algorithm>

namespace medtune {

QJsonObject LengthPolicy::toJson() const
{
    return { { QStringLiteral("max_tokens"), maxTokens }, { QStringLiteral("cut"), cutName(cut) } };
}

QString LengthPolicy::cutName(Cut cut)
{
    switch (cut) {
    case Cut::Tail:
        return QStringLiteral("tail");
    case Cut::Head:
        return QStringLiteral("head");
    case Cut::Middle:
        return QStringLiteral("middle");
    }
    return {};
}

LengthPolicy::Cut LengthPolicy::parseCut(const QString &name)
{
    if (name == u"tail")
        return Cut::Tail;
    if (name == u"head")
        return Cut::Head;
    if (name == u"middle")
        return Cut::Middle;
    throw UsageError(QStringLiteral("Unknown cut '%1'").arg(name), QStringLiteral("use tail, head or middle"));
}

QString formatSkipText(FormatSkip reason, int maxTokens)
{
    switch (reason) {
    case FormatSkip::None:
        return {};
    case FormatSkip::Unlabelled:
        return QStringLiteral("no reference answer");
    case FormatSkip::AnswerTooLong:
        return QStringLiteral("the answer alone does not fit in %1 tokens").arg(maxTokens);
    case FormatSkip::PromptTooLong:
        return QStringLiteral("the question and the answer do not fit in %1 tokens").arg(maxTokens);
    }
    return {};
}

PromptFormatter::PromptFormatter(InstructionTemplate templ, std::shared_ptr<const Tokenizer> tokenizer,
                                 LengthPolicy policy)
    : m_template(std::move(templ))
    , m_tokenizer(std::move(tokenizer))
    , m_policy(policy)
{
    m_template.validate();
    if (!m_tokenizer)
        throw UsageError(QStringLiteral("A prompt formatter needs a tokenizer"));
    if (m_policy.maxTokens < 8)
        throw UsageError(QStringLiteral("The maximum sequence length must be at least 8 tokens"));
}

QString PromptFormatter::cuttable(const Example &e)
{
    return e.task == TaskKind::Summarization ? e.document : e.context;
}

static QString userText(const InstructionTemplate &m_template, const Example &e, const QString &cutText)
{
    if (e.task == TaskKind::Summarization) {
        if (e.question.isEmpty())
            return cutText;
        return m_template.questionLabel + u' ' + e.question + u'\n' + m_template.documentLabel + u' ' + cutText;
    }
    if (cutText.isEmpty())
        return e.question;
    return e.question + u'\n' + m_template.contextLabel + u' ' + cutText;
}

QString PromptFormatter::buildPromptText(const InstructionTemplate &templ, const Example &e, const QString &cutText)
{
    QString p = templ.prompt;
    p.replace(QStringLiteral("{system}"), templ.system);
    p.replace(QStringLiteral("{task}"), taskName(e.task));
    // {user} last, so that braces inside the user's text are never taken for placeholders.
    const qsizetype at = p.indexOf(QStringLiteral("{user}"));
    return p.left(at) + userText(templ, e, cutText) + p.mid(at + 6);
}

QString PromptFormatter::promptText(const Example &e, const QString &cutText) const
{
    return buildPromptText(m_template, e, cutText);
}

std::vector<int> PromptFormatter::promptIds(const QString &text) const
{
    // Control tokens written in the template ("<s>", "</s>") become their ids; the text
    // between them is encoded segment by segment.
    std::vector<int> ids { m_tokenizer->bosId() };
    static const QString specials[] = { QStringLiteral("</s>"), QStringLiteral("<s>") };
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype next = -1;
        QString which;
        for (const QString &s : specials) {
            const qsizetype i = text.indexOf(s, pos);
            if (i >= 0 && (next < 0 || i < next)) {
                next = i;
                which = s;
            }
        }
        const QString segment = text.mid(pos, next < 0 ? -1 : next - pos);
        if (!segment.isEmpty()) {
            const std::vector<int> part = m_tokenizer->encode(segment);
            ids.insert(ids.end(), part.begin(), part.end());
        }
        if (next < 0)
            break;
        ids.push_back(which == u"</s>" ? m_tokenizer->eosId() : m_tokenizer->bosId());
        pos = next + which.size();
    }
    return ids;
}

QString PromptFormatter::cutDocument(const std::vector<int> &tokens, int keep) const
{
    if (keep <= 0)
        return {};
    const int n = int(tokens.size());
    keep = std::min(keep, n);
    // A cut between tokens i-1 and i ends a word when token i starts one (its piece begins
    // with SentencePiece's space mark). Cuts move back to such a boundary, at most
    // kMaxShift tokens, so that a document is not cut mid-word where a word ends close by
    // (a run of text without spaces, a URL say, is still cut where the budget ends).
    constexpr int kMaxShift = 32;
    auto startsWord = [this, &tokens](int i) { return m_tokenizer->piece(tokens[size_t(i)]).startsWith(u'\u2581'); };
    auto endBefore = [&](int end, int floor) { // largest e <= end with a word boundary at e
        for (int e = end; e > floor; --e)
            if (e >= n || startsWord(e))
                return e;
        return end;
    };
    auto beginAfter = [&](int begin, int ceiling) { // smallest b >= begin with a word starting at b
        for (int b = begin; b < ceiling; ++b)
            if (startsWord(b))
                return b;
        return begin;
    };
    const std::span<const int> all(tokens);
    auto text = [&](int begin, int end) {
        return m_tokenizer->decode(all.subspan(size_t(begin), size_t(end - begin))).trimmed();
    };
    switch (m_policy.cut) {
    case LengthPolicy::Cut::Tail:
        return text(0, endBefore(keep, std::max(0, keep - kMaxShift)));
    case LengthPolicy::Cut::Head:
        return text(beginAfter(n - keep, std::min(n, n - keep + kMaxShift)), n);
    case LengthPolicy::Cut::Middle: {
        const int head = (keep + 1) / 2, tail = keep - head;
        const QString a = text(0, endBefore(head, std::max(0, head - kMaxShift)));
        const QString b = tail > 0 ? text(beginAfter(n - tail, std::min(n, n - tail + kMaxShift)), n) : QString();
        return b.isEmpty() ? a : a + QStringLiteral(" [...] ") + b;
    }
    }
    return {};
}

FormattedExample PromptFormatter::format(const Example &e) const
{
    FormattedExample out;
    out.targetText = e.answer;
    if (!e.labelled()) {
        out.skip = FormatSkip::Unlabelled;
        out.promptText = promptText(e);
        return out;
    }
    const int maxTokens = m_policy.maxTokens;
    const std::vector<int> answer = m_tokenizer->encode(e.answer);
    if (int(answer.size()) + 2 > maxTokens) {
        out.skip = FormatSkip::AnswerTooLong;
        return out;
    }
    const QString full = cuttable(e);
    QString cutText = full;
    std::vector<int> prompt = promptIds(promptText(e, cutText));
    auto total = [&] { return int(prompt.size() + answer.size()) + 1; };
    if (total() > maxTokens) {
        const std::vector<int> bare = promptIds(promptText(e, QString()));
        if (int(bare.size() + answer.size()) + 1 > maxTokens) {
            out.skip = FormatSkip::PromptTooLong;
            return out;
        }
        // Remove the overflow from the cuttable text's tokens, re-encode the whole prompt
        // and repeat until it fits: tokenization is not additive across the cut.
        const std::vector<int> docTokens = m_tokenizer->encode(full);
        int keep = int(docTokens.size()) - (total() - maxTokens);
        for (;;) {
            cutText = cutDocument(docTokens, keep);
            prompt = promptIds(promptText(e, cutText));
            if (total() <= maxTokens || keep <= 0)
                break;
            keep -= std::max(1, total() - maxTokens);
        }
        if (total() > maxTokens) { // cannot happen: the bare prompt fits
            cutText.clear();
            prompt = bare;
        }
        // Nothing left (or only whitespace) counts as a full cut.
        out.cutTokens = cutText.isEmpty() ? int(docTokens.size()) : int(docTokens.size()) - std::max(keep, 0);
    }
    out.promptText = promptText(e, cutText);
    out.promptLength = int(prompt.size());
    out.ids = prompt;
    out.ids.insert(out.ids.end(), answer.begin(), answer.end());
    out.ids.push_back(m_tokenizer->eosId());
    out.labels.assign(out.ids.size(), kIgnoreLabel);
    for (size_t i = size_t(out.promptLength); i < out.ids.size(); ++i)
        out.labels[i] = out.ids[i];
    return out;
}

QString PromptFormatter::cacheKey() const
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(m_tokenizer->contentHash().toUtf8());
    h.addData(QJsonDocument(m_template.toJson()).toJson(QJsonDocument::Compact));
    h.addData(QJsonDocument(m_policy.toJson()).toJson(QJsonDocument::Compact));
    h.addData("format-v2"); // v2: cuts end at word boundaries
    return QString::fromLatin1(h.result().toHex());
}

} // namespace medtune
