// Automatic text metrics: ROUGE-1/2/L F1 (tokenized as the rouge-score package does:
// lower case, alphanumeric runs, optional Porter stemming of tokens longer than three
// letters), and SQuAD-style token F1 and exact match for short answers.
#pragma once

#include <QString>
#include <string>
#include <vector>

namespace medtune {

struct RougeScore
{
    double precision = 0;
    double recall = 0;
    double f1 = 0;
};

struct RougeScores
{
    RougeScore rouge1, rouge2, rougeL;
};

/// Lower-cased alphanumeric tokens, stemmed when asked (as rouge-score tokenizes).
std::vector<std::string> rougeTokens(const QString &text, bool stem);
RougeScore rougeN(const std::vector<std::string> &reference, const std::vector<std::string> &candidate, int n);
RougeScore rougeL(const std::vector<std::string> &reference, const std::vector<std::string> &candidate);
RougeScores rouge(const QString &reference, const QString &candidate, bool stem = false);

/// SQuAD normalization: lower case, punctuation and the articles a/an/the removed.
QString normalizeAnswer(const QString &text);
/// 1 when the normalized texts are equal, else 0.
double exactMatch(const QString &reference, const QString &candidate);
/// F1 of the bags of normalized tokens.
double tokenF1(const QString &reference, const QString &candidate);

} // namespace medtune
