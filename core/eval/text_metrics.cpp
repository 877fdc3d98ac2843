#include "eval/text_metrics.h"

#include "eval/porter_stemmer.h"

#include <QRegularExpression>
#include <algorithm>
#include <map>

namespace medtune {
namespace {

RougeScore score(double overlap, double candidateCount, double referenceCount)
{
    RougeScore s;
    s.precision = candidateCount > 0 ? overlap / candidateCount : 0.0;
    s.recall = referenceCount > 0 ? overlap / referenceCount : 0.0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
    return s;
}

std::map<std::vector<std::string>, int> ngrams(const std::vector<std::string> &tokens, int n)
{
    std::map<std::vector<std::string>, int> counts;
    for (size_t i = 0; i + size_t(n) <= tokens.size(); ++i)
        ++counts[std::vector<std::string>(tokens.begin() + long(i), tokens.begin() + long(i) + n)];
    return counts;
}

QStringList squadTokens(const QString &text)
{
    return normalizeAnswer(text).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

std::vector<std::string> rougeTokens(const QString &text, bool stem)
{
    static const QRegularExpression nonAlnum(QStringLiteral("[^a-z0-9]+"));
    std::vector<std::string> tokens;
    for (const QString &t : text.toLower().replace(nonAlnum, QStringLiteral(" ")).split(u' ', Qt::SkipEmptyParts)) {
        std::string s = t.toStdString();
        tokens.push_back(stem && s.size() > 3 ? porterStem(s) : s);
    }
    return tokens;
}

RougeScore rougeN(const std::vector<std::string> &reference, const std::vector<std::string> &candidate, int n)
{
    const auto ref = ngrams(reference, n);
    const auto cand = ngrams(candidate, n);
    double overlap = 0, refTotal = 0, candTotal = 0;
    for (const auto &[gram, count] : ref) {
        refTotal += count;
        if (auto it = cand.find(gram); it != cand.end())
            overlap += std::min(count, it->second);
    }
    for (const auto &[gram, count] : cand)
        candTotal += count;
    return score(overlap, candTotal, refTotal);
}

RougeScore rougeL(const std::vector<std::string> &reference, const std::vector<std::string> &candidate)
{
    // Longest common subsequence by dynamic programming over two rows.
    std::vector<int> prev(candidate.size() + 1, 0), cur(candidate.size() + 1, 0);
    for (size_t i = 1; i <= reference.size(); ++i) {
        for (size_t j = 1; j <= candidate.size(); ++j)
            cur[j] = reference[i - 1] == candidate[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        std::swap(prev, cur);
    }
    return score(prev[candidate.size()], double(candidate.size()), double(reference.size()));
}

RougeScores rouge(const QString &reference, const QString &candidate, bool stem)
{
    const auto ref = rougeTokens(reference, stem);
    const auto cand = rougeTokens(candidate, stem);
    return { rougeN(ref, cand, 1), rougeN(ref, cand, 2), rougeL(ref, cand) };
}

QString normalizeAnswer(const QString &text)
{
    static const QRegularExpression punctuation(QStringLiteral("[\\p{P}\\p{S}]"));
    static const QRegularExpression articles(QStringLiteral("\\b(a|an|the)\\b"));
    QString s = text.toLower();
    s.remove(punctuation);
    s.replace(articles, QStringLiteral(" "));
    return s.simplified();
}

double exactMatch(const QString &reference, const QString &candidate)
{
    return normalizeAnswer(reference) == normalizeAnswer(candidate) ? 1.0 : 0.0;
}

double tokenF1(const QString &reference, const QString &candidate)
{
    const QStringList ref = squadTokens(reference);
    const QStringList cand = squadTokens(candidate);
    if (ref.isEmpty() || cand.isEmpty())
        return ref.isEmpty() && cand.isEmpty() ? 1.0 : 0.0;
    std::map<QString, int> refCounts;
    for (const QString &t : ref)
        ++refCounts[t];
    int common = 0;
    for (const QString &t : cand) {
        auto it = refCounts.find(t);
        if (it != refCounts.end() && it->second > 0) {
            --it->second;
            ++common;
        }
    }
    if (common == 0)
        return 0.0;
    const double p = double(common) / cand.size();
    const double r = double(common) / ref.size();
    return 2 * p * r / (p + r);
}

} // namespace medtune
