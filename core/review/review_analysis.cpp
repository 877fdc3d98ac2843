#include "review/review_analysis.h"

#include "eval/statistics.h"
#include "review/agreement.h"

#include <QJsonArray>
#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <set>

namespace medtune {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

/// unit (output id, or item id for item-level criteria) -> reviewer -> option index
using Ratings = std::map<qint64, std::map<qint64, int>>;

} // namespace

ReviewAnalysis analyzeSession(ReviewStore &store, qint64 sessionId, int disagreedLimit)
{
    ReviewAnalysis a;
    a.session = store.session(sessionId).value();
    a.rubric = store.rubric(a.session.rubricId);
    const std::vector<ReviewItem> items = store.items(sessionId);
    a.items = int(items.size());
    a.reviewers = store.sessionReviewers(sessionId);
    a.systems = store.systems(sessionId);
    for (const Reviewer &r : a.reviewers)
        a.progress[r.id] = store.progress(sessionId, r.id);

    std::map<qint64, const ReviewOutput *> outputs;
    std::map<qint64, const ReviewItem *> itemById;
    std::map<qint64, QString> systemName;
    for (const ReviewSystem &s : a.systems)
        systemName[s.id] = s.name;
    for (const ReviewItem &it : items) {
        itemById[it.id] = &it;
        for (const ReviewOutput &o : it.outputs)
            outputs[o.id] = &o;
    }

    // Automatic metrics per system.
    for (const ReviewSystem &s : a.systems) {
        std::vector<QJsonObject> m;
        for (const auto &[id, o] : outputs)
            if (o->systemId == s.id)
                m.push_back(o->metrics);
        a.metrics.push_back(aggregateMetrics(s.name, m));
    }

    // Ratings per criterion.
    std::map<QString, Ratings> ratings;
    std::vector<Judgment> judgments = store.judgments(sessionId);
    for (const Judgment &j : judgments) {
        const RubricCriterion *c = a.rubric.criterion(j.criterion);
        if (!c || c->kind != RubricCriterion::Kind::Choice)
            continue;
        const int index = c->optionIndex(j.value);
        if (index < 0)
            continue;
        const qint64 unit = c->scope == RubricCriterion::Scope::Item ? j.itemId : j.outputId;
        ratings[c->id][unit][j.reviewerId] = index;
    }

    for (const RubricCriterion &c : a.rubric.criteria) {
        if (c.kind != RubricCriterion::Kind::Choice)
            continue;
        const Ratings &r = ratings[c.id];
        CriterionAgreement ag;
        ag.criterion = c.id;
        ag.label = c.label;
        ag.ordered = c.ordered;
        ag.alphaMetric = c.ordered ? QStringLiteral("ordinal") : QStringLiteral("nominal");
        std::set<qint64> raters;
        for (const auto &[unit, byReviewer] : r) {
            for (const auto &[reviewer, v] : byReviewer)
                raters.insert(reviewer);
            if (byReviewer.size() >= 2)
                ++ag.units;
        }
        ag.reviewers = int(raters.size());
        const std::vector<qint64> raterList(raters.begin(), raters.end());
        std::vector<std::vector<std::optional<double>>> table;
        for (const auto &[unit, byReviewer] : r) {
            std::vector<std::optional<double>> row(raterList.size());
            for (size_t k = 0; k < raterList.size(); ++k) {
                auto it = byReviewer.find(raterList[k]);
                if (it != byReviewer.end())
                    row[k] = double(it->second);
            }
            table.push_back(std::move(row));
        }
        ag.alpha
            = ag.units > 0 ? krippendorffAlpha(table, c.ordered ? AlphaMetric::Ordinal : AlphaMetric::Nominal) : kNaN;
        ag.kappa = kNaN;
        if (raterList.size() == 2) {
            std::vector<int> x, y;
            for (const auto &[unit, byReviewer] : r) {
                auto i = byReviewer.find(raterList[0]);
                auto j = byReviewer.find(raterList[1]);
                if (i != byReviewer.end() && j != byReviewer.end()) {
                    x.push_back(i->second);
                    y.push_back(j->second);
                }
            }
            if (!x.empty())
                ag.kappa
                    = cohensKappa(x, y, int(c.options.size()), c.ordered ? KappaWeights::Linear : KappaWeights::None);
        }
        a.agreement.push_back(ag);

        // Distributions per system (output-level criteria).
        if (c.scope == RubricCriterion::Scope::Output) {
            for (const ReviewSystem &s : a.systems) {
                CriterionDistribution d;
                d.criterion = c.id;
                d.system = s.name;
                d.counts.assign(c.options.size(), 0);
                double sum = 0;
                for (const auto &[unit, byReviewer] : r) {
                    auto o = outputs.find(unit);
                    if (o == outputs.end() || o->second->systemId != s.id)
                        continue;
                    for (const auto &[reviewer, v] : byReviewer) {
                        ++d.counts[size_t(v)];
                        ++d.n;
                        sum += v + 1;
                    }
                }
                d.meanPosition = c.ordered && d.n > 0 ? sum / d.n : kNaN;
                a.distributions.push_back(std::move(d));
            }
        }
    }

    // A/B preference: canonical A is an item's first output (lower system id).
    std::map<std::pair<qint64, qint64>, WinRate> wins;
    for (const Judgment &j : judgments) {
        const RubricCriterion *c = a.rubric.criterion(j.criterion);
        if (!c || c->scope != RubricCriterion::Scope::Item || c->id != QLatin1String("preference"))
            continue;
        const ReviewItem *it = itemById.at(j.itemId);
        if (it->outputs.size() != 2)
            continue;
        const auto key = std::make_pair(it->outputs[0].systemId, it->outputs[1].systemId);
        WinRate &w = wins[key];
        w.systemA = it->outputs[0].systemName;
        w.systemB = it->outputs[1].systemName;
        if (j.value == QLatin1String("A"))
            ++w.winsA;
        else if (j.value == QLatin1String("B"))
            ++w.winsB;
        else
            ++w.ties;
    }
    for (auto &[key, w] : wins) {
        const int decided = w.winsA + w.winsB;
        w.rateA = decided > 0 ? double(w.winsA) / decided : kNaN;
        if (decided > 0)
            std::tie(w.low, w.high) = wilsonInterval(w.winsA, decided);
        else
            w.low = w.high = kNaN;
        a.winRates.push_back(w);
    }

    // Spearman of each automatic metric with each ordered output criterion's mean score.
    for (const QString &metric : numericMetricNames()) {
        for (const RubricCriterion &c : a.rubric.criteria) {
            if (!c.isScale() || c.scope != RubricCriterion::Scope::Output)
                continue;
            std::vector<double> x, y;
            for (const auto &[unit, byReviewer] : ratings[c.id]) {
                auto o = outputs.find(unit);
                if (o == outputs.end() || !o->second->metrics.contains(metric) || byReviewer.empty())
                    continue;
                double sum = 0;
                for (const auto &[reviewer, v] : byReviewer)
                    sum += v + 1;
                x.push_back(o->second->metrics.value(metric).toDouble());
                y.push_back(sum / double(byReviewer.size()));
            }
            if (x.size() < 3)
                continue;
            a.correlations.push_back({ metric, c.id, int(x.size()), spearman(x, y) });
        }
    }

    // Hallucination spans per system, type and severity.
    std::map<std::tuple<QString, QString, QString>, int> spanCounts;
    for (const Span &s : store.spans(sessionId)) {
        auto o = outputs.find(s.outputId);
        if (o != outputs.end())
            ++spanCounts[{ o->second->systemName, s.type, s.severity }];
    }
    for (const auto &[key, count] : spanCounts)
        a.spanCounts.push_back({ std::get<0>(key), std::get<1>(key), std::get<2>(key), count });

    // Most disagreed items: normalised spread of each rated unit, summed per item.
    std::map<qint64, DisagreedItem> byItem;
    for (const RubricCriterion &c : a.rubric.criteria) {
        if (c.kind != RubricCriterion::Kind::Choice)
            continue;
        for (const auto &[unit, byReviewer] : ratings[c.id]) {
            if (byReviewer.size() < 2)
                continue;
            int lo = INT_MAX, hi = INT_MIN;
            QStringList values;
            for (const auto &[reviewer, v] : byReviewer) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                values << c.options[size_t(v)].value;
            }
            if (lo == hi)
                continue;
            const double spread = c.ordered ? double(hi - lo) / double(c.options.size() - 1) : 1.0;
            qint64 itemId = unit;
            QString where;
            if (c.scope == RubricCriterion::Scope::Output) {
                const ReviewOutput *o = outputs.at(unit);
                itemId = o->itemId;
                where = QStringLiteral(" (%1)").arg(o->systemName);
            }
            DisagreedItem &d = byItem[itemId];
            d.itemId = itemId;
            d.externalId = itemById.at(itemId)->externalId;
            d.score += spread;
            d.details << QStringLiteral("%1%2: %3").arg(c.label, where, values.join(QStringLiteral(", ")));
        }
    }
    for (auto &[id, d] : byItem)
        a.disagreed.push_back(d);
    std::stable_sort(a.disagreed.begin(), a.disagreed.end(),
                     [](const DisagreedItem &x, const DisagreedItem &y) { return x.score > y.score; });
    if (int(a.disagreed.size()) > disagreedLimit)
        a.disagreed.resize(size_t(disagreedLimit));
    return a;
}

QJsonObject ReviewAnalysis::toJson() const
{
    QJsonArray reviewersJson, systemsJson, metricsJson, agreementJson, distJson, winJson, corrJson, spanJson, disJson;
    for (const Reviewer &r : reviewers) {
        const ReviewProgress p = progress.count(r.id) ? progress.at(r.id) : ReviewProgress {};
        reviewersJson.append(QJsonObject { { QStringLiteral("name"), r.name },
                                           { QStringLiteral("submitted"), p.submitted },
                                           { QStringLiteral("skipped"), p.skipped },
                                           { QStringLiteral("flagged"), p.flagged },
                                           { QStringLiteral("total"), p.total } });
    }
    for (const ReviewSystem &s : systems)
        systemsJson.append(QJsonObject { { QStringLiteral("name"), s.name },
                                         { QStringLiteral("model_hash"), s.modelHash },
                                         { QStringLiteral("adapter_hash"), s.adapterHash },
                                         { QStringLiteral("settings"), s.settings } });
    for (const SystemMetrics &m : metrics)
        metricsJson.append(m.toJson());
    for (const CriterionAgreement &g : agreement)
        agreementJson.append(QJsonObject {
            { QStringLiteral("criterion"), g.criterion },
            { QStringLiteral("units"), g.units },
            { QStringLiteral("reviewers"), g.reviewers },
            { QStringLiteral("cohens_kappa"), number(g.kappa) },
            { QStringLiteral("kappa_weights"), g.ordered ? QStringLiteral("linear") : QStringLiteral("none") },
            { QStringLiteral("krippendorff_alpha"), number(g.alpha) },
            { QStringLiteral("alpha_metric"), g.alphaMetric } });
    for (const CriterionDistribution &d : distributions) {
        QJsonArray counts;
        for (int c : d.counts)
            counts.append(c);
        distJson.append(QJsonObject { { QStringLiteral("criterion"), d.criterion },
                                      { QStringLiteral("system"), d.system },
                                      { QStringLiteral("counts"), counts },
                                      { QStringLiteral("n"), d.n },
                                      { QStringLiteral("mean_position"), number(d.meanPosition) } });
    }
    for (const WinRate &w : winRates)
        winJson.append(QJsonObject { { QStringLiteral("system_a"), w.systemA },
                                     { QStringLiteral("system_b"), w.systemB },
                                     { QStringLiteral("wins_a"), w.winsA },
                                     { QStringLiteral("wins_b"), w.winsB },
                                     { QStringLiteral("ties"), w.ties },
                                     { QStringLiteral("win_rate_a"), number(w.rateA) },
                                     { QStringLiteral("ci95_low"), number(w.low) },
                                     { QStringLiteral("ci95_high"), number(w.high) } });
    for (const MetricCorrelation &c : correlations)
        corrJson.append(QJsonObject { { QStringLiteral("metric"), c.metric },
                                      { QStringLiteral("criterion"), c.criterion },
                                      { QStringLiteral("n"), c.n },
                                      { QStringLiteral("spearman"), number(c.rho) } });
    for (const SpanCount &s : spanCounts)
        spanJson.append(QJsonObject { { QStringLiteral("system"), s.system },
                                      { QStringLiteral("type"), s.type },
                                      { QStringLiteral("severity"), s.severity },
                                      { QStringLiteral("count"), s.count } });
    for (const DisagreedItem &d : disagreed)
        disJson.append(QJsonObject { { QStringLiteral("item"), d.externalId },
                                     { QStringLiteral("score"), d.score },
                                     { QStringLiteral("details"), QJsonArray::fromStringList(d.details) } });
    return { { QStringLiteral("session"), session.name },
             { QStringLiteral("task"), session.task },
             { QStringLiteral("blind"), session.blind },
             { QStringLiteral("rubric"), QStringLiteral("%1 v%2").arg(rubric.name).arg(rubric.version) },
             { QStringLiteral("items"), items },
             { QStringLiteral("reviewers"), reviewersJson },
             { QStringLiteral("systems"), systemsJson },
             { QStringLiteral("automatic_metrics"), metricsJson },
             { QStringLiteral("agreement"), agreementJson },
             { QStringLiteral("distributions"), distJson },
             { QStringLiteral("win_rates"), winJson },
             { QStringLiteral("metric_correlations"), corrJson },
             { QStringLiteral("hallucination_spans"), spanJson },
             { QStringLiteral("most_disagreed"), disJson } };
}

} // namespace medtune
