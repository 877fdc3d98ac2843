#include "review/review_report.h"

#include "review/review_export.h"
#include "review/review_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace medtune {
namespace {

QString fmt(double v, int decimals = 3)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("n/a");
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

/// Colour of option i of n: red (worst) to green (best) for ordered criteria.
QString optionColour(const RubricCriterion &c, size_t i)
{
    static const QStringList nominal
        = { QStringLiteral("#4c78a8"), QStringLiteral("#f58518"), QStringLiteral("#9d9d9d"),
            QStringLiteral("#54a24b"), QStringLiteral("#b279a2"), QStringLiteral("#eeca3b") };
    const size_t n = c.options.size();
    if (!c.ordered || n < 2)
        return nominal[qsizetype(i % size_t(nominal.size()))];
    double t = double(i) / double(n - 1);
    if (!c.higherIsBetter)
        t = 1.0 - t;
    // red #d73027 -> amber #fee08b -> green #1a9850
    auto lerp = [](int a, int b, double u) { return int(std::lround(a + (b - a) * u)); };
    int r, g, b;
    if (t < 0.5) {
        const double u = t * 2;
        r = lerp(0xd7, 0xfe, u), g = lerp(0x30, 0xe0, u), b = lerp(0x27, 0x8b, u);
    } else {
        const double u = (t - 0.5) * 2;
        r = lerp(0xfe, 0x1a, u), g = lerp(0xe0, 0x98, u), b = lerp(0x8b, 0x50, u);
    }
    return QStringLiteral("#%1%2%3")
        .arg(r, 2, 16, QLatin1Char('0'))
        .arg(g, 2, 16, QLatin1Char('0'))
        .arg(b, 2, 16, QLatin1Char('0'));
}

/// Horizontal stacked bars of a criterion's distribution, one bar per system.
QString distributionSvg(const RubricCriterion &c, const std::vector<const CriterionDistribution *> &rows)
{
    const int labelW = 150, barW = 420, rowH = 26, top = 28;
    const int h = top + int(rows.size()) * rowH + 34;
    QString svg
        = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                         "font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">")
              .arg(labelW + barW + 20)
              .arg(h);
    svg += QStringLiteral("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    svg += QStringLiteral("<text x=\"0\" y=\"16\" font-weight=\"bold\">%1</text>").arg(esc(c.label));
    int y = top;
    for (const CriterionDistribution *d : rows) {
        svg += QStringLiteral("<text x=\"0\" y=\"%1\">%2</text>").arg(y + 16).arg(esc(d->system.left(22)));
        double x = labelW;
        for (size_t i = 0; i < d->counts.size(); ++i) {
            if (d->n == 0 || d->counts[i] == 0)
                continue;
            const double w = barW * double(d->counts[i]) / d->n;
            svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"20\" fill=\"%4\"/>")
                       .arg(x, 0, 'f', 1)
                       .arg(y)
                       .arg(w, 0, 'f', 1)
                       .arg(optionColour(c, i));
            if (w > 18)
                svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" fill=\"#111\">%3</text>")
                           .arg(x + w / 2, 0, 'f', 1)
                           .arg(y + 15)
                           .arg(d->counts[i]);
            x += w;
        }
        if (d->n == 0)
            svg += QStringLiteral("<text x=\"%1\" y=\"%2\" fill=\"#777\">no ratings</text>").arg(labelW).arg(y + 15);
        y += rowH;
    }
    double lx = labelW;
    for (size_t i = 0; i < c.options.size(); ++i) {
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"10\" height=\"10\" fill=\"%3\"/>")
                   .arg(lx, 0, 'f', 1)
                   .arg(y + 6)
                   .arg(optionColour(c, i));
        const QString label = esc(c.options[i].label);
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"11\">%3</text>")
                   .arg(lx + 13, 0, 'f', 1)
                   .arg(y + 15)
                   .arg(label);
        lx += 24 + 6.5 * c.options[i].label.size();
    }
    svg += QStringLiteral("</svg>");
    return svg;
}

/// A's win rate with its 95% Wilson interval on a 0-1 axis.
QString winRateSvg(const std::vector<WinRate> &rates)
{
    const int labelW = 230, barW = 360, rowH = 30, top = 28;
    const int h = top + int(rates.size()) * rowH + 26;
    QString svg
        = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                         "font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">")
              .arg(labelW + barW + 30)
              .arg(h);
    svg += QStringLiteral("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    svg += QStringLiteral(
        "<text x=\"0\" y=\"16\" font-weight=\"bold\">Win rate of A over B (95% Wilson interval)</text>");
    int y = top;
    for (const WinRate &w : rates) {
        svg += QStringLiteral("<text x=\"0\" y=\"%1\">%2 vs %3</text>")
                   .arg(y + 16)
                   .arg(esc(w.systemA.left(14)), esc(w.systemB.left(14)));
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"20\" fill=\"#eef1f5\"/>")
                   .arg(labelW)
                   .arg(y)
                   .arg(barW);
        if (std::isfinite(w.rateA)) {
            svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"20\" fill=\"#4c78a8\"/>")
                       .arg(labelW)
                       .arg(y)
                       .arg(barW * w.rateA, 0, 'f', 1);
            const double lo = labelW + barW * w.low, hi = labelW + barW * w.high;
            svg += QStringLiteral("<line x1=\"%1\" y1=\"%3\" x2=\"%2\" y2=\"%3\" stroke=\"#111\" stroke-width=\"2\"/>")
                       .arg(lo, 0, 'f', 1)
                       .arg(hi, 0, 'f', 1)
                       .arg(y + 10);
            for (double x : { lo, hi })
                svg += QStringLiteral(
                           "<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#111\" stroke-width=\"2\"/>")
                           .arg(x, 0, 'f', 1)
                           .arg(y + 4)
                           .arg(y + 16);
            svg += QStringLiteral("<text x=\"%1\" y=\"%2\">%3</text>")
                       .arg(labelW + barW + 4)
                       .arg(y + 15)
                       .arg(fmt(w.rateA, 2));
        }
        y += rowH;
    }
    svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>")
               .arg(labelW + barW / 2)
               .arg(top - 4)
               .arg(y);
    svg += QStringLiteral(
               "<text x=\"%1\" y=\"%2\" font-size=\"11\">0</text><text x=\"%3\" y=\"%2\" font-size=\"11\">0.5</text>"
               "<text x=\"%4\" y=\"%2\" font-size=\"11\">1</text>")
               .arg(labelW)
               .arg(y + 14)
               .arg(labelW + barW / 2 - 8)
               .arg(labelW + barW - 6);
    svg += QStringLiteral("</svg>");
    return svg;
}

int severityRank(const QString &s)
{
    return s == QLatin1String("major") ? 2 : 1;
}

} // namespace

QString htmlText(const QString &text)
{
    QString s = text.toHtmlEscaped();
    s.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    s.replace(u'\n', QStringLiteral("<br/>"));
    return s;
}

QString highlightSpans(const QString &text, const std::vector<Span> &spans)
{
    // The most severe span covering each character decides its mark.
    std::vector<const Span *> cover(size_t(text.size()), nullptr);
    for (const Span &s : spans)
        for (int i = std::max(0, s.start); i < std::min<int>(s.end, int(text.size())); ++i)
            if (!cover[size_t(i)] || severityRank(s.severity) > severityRank(cover[size_t(i)]->severity))
                cover[size_t(i)] = &s;
    QString out;
    qsizetype i = 0;
    while (i < text.size()) {
        const Span *s = cover[size_t(i)];
        qsizetype j = i;
        while (j < text.size() && cover[size_t(j)] == s)
            ++j;
        const QString piece = htmlText(text.mid(i, j - i));
        if (s) {
            const bool major = s->severity == QLatin1String("major");
            out += QStringLiteral("<span class=\"%1\" style=\"background-color:%2\" title=\"%3\">%4</span>")
                       .arg(major ? QStringLiteral("span-major") : QStringLiteral("span-minor"),
                            major ? QStringLiteral("#f4a6a6") : QStringLiteral("#fde6a0"),
                            esc(s->type + u' ' + s->severity), piece);
        } else {
            out += piece;
        }
        i = j;
    }
    return out;
}

QString shortHash(const QString &hash)
{
    // "sha256:0123..." or a bare hex digest: the first 12 hex digits identify it in practice.
    const qsizetype colon = hash.indexOf(u':');
    const QString prefix = colon >= 0 ? hash.left(colon + 1) : QString();
    const QString digest = colon >= 0 ? hash.mid(colon + 1) : hash;
    if (digest.size() <= 16)
        return hash;
    return prefix + digest.left(12) + QStringLiteral("...");
}

QString settingsLines(const QJsonObject &settings)
{
    // Nested objects flattened to dotted keys, arrays joined, in key order.
    QStringList lines;
    std::function<void(const QString &, const QJsonValue &)> add = [&](const QString &key, const QJsonValue &v) {
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                add(key.isEmpty() ? it.key() : key + u'.' + it.key(), it.value());
            return;
        }
        QString text;
        if (v.isArray()) {
            QStringList parts;
            for (const QJsonValue &e : v.toArray())
                parts << (e.isString()
                              ? e.toString()
                              : QString::fromUtf8(QJsonDocument(QJsonArray { e }).toJson(QJsonDocument::Compact))
                                    .mid(1)
                                    .chopped(1));
            text = parts.join(QStringLiteral(", "));
        } else if (v.isBool()) {
            text = v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
        } else if (v.isDouble()) {
            text = QString::number(v.toDouble(), 'g', 6);
        } else if (v.isNull()) {
            text = QStringLiteral("none");
        } else {
            text = v.toString();
        }
        lines << QStringLiteral("%1: %2").arg(key, text);
    };
    add(QString(), settings);
    return lines.join(u'\n');
}

ReviewReport buildReviewReport(ReviewStore &store, qint64 sessionId, const ReviewReportOptions &options)
{
    ReviewReport report;
    report.analysis = analyzeSession(store, sessionId);
    const ReviewAnalysis &a = report.analysis;
    const std::vector<ReviewItem> items = store.items(sessionId);
    const std::vector<Judgment> judgments = store.judgments(sessionId);
    const std::vector<Span> spans = store.spans(sessionId);
    std::map<qint64, QString> reviewerName;
    for (const Reviewer &r : a.reviewers)
        reviewerName[r.id] = r.name;
    report.title = QStringLiteral("Review report: %1").arg(a.session.name);

    auto chart = [&report, &options](const QString &svg, int width) {
        report.chartsSvg << svg;
        if (options.inlineCharts)
            return QStringLiteral("<div class=\"chart\">%1</div>").arg(svg);
        return QStringLiteral("<p><img src=\"chart-%1.png\" width=\"%2\"/></p>")
            .arg(report.chartsSvg.size() - 1)
            .arg(width);
    };
    // Every table's header row is a <thead>: repeated on each page a table spans, and the
    // PDF writer keeps it on the page of the table's first row.
    auto tableHead = [](const QStringList &headers, bool fullWidth = true) {
        QString t
            = fullWidth ? QStringLiteral("<table width=\"100%\"><thead><tr>") : QStringLiteral("<table><thead><tr>");
        for (const QString &header : headers)
            t += QStringLiteral("<th>%1</th>").arg(header);
        return t + QStringLiteral("</tr></thead>\n");
    };

    // What the session holds, for the summary and the appendix.
    QSet<QString> datasets, tasks;
    for (const ReviewItem &it : items) {
        QString d = it.metadata.value(QStringLiteral("dataset")).toString();
        const QString split = it.metadata.value(QStringLiteral("split")).toString();
        if (!split.isEmpty())
            d += QStringLiteral(" / ") + split;
        if (!d.isEmpty())
            datasets.insert(d);
        tasks.insert(it.metadata.value(QStringLiteral("task")).toString(a.session.task));
    }
    QString first, last;
    for (const Judgment &j : judgments) {
        if (first.isEmpty() || j.updatedAt < first)
            first = j.updatedAt;
        if (last.isEmpty() || j.updatedAt > last)
            last = j.updatedAt;
    }
    QStringList datasetList(datasets.begin(), datasets.end()), taskList(tasks.begin(), tasks.end());
    datasetList.sort();
    taskList.sort();
    auto applies = [&taskList](const RubricCriterion &c) {
        return std::any_of(taskList.begin(), taskList.end(), [&c](const QString &t) { return c.appliesTo(t); });
    };
    auto distribution = [&a](const QString &criterion, const QString &system) -> const CriterionDistribution * {
        for (const CriterionDistribution &d : a.distributions)
            if (d.criterion == criterion && d.system == system)
                return &d;
        return nullptr;
    };
    auto distributionChart = [&](const char *id) {
        const RubricCriterion *c = a.rubric.criterion(QString::fromLatin1(id));
        if (!c || !applies(*c))
            return QString();
        std::vector<const CriterionDistribution *> rows;
        for (const CriterionDistribution &d : a.distributions)
            if (d.criterion == c->id)
                rows.push_back(&d);
        return rows.empty() ? QString() : chart(distributionSvg(*c, rows), 590);
    };
    auto listNames = [](QStringList names) {
        if (names.size() < 2)
            return names.join(QString());
        const QString lastName = names.takeLast();
        return names.join(QStringLiteral(", ")) + QStringLiteral(" and ") + lastName;
    };

    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>%1</title>\n")
             .arg(esc(report.title));
    h += QStringLiteral(
        "<style>\n"
        "body { font-family: 'DejaVu Sans', 'Segoe UI', sans-serif; font-size: 10pt; color: #1d2733; margin: 24px; }\n"
        "h1 { font-size: 18pt; color: #16324f; margin-bottom: 2px; }\n"
        "h2 { font-size: 13pt; color: #16324f; border-bottom: 1px solid #c5d0dc; padding-bottom: 2px; margin-top: "
        "18px; }\n"
        "h3 { font-size: 11pt; color: #16324f; }\n"
        "table { border-collapse: collapse; margin: 6px 0; }\n"
        "th { background-color: #e8eef5; text-align: left; }\n"
        "th, td { border: 1px solid #c5d0dc; padding: 3px 6px; vertical-align: top; }\n"
        ".muted { color: #5b6b7c; }\n"
        ".headline { font-weight: bold; }\n"
        ".text { background-color: #f7f9fb; border: 1px solid #dde4ec; padding: 6px; }\n"
        ".span-major { background-color: #f4a6a6; }\n"
        ".span-minor { background-color: #fde6a0; }\n"
        "</style></head><body>\n");
    h += QStringLiteral("<h1>%1</h1>\n<p class=\"muted\">Generated %2 by MedTune Workbench</p>\n")
             .arg(esc(report.title), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));

    // ---- Summary: one page a clinician reads first ----
    h += QStringLiteral("<h2>Summary</h2>\n");
    {
        QStringList systemNames, reviewerParts;
        for (const ReviewSystem &s : a.systems)
            systemNames << QStringLiteral("<b>%1</b>").arg(esc(s.name));
        for (const Reviewer &r : a.reviewers) {
            const ReviewProgress p = a.progress.at(r.id);
            reviewerParts << QStringLiteral("%1 (%2 of %3 items)").arg(esc(r.name)).arg(p.submitted).arg(p.total);
        }
        // The session's task in words; "auto" sessions name their items' tasks.
        const auto taskWord = [](const QString &task) {
            return task == QLatin1String("qa")     ? QStringLiteral("question-answering")
                : task == QLatin1String("summary") ? QStringLiteral("summarisation")
                                                   : esc(task);
        };
        QStringList taskWordList;
        for (const QString &t :
             a.session.task == QLatin1String("auto") && !taskList.isEmpty() ? taskList : QStringList { a.session.task })
            taskWordList << taskWord(t);
        const QString taskWords = listNames(taskWordList);
        QString compared
            = QStringLiteral("<p><b>What was compared.</b> %1 %2 on %3 %4 %5")
                  .arg(systemNames.size() > 1 ? QStringLiteral("The outputs of") : QStringLiteral("The output of"),
                       systemNames.isEmpty() ? QStringLiteral("no system") : listNames(systemNames))
                  .arg(a.items)
                  .arg(taskWords, a.items == 1 ? QStringLiteral("item") : QStringLiteral("items"));
        if (!datasetList.isEmpty())
            compared += QStringLiteral(" from %1").arg(esc(datasetList.join(QStringLiteral("; "))));
        compared += QStringLiteral(", rated %1")
                        .arg(a.session.blind ? QStringLiteral("blind (systems hidden, order randomised)")
                                             : QStringLiteral("openly (system names shown)"));
        compared += reviewerParts.isEmpty() ? QStringLiteral("; no reviewer has rated yet.")
                                            : QStringLiteral(" by %1.").arg(listNames(reviewerParts));
        if (!first.isEmpty())
            compared += first.left(10) == last.left(10)
                ? QStringLiteral(" %1 judgments on %2.").arg(judgments.size()).arg(first.left(10))
                : QStringLiteral(" %1 judgments from %2 to %3.")
                      .arg(judgments.size())
                      .arg(first.left(10), last.left(10));
        h += compared + QStringLiteral("</p>\n");

        // Headline ratings per system.
        struct Headline
        {
            QString label;
            std::function<QString(const QString &)> cell;
        };
        std::vector<Headline> headlines;
        auto share = [](int part, int n) {
            return QStringLiteral("%1% (%2 of %3)").arg(std::lround(100.0 * part / n)).arg(part).arg(n);
        };
        auto hasRatings = [&](const QString &criterion) {
            const RubricCriterion *c = a.rubric.criterion(criterion);
            return c && applies(*c)
                && std::any_of(
                       a.distributions.begin(), a.distributions.end(),
                       [&criterion](const CriterionDistribution &d) { return d.criterion == criterion && d.n > 0; });
        };
        if (hasRatings(QStringLiteral("correctness")))
            headlines.push_back(
                { QStringLiteral("Correctness, mean on its 1-5 scale"), [&](const QString &system) {
                     const CriterionDistribution *d = distribution(QStringLiteral("correctness"), system);
                     return d && d->n ? QStringLiteral("<b>%1</b> (%2 ratings)").arg(fmt(d->meanPosition, 2)).arg(d->n)
                                      : QStringLiteral("<span class=\"muted\">no ratings</span>");
                 } });
        // Ratings other than the scale's first option ("none") and of its last ("major", "severe").
        auto notNone = [&](const QString &criterion, bool worstOnly) {
            return [&, criterion, worstOnly](const QString &system) {
                const CriterionDistribution *d = distribution(criterion, system);
                if (!d || d->n == 0)
                    return QStringLiteral("<span class=\"muted\">no ratings</span>");
                const int part = worstOnly ? d->counts.back() : d->n - d->counts.front();
                return share(part, d->n);
            };
        };
        if (hasRatings(QStringLiteral("hallucination"))) {
            headlines.push_back({ QStringLiteral("Outputs with a hallucination (minor or major)"),
                                  notNone(QStringLiteral("hallucination"), false) });
            headlines.push_back({ QStringLiteral("Outputs with a major hallucination"),
                                  notNone(QStringLiteral("hallucination"), true) });
        }
        if (hasRatings(QStringLiteral("harm")))
            headlines.push_back({ QStringLiteral("Outputs with potential harm (mild or severe)"),
                                  notNone(QStringLiteral("harm"), false) });
        if (headlines.empty()) {
            h += QStringLiteral("<p class=\"muted\">No clinician ratings yet.</p>\n");
        } else {
            QStringList headers { QStringLiteral("Headline") };
            for (const ReviewSystem &s : a.systems)
                headers << esc(s.name);
            h += tableHead(headers);
            for (const Headline &hl : headlines) {
                h += QStringLiteral("<tr><td>%1</td>").arg(esc(hl.label));
                for (const ReviewSystem &s : a.systems)
                    h += QStringLiteral("<td>%1</td>").arg(hl.cell(s.name));
                h += QStringLiteral("</tr>\n");
            }
            h += QStringLiteral("</table>\n");
            h += distributionChart("correctness");
            h += distributionChart("hallucination");
        }

        // Preference.
        if (a.winRates.empty()) {
            h += QStringLiteral(
                "<p><b>Preference.</b> <span class=\"muted\">No A/B preferences recorded.</span></p>\n");
        } else {
            QStringList lines;
            for (const WinRate &w : a.winRates) {
                const int decided = w.winsA + w.winsB;
                if (decided == 0) {
                    lines
                        << QStringLiteral("%1 vs %2: only ties (%3).").arg(esc(w.systemA), esc(w.systemB)).arg(w.ties);
                    continue;
                }
                const bool aAhead = w.winsA >= w.winsB;
                lines << QStringLiteral("%1 was preferred over %2 in %3 of %4 decided comparisons (win rate %5, 95% "
                                        "interval %6 to %7); %8 tie(s).")
                             .arg(esc(aAhead ? w.systemA : w.systemB), esc(aAhead ? w.systemB : w.systemA))
                             .arg(aAhead ? w.winsA : w.winsB)
                             .arg(decided)
                             .arg(fmt(aAhead ? w.rateA : 1 - w.rateA, 2), fmt(aAhead ? w.low : 1 - w.high, 2),
                                  fmt(aAhead ? w.high : 1 - w.low, 2))
                             .arg(w.ties);
            }
            h += QStringLiteral("<p><b>Preference.</b> %1</p>\n").arg(lines.join(QStringLiteral("<br/>")));
            h += chart(winRateSvg(a.winRates), 610);
        }

        // Agreement on the headline criteria.
        QStringList agreementParts;
        for (const CriterionAgreement &g : a.agreement) {
            if (g.criterion != QLatin1String("correctness") && g.criterion != QLatin1String("hallucination")
                && g.criterion != QLatin1String("preference"))
                continue;
            if (const RubricCriterion *c = a.rubric.criterion(g.criterion); c && !applies(*c))
                continue;
            if (g.units == 0)
                continue;
            const RubricCriterion *c = a.rubric.criterion(g.criterion);
            const bool perItem = c && c->scope == RubricCriterion::Scope::Item;
            agreementParts << QStringLiteral("%1: Krippendorff's alpha %2%3 (%4 %5 rated by two or more)")
                                  .arg(esc(g.label), fmt(g.alpha, 2),
                                       std::isfinite(g.kappa)
                                           ? QStringLiteral(", Cohen's kappa %1").arg(fmt(g.kappa, 2))
                                           : QString())
                                  .arg(g.units)
                                  .arg(perItem ? QStringLiteral("items") : QStringLiteral("outputs"));
        }
        h += QStringLiteral("<p><b>Agreement between reviewers.</b> %1</p>\n")
                 .arg(agreementParts.isEmpty()
                          ? QStringLiteral("<span class=\"muted\">Needs two reviewers rating the same items.</span>")
                          : QStringLiteral("<span class=\"muted\">Alpha of 0.80 or more is reliable, 0.67 to 0.80 "
                                           "tentative; n/a: too few shared ratings or no variation.</span><br/>")
                              + agreementParts.join(QStringLiteral("<br/>")));

        // The main hallucination findings: spans per system, then the most severe passages.
        std::map<qint64, const ReviewOutput *> outputById;
        std::map<qint64, const ReviewItem *> itemOfOutput;
        for (const ReviewItem &it : items)
            for (const ReviewOutput &o : it.outputs) {
                outputById[o.id] = &o;
                itemOfOutput[o.id] = &it;
            }
        if (spans.empty()) {
            h += QStringLiteral("<p><b>Hallucinations marked.</b> <span class=\"muted\">No spans "
                                "marked.</span></p>\n");
        } else {
            QStringList perSystem;
            for (const ReviewSystem &s : a.systems) {
                std::map<QString, std::pair<int, int>> byType; // type -> (all, major)
                QSet<qint64> outputsWithSpans;
                int total = 0;
                for (const Span &sp : spans) {
                    auto o = outputById.find(sp.outputId);
                    if (o == outputById.end() || o->second->systemId != s.id)
                        continue;
                    auto &[all, major] = byType[sp.type];
                    ++all;
                    major += sp.severity == QLatin1String("major");
                    outputsWithSpans.insert(sp.outputId);
                    ++total;
                }
                if (total == 0) {
                    perSystem << QStringLiteral("%1: none").arg(esc(s.name));
                    continue;
                }
                QStringList types;
                for (const auto &[type, n] : byType)
                    types << QStringLiteral("%1 %2%3").arg(esc(type)).arg(n.first).arg(
                        n.second ? QStringLiteral(" (%1 major)").arg(n.second) : QString());
                perSystem << QStringLiteral("%1: %2 span(s) in %3 output(s): %4")
                                 .arg(esc(s.name))
                                 .arg(total)
                                 .arg(outputsWithSpans.size())
                                 .arg(types.join(QStringLiteral(", ")));
            }
            h += QStringLiteral("<p><b>Hallucinations marked.</b> %1.</p>\n").arg(perSystem.join(QStringLiteral("; ")));
            // Up to three passages, major first.
            std::vector<const Span *> worst;
            for (const Span &sp : spans)
                if (outputById.count(sp.outputId))
                    worst.push_back(&sp);
            std::stable_sort(worst.begin(), worst.end(), [](const Span *x, const Span *y) {
                return severityRank(x->severity) > severityRank(y->severity);
            });
            QStringList quotes;
            QSet<QString> quoted;
            for (const Span *sp : worst) {
                const ReviewOutput *o = outputById.at(sp->outputId);
                QString passage = o->text.mid(sp->start, sp->end - sp->start).simplified();
                if (passage.isEmpty() || quoted.contains(passage) || quotes.size() == 3)
                    continue;
                quoted.insert(passage);
                if (passage.size() > 140)
                    passage = passage.left(140) + QStringLiteral("...");
                quotes << QStringLiteral("<span class=\"%1\">&ldquo;%2&rdquo;</span> <span class=\"muted\">(%3, %4; "
                                         "%5, item %6)</span>")
                              .arg(sp->severity == QLatin1String("major") ? QStringLiteral("span-major")
                                                                          : QStringLiteral("span-minor"),
                                   esc(passage), esc(sp->type), esc(sp->severity), esc(o->systemName),
                                   esc(itemOfOutput.at(sp->outputId)->externalId));
            }
            if (!quotes.isEmpty())
                h += QStringLiteral("<p>%1</p>\n").arg(quotes.join(QStringLiteral("<br/>")));
        }
    }

    // ---- Detailed results, from the next page ----
    h += QStringLiteral(
        "<h2 style=\"page-break-before: always\">Automatic metrics</h2>\n<p class=\"muted\">ROUGE F1 "
        "with Porter stemming; token F1 and exact match after SQuAD normalisation; PubMedQA decision and MedMCQA "
        "letter read from the start of the output.</p>\n");
    {
        QStringList headers { QStringLiteral("Metric") };
        for (const SystemMetrics &m : a.metrics)
            headers << esc(m.system);
        h += tableHead(headers);
    }
    h += QStringLiteral("<tr><td>Outputs (with reference)</td>");
    for (const SystemMetrics &m : a.metrics)
        h += QStringLiteral("<td>%1 (%2)</td>").arg(m.outputs).arg(m.withReference);
    h += QStringLiteral("</tr>\n");
    const std::pair<const char *, const char *> metricRows[]
        = { { "rouge1", "ROUGE-1 F1" },       { "rouge2", "ROUGE-2 F1" },
            { "rougeL", "ROUGE-L F1" },       { "token_f1", "Token F1" },
            { "exact_match", "Exact match" }, { "reference_loss", "Reference loss (nats per answer token)" } };
    for (const auto &[key, label] : metricRows) {
        const QString k = QString::fromLatin1(key);
        if (std::none_of(a.metrics.begin(), a.metrics.end(),
                         [&k](const SystemMetrics &m) { return m.means.contains(k); }))
            continue;
        h += QStringLiteral("<tr><td>%1</td>").arg(QString::fromLatin1(label));
        for (const SystemMetrics &m : a.metrics)
            h += QStringLiteral("<td>%1</td>")
                     .arg(m.means.contains(k) ? fmt(m.means.value(k).toDouble()) : QStringLiteral("n/a"));
        h += QStringLiteral("</tr>\n");
    }
    auto classRow = [&h, &a](const QString &label, auto has, auto value) {
        if (std::none_of(a.metrics.begin(), a.metrics.end(), has))
            return;
        h += QStringLiteral("<tr><td>%1</td>").arg(label);
        for (const SystemMetrics &m : a.metrics)
            h += QStringLiteral("<td>%1</td>").arg(has(m) ? fmt(value(m)) : QStringLiteral("n/a"));
        h += QStringLiteral("</tr>\n");
    };
    auto hasDecision = [](const SystemMetrics &m) { return m.decisionCount > 0; };
    auto hasLetter = [](const SystemMetrics &m) { return m.letterCount > 0; };
    classRow(QStringLiteral("PubMedQA decision accuracy"), hasDecision,
             [](const SystemMetrics &m) { return m.decisionAccuracy; });
    classRow(QStringLiteral("PubMedQA decision macro-F1"), hasDecision,
             [](const SystemMetrics &m) { return m.decisionMacroF1; });
    classRow(QStringLiteral("MedMCQA letter accuracy"), hasLetter,
             [](const SystemMetrics &m) { return m.letterAccuracy; });
    h += QStringLiteral("</table>\n");

    // Rubric summaries
    h += QStringLiteral("<h2>Clinician ratings</h2>\n");
    {
        QStringList headers { QStringLiteral("Criterion") };
        for (const ReviewSystem &s : a.systems)
            headers << esc(s.name);
        h += tableHead(headers);
    }
    for (const RubricCriterion &c : a.rubric.criteria) {
        if (c.kind != RubricCriterion::Kind::Choice || c.scope != RubricCriterion::Scope::Output || !applies(c))
            continue;
        h += QStringLiteral("<tr><td>%1</td>").arg(esc(c.label));
        for (const CriterionDistribution &d : a.distributions) {
            if (d.criterion != c.id)
                continue;
            QStringList parts;
            for (size_t i = 0; i < d.counts.size(); ++i)
                if (d.counts[i] > 0)
                    parts << QStringLiteral("%1: %2").arg(esc(c.options[i].label)).arg(d.counts[i]);
            const QString mean = std::isfinite(d.meanPosition)
                ? QStringLiteral("<b>mean %1</b><br/>").arg(fmt(d.meanPosition, 2))
                : QString();
            h += QStringLiteral("<td>%1%2</td>")
                     .arg(mean,
                          d.n ? parts.join(QStringLiteral(", "))
                              : QStringLiteral("<span class=\"muted\">no ratings</span>"));
        }
        h += QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</table>\n<p class=\"muted\">Means are the 1-based position on the criterion's scale (for 1-5 "
                        "scales, the score). Correctness and hallucination are charted in the summary.</p>\n");
    h += distributionChart("harm");

    // Preference
    h += QStringLiteral("<h2>Overall preference</h2>\n");
    if (a.winRates.empty()) {
        h += QStringLiteral("<p class=\"muted\">No A/B preferences yet.</p>\n");
    } else {
        h += tableHead({ QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("A wins"), QStringLiteral("B wins"),
                         QStringLiteral("Ties"), QStringLiteral("Win rate of A"), QStringLiteral("95% interval") },
                       false);
        for (const WinRate &w : a.winRates)
            h += QStringLiteral(
                     "<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7 to %8</td></tr>\n")
                     .arg(esc(w.systemA), esc(w.systemB))
                     .arg(w.winsA)
                     .arg(w.winsB)
                     .arg(w.ties)
                     .arg(fmt(w.rateA), fmt(w.low), fmt(w.high));
        h += QStringLiteral(
            "</table>\n<p class=\"muted\">Win rate = A wins / (A wins + B wins); ties excluded; Wilson score "
            "interval. Charted in the summary.</p>\n");
    }

    // Agreement
    h += QStringLiteral("<h2>Agreement between reviewers</h2>\n");
    h += tableHead({ QStringLiteral("Criterion"), QStringLiteral("Reviewers"), QStringLiteral("Units rated by 2+"),
                     QStringLiteral("Cohen's kappa"), QStringLiteral("Krippendorff's alpha") });
    for (const CriterionAgreement &g : a.agreement) {
        if (const RubricCriterion *c = a.rubric.criterion(g.criterion); c && !applies(*c))
            continue;
        h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5 (%6)</td></tr>\n")
                 .arg(esc(g.label))
                 .arg(g.reviewers)
                 .arg(g.units)
                 .arg(std::isfinite(g.kappa) ? fmt(g.kappa) + (g.ordered ? QStringLiteral(" (linear)") : QString())
                                             : QStringLiteral("n/a"),
                      fmt(g.alpha), g.alphaMetric);
    }
    h += QStringLiteral(
        "</table>\n<p class=\"muted\">Kappa is given for exactly two reviewers; alpha for any number, ordinal "
        "for ordered scales and nominal otherwise. n/a: undefined (too few shared ratings or no variation).</p>\n");

    // Correlations
    h += QStringLiteral("<h2>Automatic metrics against clinician scores</h2>\n");
    if (a.correlations.empty()) {
        h += QStringLiteral("<p class=\"muted\">Needs at least three rated outputs with references.</p>\n");
    } else {
        h += tableHead({ QStringLiteral("Metric"), QStringLiteral("Criterion"), QStringLiteral("Outputs"),
                         QStringLiteral("Spearman rho") },
                       false);
        for (const MetricCorrelation &c : a.correlations)
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>\n")
                     .arg(esc(c.metric), esc(c.criterion))
                     .arg(c.n)
                     .arg(fmt(c.rho));
        h += QStringLiteral("</table>\n");
    }

    // Spans
    h += QStringLiteral("<h2>Hallucination spans</h2>\n");
    if (a.spanCounts.empty()) {
        h += QStringLiteral("<p class=\"muted\">No spans marked.</p>\n");
    } else {
        h += tableHead(
            { QStringLiteral("System"), QStringLiteral("Type"), QStringLiteral("Severity"), QStringLiteral("Spans") },
            false);
        for (const SpanCount &s : a.spanCounts)
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>\n")
                     .arg(esc(s.system), esc(s.type), esc(s.severity))
                     .arg(s.count);
        h += QStringLiteral("</table>\n");
    }

    // Most disagreed
    h += QStringLiteral("<h2>Items with the most disagreement</h2>\n");
    if (a.disagreed.empty()) {
        h += QStringLiteral("<p class=\"muted\">No disagreements between reviewers.</p>\n");
    } else {
        h += tableHead({ QStringLiteral("Item"), QStringLiteral("Spread"), QStringLiteral("Where reviewers differ") });
        for (const DisagreedItem &d : a.disagreed)
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>\n")
                     .arg(esc(d.externalId), fmt(d.score, 2), esc(d.details.join(QStringLiteral("; "))));
        h += QStringLiteral("</table>\n");
    }

    // Examples: the most disagreed items, then items with spans, then the first items.
    std::vector<qint64> chosen;
    auto choose = [&chosen, &options](qint64 id) {
        if (int(chosen.size()) < options.examples && std::find(chosen.begin(), chosen.end(), id) == chosen.end())
            chosen.push_back(id);
    };
    for (const DisagreedItem &d : a.disagreed)
        choose(d.itemId);
    std::map<qint64, qint64> outputItem;
    for (const ReviewItem &it : items)
        for (const ReviewOutput &o : it.outputs)
            outputItem[o.id] = it.id;
    for (const Span &s : spans)
        choose(outputItem[s.outputId]);
    for (const ReviewItem &it : items)
        choose(it.id);
    h += QStringLiteral("<h2>Examples</h2>\n<p class=\"muted\">Highlighted: hallucination spans marked by reviewers "
                        "(red major, yellow minor; hover for the type).</p>\n");
    for (qint64 id : chosen) {
        const ReviewItem &it
            = *std::find_if(items.begin(), items.end(), [id](const ReviewItem &x) { return x.id == id; });
        QString source = it.source;
        if (source.size() > options.sourceChars)
            source = source.left(options.sourceChars) + QStringLiteral(" [...]");
        h += QStringLiteral("<h3>Item %1</h3>\n<p><b>Source</b></p><div class=\"text\">%2</div>\n")
                 .arg(esc(it.externalId), htmlText(source));
        if (!it.reference.isEmpty())
            h += QStringLiteral("<p><b>Reference</b></p><div class=\"text\">%1</div>\n").arg(htmlText(it.reference));
        for (const ReviewOutput &o : it.outputs) {
            std::vector<Span> own;
            for (const Span &s : spans)
                if (s.outputId == o.id)
                    own.push_back(s);
            h += QStringLiteral("<p><b>Output of %1</b></p><div class=\"text\">%2</div>\n")
                     .arg(esc(o.systemName), highlightSpans(o.text, own));
            // One line per reviewer, criteria in rubric order.
            QStringList lines;
            for (const Reviewer &r : a.reviewers) {
                QStringList parts;
                for (const RubricCriterion &c : a.rubric.criteria)
                    for (const Judgment &j : judgments)
                        if (j.outputId == o.id && j.reviewerId == r.id && j.criterion == c.id)
                            parts << QStringLiteral("%1 %2").arg(c.label.toLower(), j.value);
                if (!parts.isEmpty())
                    lines << QStringLiteral("<b>%1</b>: %2").arg(esc(r.name), esc(parts.join(QStringLiteral(", "))));
            }
            if (!lines.isEmpty())
                h += QStringLiteral("<p class=\"muted\">%1</p>\n").arg(lines.join(QStringLiteral("<br/>")));
        }
        QStringList prefs;
        for (const Judgment &j : judgments) {
            if (j.itemId != it.id || j.outputId != 0)
                continue;
            QString value = j.value;
            // Preferences are stored as A/B of the canonical order: name the system.
            if (j.criterion == QLatin1String("preference") && it.outputs.size() == 2
                && (value == QLatin1String("A") || value == QLatin1String("B")))
                value = it.outputs[value == QLatin1String("A") ? 0 : 1].systemName;
            const RubricCriterion *c = a.rubric.criterion(j.criterion);
            prefs << QStringLiteral("<b>%1</b>: %2 %3")
                         .arg(esc(reviewerName[j.reviewerId]), esc(c ? c->label.toLower() : j.criterion), esc(value));
        }
        if (!prefs.isEmpty())
            h += QStringLiteral("<p class=\"muted\">%1</p>\n").arg(prefs.join(QStringLiteral("<br/>")));
    }

    // ---- Appendix: provenance, on its own page ----
    h += QStringLiteral("<h2 style=\"page-break-before: always\">Appendix: provenance</h2>\n");
    h += QStringLiteral("<table width=\"100%\">\n");
    auto row = [&h](const QString &k, const QString &v) {
        h += QStringLiteral("<tr><th width=\"22%\">%1</th><td>%2</td></tr>\n").arg(esc(k), v);
    };
    row(store.isServer() ? QStringLiteral("Review server") : QStringLiteral("Workspace"), esc(store.location()));
    row(QStringLiteral("Session"), esc(QStringLiteral("%1 (created %2)").arg(a.session.name, a.session.createdAt)));
    row(QStringLiteral("Task"),
        esc(QStringLiteral("%1 (items: %2)").arg(a.session.task, taskList.join(QStringLiteral(", ")))));
    row(QStringLiteral("Datasets and splits"),
        datasetList.isEmpty() ? QStringLiteral("<span class=\"muted\">not recorded</span>")
                              : esc(datasetList.join(QStringLiteral("; "))));
    row(QStringLiteral("Items"), QString::number(a.items));
    row(QStringLiteral("Review mode"),
        a.session.blind ? QStringLiteral("blind: order and sides randomised per reviewer (seed %1)").arg(a.session.seed)
                        : QStringLiteral("open: system names shown"));
    row(QStringLiteral("Rubric"), esc(QStringLiteral("%1, version %2").arg(a.rubric.name).arg(a.rubric.version)));
    QStringList reviewerCells;
    for (const Reviewer &r : a.reviewers) {
        const ReviewProgress p = a.progress.at(r.id);
        reviewerCells << esc(QStringLiteral("%1 (%2 of %3 submitted)").arg(r.name).arg(p.submitted).arg(p.total));
    }
    row(QStringLiteral("Reviewers"),
        reviewerCells.isEmpty() ? QStringLiteral("none yet") : reviewerCells.join(QStringLiteral("<br/>")));
    row(QStringLiteral("Judgments"),
        first.isEmpty() ? QStringLiteral("none yet")
                        : esc(QStringLiteral("%1 from %2 to %3").arg(judgments.size()).arg(first, last)));
    h += QStringLiteral("</table>\n");
    h += QStringLiteral("<p class=\"muted\">Hashes are SHA-256 of the weight files, shortened to 12 digits; the JSON "
                        "export holds them in full.</p>\n");
    for (const ReviewSystem &s : a.systems) {
        QJsonObject settings = s.settings;
        if (settings.isEmpty())
            for (const ReviewItem &it : items)
                for (const ReviewOutput &o : it.outputs)
                    if (o.systemId == s.id && settings.isEmpty() && !o.generation.isEmpty())
                        settings = o.generation;
        QStringList lines;
        lines << QStringLiteral("model weights: %1")
                     .arg(s.modelHash.isEmpty() ? QStringLiteral("not recorded") : shortHash(s.modelHash));
        lines << QStringLiteral("adapter: %1")
                     .arg(s.adapterHash.isEmpty() ? QStringLiteral("none") : shortHash(s.adapterHash));
        lines << (settings.isEmpty() ? QStringLiteral("generation settings: not recorded") : settingsLines(settings));
        h += QStringLiteral("<h3>System %1</h3>\n<p>%2</p>\n").arg(esc(s.name), htmlText(lines.join(u'\n')));
    }
    h += QStringLiteral("</body></html>\n");
    report.html = h;
    return report;
}

void writeReviewReport(ReviewStore &store, qint64 sessionId, const QString &format, const QString &path)
{
    if (format == QLatin1String("html")) {
        writeFileAtomically(path, buildReviewReport(store, sessionId).html.toUtf8());
    } else if (format == QLatin1String("csv")) {
        writeFileAtomically(path, exportRowsCsv(sessionExportRows(store, sessionId)).toUtf8());
    } else if (format == QLatin1String("json")) {
        QJsonObject o = exportSessionJson(store, sessionId);
        o.insert(QStringLiteral("analysis"), analyzeSession(store, sessionId).toJson());
        writeFileAtomically(path, QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        throw UsageError(QStringLiteral("Unknown report format '%1'").arg(format),
                         QStringLiteral("use html, pdf, csv or json"));
    }
}

} // namespace medtune
