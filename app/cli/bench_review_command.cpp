// medtune-cli bench review: how fast N reviewers save judgments at once into the review
// store (a review server with --review-db, else the workspace): judgments per second and
// the latency of each save (p50, p95, max), each save one transaction as in the GUI. Runs
// on a throwaway session that is removed afterwards (--keep keeps it).
#include "cli/commands.h"
#include "review/review_database.h"
#include "review/review_store.h"
#include "util/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMutex>
#include <algorithm>
#include <chrono>
#include <thread>

namespace medtune::cli {
namespace {

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const double rank = p * double(sorted.size() - 1);
    const size_t lo = size_t(rank);
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (rank - double(lo)) * (sorted[hi] - sorted[lo]);
}

} // namespace

int runBenchReview(CommandLine &cl)
{
    QCommandLineParser &p = cl.parser();
    p.addOption({ QStringLiteral("reviewers"),
                  QStringLiteral("Reviewers saving at once, one connection each (default 8)."), QStringLiteral("N"),
                  QStringLiteral("8") });
    p.addOption({ QStringLiteral("judgments"), QStringLiteral("Judgments each reviewer saves (default 200)."),
                  QStringLiteral("N"), QStringLiteral("200") });
    p.addOption({ QStringLiteral("keep"), QStringLiteral("Keep the benchmark's session instead of removing it.") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Review store write speed: N reviewers save judgments concurrently, each save one "
                                 "transaction; prints judgments/s and p50/p95 latency per save.")))
        return cl.exitCode();
    const int reviewers = cl.intValue(QStringLiteral("reviewers"), 1, 64);
    const int perReviewer = cl.intValue(QStringLiteral("judgments"), 1, 100000);
    ReviewDatabase &db = cl.reviewDatabase();
    if (!db.isLead())
        throw Error(QStringLiteral("bench review creates and removes a session, which only the session lead may do"),
                    QStringLiteral("run it as the owner of the review tables"));
    ReviewStore store(db);

    // A session with enough items that no reviewer saves the same judgment twice.
    const Rubric rubric = Rubric::clinicalDefault();
    std::vector<const RubricCriterion *> criteria;
    for (const RubricCriterion *c : rubric.criteriaFor(QStringLiteral("qa"), RubricCriterion::Scope::Output))
        if (c->kind == RubricCriterion::Kind::Choice)
            criteria.push_back(c);
    if (criteria.empty())
        throw Error(QStringLiteral("The default rubric has no choice criteria to save"));
    const int itemCount = std::max(1, int((perReviewer + int(criteria.size()) - 1) / int(criteria.size())));
    const QString name = QStringLiteral("bench-review-%1")
                             .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
    if (!cl.json())
        cl.err() << "Setting up session " << name << " on " << store.location() << " (" << itemCount << " items)...\n";
    const qint64 session = store.createSession(name, QStringLiteral("qa"), rubric, true, 1);
    const qint64 systemA = store.ensureSystem(QStringLiteral("bench-a")),
                 systemB = store.ensureSystem(QStringLiteral("bench-b"));
    std::vector<std::pair<qint64, qint64>> outputs; // item, output
    for (int i = 0; i < itemCount; ++i) {
        const qint64 item = store.ensureItem(session, QString::number(i), QStringLiteral("question %1").arg(i),
                                             QStringLiteral("reference %1").arg(i));
        outputs.emplace_back(item, store.setOutput(item, systemA, QStringLiteral("answer A %1").arg(i), {}));
        store.setOutput(item, systemB, QStringLiteral("answer B %1").arg(i), {});
    }
    std::vector<qint64> reviewerIds;
    for (int r = 0; r < reviewers; ++r)
        reviewerIds.push_back(store.ensureReviewer(QStringLiteral("bench-reviewer-%1").arg(r + 1)));
    const int retriesBefore = db.retries();

    std::vector<std::vector<double>> latencies(static_cast<size_t>(reviewers));
    QMutex failureMutex;
    QString failure;
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int r = 0; r < reviewers; ++r)
        threads.emplace_back([&, r] {
            try {
                ReviewStore mine(db); // this thread's own connection
                std::vector<double> &lat = latencies[size_t(r)];
                lat.reserve(size_t(perReviewer));
                for (int k = 0; k < perReviewer; ++k) {
                    // Reviewers walk the items from different places, as a team does.
                    const auto &[item, output] = outputs[size_t((k / int(criteria.size()) + r * 7) % itemCount)];
                    const RubricCriterion *c = criteria[size_t(k) % criteria.size()];
                    const QString value = c->options[size_t(k + r) % c->options.size()].value;
                    const auto t0 = std::chrono::steady_clock::now();
                    mine.setJudgment(item, output, reviewerIds[size_t(r)], c->id, value);
                    lat.push_back(
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
                }
            } catch (const Error &e) {
                QMutexLocker lock(&failureMutex);
                failure = e.fullMessage();
            }
        });
    for (std::thread &t : threads)
        t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!failure.isEmpty())
        throw Error(QStringLiteral("A benchmark reviewer failed: %1").arg(failure));

    std::vector<double> all;
    for (const auto &l : latencies)
        all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    const int saves = int(all.size());
    const int stored = int(store.judgments(session).size());
    const int retries = db.retries() - retriesBefore;
    if (!cl.isSet(QStringLiteral("keep")))
        db.write([&](QSqlDatabase &sql) {
            reviewQuery(sql, QStringLiteral("DELETE FROM review_sessions WHERE id = ?"), { session });
            reviewQuery(sql,
                        QStringLiteral("DELETE FROM review_reviewers WHERE name LIKE 'bench-reviewer-%' AND id NOT IN"
                                       " (SELECT reviewer_id FROM review_judgments) AND id NOT IN"
                                       " (SELECT reviewer_id FROM review_spans)"));
        });

    const QJsonObject json { { QStringLiteral("store"), store.location() },
                             { QStringLiteral("backend"),
                               db.isServer() ? QStringLiteral("postgresql") : QStringLiteral("sqlite") },
                             { QStringLiteral("reviewers"), reviewers },
                             { QStringLiteral("judgments_per_reviewer"), perReviewer },
                             { QStringLiteral("saves"), saves },
                             { QStringLiteral("stored"), stored },
                             { QStringLiteral("seconds"), seconds },
                             { QStringLiteral("judgments_per_second"), saves / seconds },
                             { QStringLiteral("latency_ms_p50"), percentile(all, 0.50) },
                             { QStringLiteral("latency_ms_p95"), percentile(all, 0.95) },
                             { QStringLiteral("latency_ms_max"), all.empty() ? 0.0 : all.back() },
                             { QStringLiteral("retries"), retries } };
    if (cl.json()) {
        cl.printJson(QJsonDocument(json));
    } else {
        cl.out() << "bench review on " << store.location() << " (" << json.value(QStringLiteral("backend")).toString()
                 << ")\n"
                 << "  " << reviewers << " reviewers x " << perReviewer << " judgments = " << saves << " saves in "
                 << QString::number(seconds, 'f', 2) << " s: " << QString::number(saves / seconds, 'f', 1)
                 << " judgments/s\n"
                 << "  latency per save: p50 " << QString::number(percentile(all, 0.50), 'f', 2) << " ms, p95 "
                 << QString::number(percentile(all, 0.95), 'f', 2) << " ms, max "
                 << QString::number(all.empty() ? 0.0 : all.back(), 'f', 2) << " ms\n"
                 << "  " << retries << " retried transactions (conflicts with other writers, lost connections); "
                 << stored << " of " << saves << " judgments stored\n";
    }
    return stored == saves ? Ok : RuntimeError;
}

} // namespace medtune::cli
