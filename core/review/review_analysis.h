// The analysis of a review session: per-criterion agreement between reviewers, score
// distributions per system, A/B win rates with Wilson intervals, Spearman correlation of
// automatic metrics with clinician scores, span counts and the most disagreed items.
#pragma once

#include "review/output_metrics.h"
#include "review/review_store.h"
#include "review/rubric.h"

#include <QJsonObject>
#include <vector>

namespace medtune {

struct CriterionAgreement
{
    QString criterion;
    QString label;
    bool ordered = false;
    int units = 0; ///< units rated by at least two reviewers
    int reviewers = 0; ///< reviewers who rated this criterion
    double kappa = 0; ///< Cohen's kappa (linear weights when ordered); NaN unless two reviewers
    double alpha = 0; ///< Krippendorff's alpha, ordinal when ordered else nominal; NaN if undefined
    QString alphaMetric;
};

struct CriterionDistribution
{
    QString criterion;
    QString system;
    std::vector<int> counts; ///< per rubric option
    int n = 0;
    double meanPosition = 0; ///< mean 1-based option position (the score on 1-5 scales); NaN when unordered or empty
};

struct WinRate
{
    QString systemA, systemB;
    int winsA = 0, winsB = 0, ties = 0;
    double rateA = 0; ///< winsA / (winsA + winsB); NaN without decided pairs
    double low = 0, high = 0; ///< 95% Wilson interval of rateA
};

struct MetricCorrelation
{
    QString metric;
    QString criterion;
    int n = 0;
    double rho = 0; ///< Spearman; NaN when undefined
};

struct SpanCount
{
    QString system, type, severity;
    int count = 0;
};

struct DisagreedItem
{
    qint64 itemId = 0;
    QString externalId;
    double score = 0; ///< sum over criteria and outputs of the normalised spread
    QStringList details; ///< "Correctness (model-a): 2, 5"
};

struct ReviewAnalysis
{
    ReviewSession session;
    Rubric rubric;
    int items = 0;
    std::vector<Reviewer> reviewers;
    std::vector<ReviewSystem> systems;
    std::vector<SystemMetrics> metrics;
    std::vector<CriterionAgreement> agreement;
    std::vector<CriterionDistribution> distributions;
    std::vector<WinRate> winRates;
    std::vector<MetricCorrelation> correlations;
    std::vector<SpanCount> spanCounts;
    std::vector<DisagreedItem> disagreed;
    std::map<qint64, ReviewProgress> progress; ///< per reviewer id

    QJsonObject toJson() const;
};

/// Analyses a session; disagreedLimit bounds the list of most disagreed items.
ReviewAnalysis analyzeSession(ReviewStore &store, qint64 sessionId, int disagreedLimit = 10);

} // namespace medtune
