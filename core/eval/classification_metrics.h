// Accuracy and macro-averaged F1 of predicted labels against gold labels (PubMedQA
// yes/no/maybe, MedMCQA A-D). A missing prediction (empty string) counts as wrong.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace medtune {

struct ClassificationScores
{
    int count = 0;
    int correct = 0;
    int unparsed = 0; ///< predictions that named no label
    double accuracy = 0;
    double macroF1 = 0; ///< mean F1 over the given labels
};

ClassificationScores classificationScores(const std::vector<QString> &gold, const std::vector<QString> &predicted,
                                          const QStringList &labels);

} // namespace medtune
