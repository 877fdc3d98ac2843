// Review storage and analysis: the rubric as data, migrating from the first review
// schema, importing outputs with metrics, blind assignments, judgments and spans,
// agreement and win rates against hand-computed values, HTML escaping, and CSV/JSON
// export round trips. Everything runs twice: on a workspace (SQLite) and on a review
// server (a throwaway PostgreSQL started by the test, skipped only when not installed).
#include "postgres_server.h"
#include "review/delimited_table.h"
#include "review/output_import.h"
#include "review/output_metrics.h"
#include "review/review_analysis.h"
#include "review/review_database.h"
#include "review/review_export.h"
#include "review/review_report.h"
#include "review/review_schema.h"
#include "review/review_store.h"
#include "review/rubric.h"
#include "test_support.h"
#include "util/column_mapping.h"
#include "util/error.h"
#include "workspace/schema.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace medtune;

namespace {

enum class Backend { Sqlite, Postgres };
Backend g_backend = Backend::Sqlite;
test::PostgresServer *g_server = nullptr;
const QString kLead = QStringLiteral("lead");
const QString kLeadPassword = QStringLiteral("lead-secret");

/// A fresh, empty review store on the back end under test: a new workspace, or a new
/// database on the test server set up by the session lead (server-init).
struct TestStore
{
    QTemporaryDir tmp;
    std::unique_ptr<Workspace> ws;
    std::unique_ptr<ReviewDatabase> db;
    std::unique_ptr<ReviewStore> store;

    TestStore()
    {
        if (g_backend == Backend::Sqlite) {
            ws = std::make_unique<Workspace>(tmp.path());
            store = std::make_unique<ReviewStore>(*ws);
            return;
        }
        static int serial = 0;
        const QString name = QStringLiteral("review_%1").arg(++serial);
        g_server->createDatabase(name, kLead);
        ReviewServerAddress address = ReviewServerAddress::parse(g_server->url(kLead, name));
        address.password = kLeadPassword;
        ReviewDatabase(address, ReviewDatabase::SchemaCheck::Skip).initServer();
        db = std::make_unique<ReviewDatabase>(address);
        store = std::make_unique<ReviewStore>(*db);
    }
};

int versionOf(const QString &description)
{
    for (const Migration &m : workspaceMigrations())
        if (m.description == description)
            return m.version;
    return -1;
}

QVariant scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

/// Four items with outputs of two systems, two reviewers, known ratings.
struct Fixture
{
    TestStore host;
    ReviewStore &store { *host.store };
    qint64 session = 0;
    qint64 r1 = 0, r2 = 0;
    std::vector<ReviewItem> items;

    Fixture()
    {
        session = store.createSession(QStringLiteral("s1"), QStringLiteral("qa"), Rubric::clinicalDefault(), true, 42);
        const qint64 a = store.ensureSystem(QStringLiteral("base"));
        const qint64 b = store.ensureSystem(QStringLiteral("tuned"), QStringLiteral("m-hash"), QStringLiteral("a-hash"),
                                            { { QStringLiteral("temperature"), 0.0 } });
        for (int i = 1; i <= 4; ++i) {
            const QString ref = QStringLiteral("reference answer %1").arg(i);
            const qint64 item = store.ensureItem(session, QStringLiteral("item-%1").arg(i),
                                                 QStringLiteral("question %1").arg(i), ref);
            store.setOutput(item, a, QStringLiteral("base says %1").arg(i),
                            outputMetrics(QStringLiteral("qa"), ref, QStringLiteral("base says %1").arg(i)));
            store.setOutput(item, b, ref, outputMetrics(QStringLiteral("qa"), ref, ref));
        }
        items = store.items(session);
        r1 = store.ensureReviewer(QStringLiteral("AB"));
        r2 = store.ensureReviewer(QStringLiteral("CD"));
        const QStringList c1 = { QStringLiteral("5"), QStringLiteral("4"), QStringLiteral("3"), QStringLiteral("2") };
        const QStringList c2 = { QStringLiteral("5"), QStringLiteral("3"), QStringLiteral("3"), QStringLiteral("1") };
        const QStringList p1 = { QStringLiteral("A"), QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("tie") };
        const QStringList p2 = { QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("B"), QStringLiteral("tie") };
        for (int i = 0; i < 4; ++i) {
            const ReviewItem &it = items[size_t(i)];
            store.setJudgment(it.id, it.outputs[0].id, r1, QStringLiteral("correctness"), c1[i]);
            store.setJudgment(it.id, it.outputs[0].id, r2, QStringLiteral("correctness"), c2[i]);
            store.setJudgment(it.id, 0, r1, QStringLiteral("preference"), p1[i]);
            store.setJudgment(it.id, 0, r2, QStringLiteral("preference"), p2[i]);
        }
    }
};

} // namespace

class ReviewStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rubricRoundTripsAndValidates()
    {
        const Rubric r = Rubric::clinicalDefault();
        const Rubric back = Rubric::fromJson(r.toJson());
        QCOMPARE(back.toJson(), r.toJson());
        QCOMPARE(r.criteriaFor(QStringLiteral("qa"), RubricCriterion::Scope::Output).size(), size_t(8));
        QCOMPARE(r.criteriaFor(QStringLiteral("summary"), RubricCriterion::Scope::Output).size(), size_t(10));
        QCOMPARE(r.criterion(QStringLiteral("hallucination"))->optionIndex(QStringLiteral("major")), 2);
        QVERIFY(r.hasSpanType(QStringLiteral("negation")));
        QJsonObject bad = r.toJson();
        QJsonArray criteria = bad.value(QStringLiteral("criteria")).toArray();
        criteria.append(criteria.at(0));
        bad.insert(QStringLiteral("criteria"), criteria);
        try {
            Rubric::fromJson(bad);
            QFAIL("a duplicate criterion must be refused");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("correctness")), qPrintable(e.message()));
        }
        // A changed definition needs a new version.
        TestStore host;
        ReviewStore &store = *host.store;
        const qint64 id = store.ensureRubric(r);
        QCOMPARE(store.ensureRubric(r), id);
        Rubric renamed = r;
        renamed.criteria[0].label = QStringLiteral("Accuracy");
        QVERIFY_THROWS_EXCEPTION(Error, store.ensureRubric(renamed));
        renamed.version = 2;
        QVERIFY(store.ensureRubric(renamed) != id);
        QCOMPARE(store.rubric(id).criteria[0].label, QStringLiteral("Correctness"));
    }

    void migratesFromFirstReviewSchema()
    {
        if (g_backend != Backend::Sqlite)
            QSKIP("the workspace migration is SQLite's; the server's schema checks are in tst_review_server");
        const int first = versionOf(reviewSchemaV1Description());
        const int second = versionOf(reviewSchemaV2Description());
        QVERIFY(first > 0);
        QCOMPARE(second, first + 1);
        QTemporaryDir tmp;
        {
            // A workspace as the first review schema left it, with data in every table.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(QDir(tmp.path()).filePath(QStringLiteral("workspace.sqlite")));
            QVERIFY(db.open());
            execSql(db,
                    QStringLiteral("CREATE TABLE schema_version (version INTEGER PRIMARY KEY NOT NULL,"
                                   " description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT 'then')"));
            for (const Migration &m : workspaceMigrations()) {
                if (m.version > first)
                    break;
                for (const QString &s : m.statements)
                    execSql(db, s);
                execSql(db,
                        QStringLiteral("INSERT INTO schema_version (version, description) VALUES (%1, '%2')")
                            .arg(m.version)
                            .arg(m.description));
            }
            const QString rubric
                = QString::fromUtf8(QJsonDocument(Rubric::clinicalDefault().toJson()).toJson(QJsonDocument::Compact));
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO review_rubrics (id, name, version, definition_json) VALUES (1, "
                                     "'clinical-default', 1, ?)"));
            q.addBindValue(rubric);
            QVERIFY(q.exec());
            for (const char *sql :
                 { "INSERT INTO review_sessions (id, name, task, rubric_id, blind, seed) VALUES (1, 'old', 'qa', 1, 1, "
                   "7)",
                   "INSERT INTO review_systems (id, name) VALUES (1, 'base')",
                   "INSERT INTO review_items (id, session_id, external_id, source_text, reference, position) VALUES "
                   "(1, 1, 'q1', 'Q?', 'yes', 0)",
                   "INSERT INTO review_outputs (id, item_id, system_id, text) VALUES (1, 1, 1, 'yes indeed')",
                   "INSERT INTO review_reviewers (id, name) VALUES (1, 'AB')",
                   "INSERT INTO review_judgments (item_id, output_id, reviewer_id, criterion, value) VALUES (1, 1, 1, "
                   "'correctness', '4')",
                   "INSERT INTO review_spans (output_id, reviewer_id, start_offset, end_offset, span_type, severity) "
                   "VALUES (1, 1, 4, 10, 'fabrication', 'minor')" })
                execSql(db, QString::fromLatin1(sql));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));

        Workspace ws(tmp.path());
        QCOMPARE(ws.schemaVersion(), Workspace::latestSchemaVersion());
        ReviewStore store(ws);
        const ReviewSession s = store.resolveSession({});
        QCOMPARE(s.name, QStringLiteral("old"));
        const std::vector<ReviewItem> items = store.items(s.id);
        QCOMPARE(items.size(), size_t(1));
        QCOMPARE(items[0].metadata, QJsonObject()); // the new column's default
        QCOMPARE(items[0].outputs[0].text, QStringLiteral("yes indeed"));
        QCOMPARE(store.judgments(s.id).size(), size_t(1));
        QCOMPARE(store.judgments(s.id)[0].value, QStringLiteral("4"));
        QCOMPARE(store.spans(s.id).size(), size_t(1));
        QCOMPARE(scalar(ws.database(),
                        QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'review_judgments_item'"))
                     .toInt(),
                 1);
        // The upgraded database takes new data in the new column.
        const qint64 item = store.ensureItem(s.id, QStringLiteral("q2"), QStringLiteral("Q2?"), QString(),
                                             { { QStringLiteral("dataset"), QStringLiteral("pubmedqa") } });
        QCOMPARE(store.item(item).metadata.value(QStringLiteral("dataset")).toString(), QStringLiteral("pubmedqa"));
        QCOMPARE(scalar(ws.database(), QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }

    void importsOutputsWithMetrics()
    {
        TestStore host;
        ReviewStore &store = *host.store;
        OutputImportOptions base;
        base.path = test::testDataPath(QStringLiteral("review/outputs_base.jsonl"));
        base.session = QStringLiteral("pubmedqa-ab");
        base.system = QStringLiteral("base");
        const OutputImportResult r1 = importOutputs(store, base);
        QVERIFY(r1.createdSession);
        QCOMPARE(r1.records, 5);
        QCOMPARE(r1.imported, 3);
        QCOMPARE(r1.skipped, 2);
        QCOMPARE(r1.problems.size(), 2);
        QVERIFY2(r1.problems[0].contains(QStringLiteral("line 3")), qPrintable(r1.problems[0]));
        QVERIFY2(r1.problems[1].contains(QStringLiteral("line 5: no output")), qPrintable(r1.problems[1]));

        OutputImportOptions tuned;
        tuned.path = test::testDataPath(QStringLiteral("review/outputs_tuned.csv"));
        tuned.session = QStringLiteral("pubmedqa-ab");
        tuned.mapping = parseColumnMapping({ QStringLiteral("id=example"), QStringLiteral("source=input text"),
                                             QStringLiteral("reference=gold"), QStringLiteral("output=generated"),
                                             QStringLiteral("system=engine") },
                                           outputImportFields());
        const OutputImportResult r2 = importOutputs(store, tuned);
        QVERIFY(!r2.createdSession);
        QCOMPARE(r2.sessionId, r1.sessionId);
        QCOMPARE(r2.imported, 3);
        QCOMPARE(r2.skipped, 1);
        QCOMPARE(r2.systems, QStringList { QStringLiteral("tuned-lora") });
        QVERIFY_THROWS_EXCEPTION(UsageError, parseColumnMapping({ QStringLiteral("colour=x") }, outputImportFields()));

        const std::vector<ReviewItem> items = store.items(r1.sessionId);
        QCOMPARE(items.size(), size_t(3));
        for (const ReviewItem &it : items) {
            QCOMPARE(it.outputs.size(), size_t(2));
            QCOMPARE(it.metadata.value(QStringLiteral("task")).toString(), QStringLiteral("pubmedqa"));
            QCOMPARE(it.metadata.value(QStringLiteral("split")).toString(), QStringLiteral("test"));
        }
        // The quoted multi-line CSV field arrives whole.
        QCOMPARE(items[2].outputs[1].text, QStringLiteral("no, vitamin D\nnever helps."));
        // Identical output: every overlap metric is 1.
        const QJsonObject exact = items[0].outputs[1].metrics;
        QCOMPARE(exact.value(QStringLiteral("rouge1")).toDouble(), 1.0);
        QCOMPARE(exact.value(QStringLiteral("rougeL")).toDouble(), 1.0);
        QCOMPARE(exact.value(QStringLiteral("exact_match")).toDouble(), 1.0);
        // Decisions: base yes/yes, no/yes, maybe/maybe -> accuracy 2/3; macro-F1 over
        // yes (P 1/2, R 1 -> 2/3), no (0) and maybe (1) = 5/9.
        const ReviewAnalysis a = analyzeSession(store, r1.sessionId);
        QCOMPARE(a.metrics.size(), size_t(2));
        QCOMPARE(a.metrics[0].system, QStringLiteral("base"));
        QCOMPARE(a.metrics[0].decisionCount, 3);
        QVERIFY(std::abs(a.metrics[0].decisionAccuracy - 2.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(a.metrics[0].decisionMacroF1 - 5.0 / 9.0) < 1e-12);
        QVERIFY(std::abs(a.metrics[1].decisionAccuracy - 2.0 / 3.0) < 1e-12);
        // Missing required column without a mapping: a clear error naming the field.
        OutputImportOptions unmapped = tuned;
        unmapped.mapping.clear();
        unmapped.system = QStringLiteral("x");
        try {
            importOutputs(store, unmapped);
            QFAIL("an unmapped file must be refused");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("'id'")), qPrintable(e.message()));
            QVERIFY2(e.hint().contains(QStringLiteral("--map id=COLUMN")), qPrintable(e.hint()));
        }
    }

    void detectsTasks()
    {
        QCOMPARE(detectTask(QStringLiteral("Yes. It works.")), QStringLiteral("pubmedqa"));
        QCOMPARE(detectTask(QStringLiteral("(C) Aspirin")), QStringLiteral("medmcqa"));
        QCOMPARE(detectTask(QStringLiteral("B")), QStringLiteral("medmcqa"));
        QCOMPARE(detectTask(QStringLiteral("A 45-year-old man with chest pain")), QStringLiteral("qa"));
        QCOMPARE(detectTask(QString(QStringLiteral("word ")).repeated(60)), QStringLiteral("summary"));
        const QJsonObject m
            = outputMetrics(QStringLiteral("medmcqa"), QStringLiteral("C"), QStringLiteral("The answer is C."));
        QCOMPARE(m.value(QStringLiteral("letter")).toString(), QStringLiteral("C"));
        QCOMPARE(m.value(QStringLiteral("letter_correct")).toDouble(), 1.0);
    }

    void blindAssignmentsAreSeededAndRecorded()
    {
        TestStore host;
        ReviewStore &store = *host.store;
        const qint64 s
            = store.createSession(QStringLiteral("blind"), QStringLiteral("qa"), Rubric::clinicalDefault(), true, 99);
        const qint64 sys1 = store.ensureSystem(QStringLiteral("one")), sys2 = store.ensureSystem(QStringLiteral("two"));
        std::vector<qint64> natural;
        for (int i = 0; i < 12; ++i) {
            const qint64 it = store.ensureItem(s, QString::number(i), QStringLiteral("src"), QStringLiteral("ref"));
            store.setOutput(it, sys1, QStringLiteral("a"), {});
            store.setOutput(it, sys2, QStringLiteral("b"), {});
            natural.push_back(it);
        }
        const qint64 r1 = store.ensureReviewer(QStringLiteral("R1")), r2 = store.ensureReviewer(QStringLiteral("R2"));
        const Assignment a1 = store.assignment(s, r1);
        const Assignment a2 = store.assignment(s, r2);
        QCOMPARE(a1.itemOrder.size(), size_t(12));
        std::vector<qint64> sorted = a1.itemOrder;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted, natural); // a permutation
        QVERIFY(a1.itemOrder != natural || a2.itemOrder != natural);
        QVERIFY(a1.itemOrder != a2.itemOrder);
        QVERIFY(!a1.swappedItems.empty() && a1.swappedItems.size() < 12);
        // Recorded: asking again (another store, as after a restart) gives the same.
        ReviewStore again(store.database());
        const Assignment b1 = again.assignment(s, r1);
        QCOMPARE(b1.itemOrder, a1.itemOrder);
        QCOMPARE(b1.swappedItems, a1.swappedItems);
        QCOMPARE(b1.seed, a1.seed);
        // A later item is appended, the earlier order kept.
        const qint64 extra = store.ensureItem(s, QStringLiteral("late"), QStringLiteral("src"), QStringLiteral("ref"));
        const Assignment c1 = store.assignment(s, r1);
        QCOMPARE(c1.itemOrder.size(), size_t(13));
        QCOMPARE(c1.itemOrder.back(), extra);
        QVERIFY(std::equal(a1.itemOrder.begin(), a1.itemOrder.end(), c1.itemOrder.begin()));
        // An open session keeps the natural order and sides.
        const qint64 open
            = store.createSession(QStringLiteral("open"), QStringLiteral("qa"), Rubric::clinicalDefault(), false, 99);
        for (int i = 0; i < 3; ++i)
            store.ensureItem(open, QString::number(i), QStringLiteral("src"), QStringLiteral("ref"));
        const Assignment o = store.assignment(open, r1);
        QVERIFY(std::is_sorted(o.itemOrder.begin(), o.itemOrder.end()));
        QVERIFY(o.swappedItems.empty());
    }

    void judgmentsSpansAndStatus()
    {
        Fixture f;
        const ReviewItem &it = f.items[0];
        f.store.setJudgment(it.id, it.outputs[1].id, f.r1, QStringLiteral("comment"), QStringLiteral("fine"));
        f.store.setJudgment(it.id, it.outputs[1].id, f.r1, QStringLiteral("comment"), QStringLiteral("fine, really"));
        std::vector<Judgment> mine = f.store.judgments(it.id, f.r1);
        QCOMPARE(mine.size(), size_t(3)); // preference, correctness, comment
        QCOMPARE(mine.back().value, QStringLiteral("fine, really"));
        f.store.setJudgment(it.id, it.outputs[1].id, f.r1, QStringLiteral("comment"), QString());
        QCOMPARE(f.store.judgments(it.id, f.r1).size(), size_t(2));

        const qint64 span = f.store.addSpan(
            { 0, it.outputs[0].id, f.r1, 0, 4, QStringLiteral("fabrication"), QStringLiteral("major") });
        QVERIFY(span > 0);
        QCOMPARE(f.store.outputSpans(it.outputs[0].id, f.r1).size(), size_t(1));
        QVERIFY_THROWS_EXCEPTION(Error,
                                 f.store.addSpan({ 0, it.outputs[0].id, f.r1, 3, 400, QStringLiteral("fabrication"),
                                                   QStringLiteral("major") }));
        QVERIFY_THROWS_EXCEPTION(
            Error,
            f.store.addSpan({ 0, it.outputs[0].id, f.r1, 0, 2, QStringLiteral("typo"), QStringLiteral("major") }));
        f.store.removeSpan(span);
        QCOMPARE(f.store.outputSpans(it.outputs[0].id, f.r1).size(), size_t(0));

        f.store.setSubmitted(it.id, f.r1, true);
        f.store.setFlagged(f.items[1].id, f.r1, true);
        f.store.setSkipped(f.items[2].id, f.r1, true);
        QVERIFY(f.store.status(it.id, f.r1).submitted);
        QVERIFY(!f.store.status(it.id, f.r2).submitted);
        const ReviewProgress p = f.store.progress(f.session, f.r1);
        QCOMPARE(p.total, 4);
        QCOMPARE(p.submitted, 1);
        QCOMPARE(p.flagged, 1);
        QCOMPARE(p.skipped, 1);
        // Foreign keys hold: a judgment for an item that does not exist is refused.
        QVERIFY_THROWS_EXCEPTION(
            Error, f.store.setJudgment(999999, 0, f.r1, QStringLiteral("preference"), QStringLiteral("A")));
    }

    void analysisMatchesHandComputedValues()
    {
        Fixture f;
        const ReviewAnalysis a = analyzeSession(f.store, f.session);
        QCOMPARE(a.reviewers.size(), size_t(2));
        auto agreement = [&a](const QString &id) {
            return *std::find_if(a.agreement.begin(), a.agreement.end(),
                                 [&id](const CriterionAgreement &g) { return g.criterion == id; });
        };
        // Preference (nominal): po = 3/4, pe = (2*1 + 1*2 + 1*1)/16 -> kappa = 7/11.
        // Alpha nominal: Do = 2/8, De = 2*(3*3 + 3*2 + 3*2)/(8*7) = 3/4 -> 2/3.
        const CriterionAgreement pref = agreement(QStringLiteral("preference"));
        QCOMPARE(pref.units, 4);
        QVERIFY(std::abs(pref.kappa - 7.0 / 11.0) < 1e-12);
        QVERIFY(std::abs(pref.alpha - 2.0 / 3.0) < 1e-12);
        // Correctness, linear weights over 5 points: Do = 0.125, De = 0.375 -> 2/3.
        const CriterionAgreement corr = agreement(QStringLiteral("correctness"));
        QVERIFY(std::abs(corr.kappa - 2.0 / 3.0) < 1e-12);
        QCOMPARE(corr.alphaMetric, QStringLiteral("ordinal"));
        QVERIFY(std::isfinite(corr.alpha) && corr.alpha > 0.5 && corr.alpha < 1.0);
        // Win rate: A wins 3, B wins 3, ties 2 -> 0.5 with Wilson (z = 1.96) on n = 6.
        QCOMPARE(a.winRates.size(), size_t(1));
        const WinRate w = a.winRates[0];
        QCOMPARE(w.systemA, QStringLiteral("base"));
        QCOMPARE(w.winsA, 3);
        QCOMPARE(w.winsB, 3);
        QCOMPARE(w.ties, 2);
        QCOMPARE(w.rateA, 0.5);
        const double z = 1.959963984540054, n = 6, p = 0.5;
        const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
        QVERIFY(std::abs(w.low - (centre - half)) < 1e-12);
        QVERIFY(std::abs(w.high - (centre + half)) < 1e-12);
        // Distribution of base correctness: 5,4,3,2 and 5,3,3,1 -> mean 26/8.
        const auto d = std::find_if(a.distributions.begin(), a.distributions.end(), [](const CriterionDistribution &x) {
            return x.criterion == QLatin1String("correctness") && x.system == QLatin1String("base");
        });
        QCOMPARE(d->n, 8);
        QCOMPARE(d->counts, (std::vector<int> { 1, 1, 3, 1, 2 }));
        QVERIFY(std::abs(d->meanPosition - 26.0 / 8.0) < 1e-12);
        // Most disagreed: item-2 (correctness 4 vs 3 = 0.25, preference A vs B = 1).
        QVERIFY(!a.disagreed.empty());
        QCOMPARE(a.disagreed[0].externalId, QStringLiteral("item-2"));
        QVERIFY(std::abs(a.disagreed[0].score - 1.25) < 1e-12);
        // Spearman of ROUGE-1 with correctness over the 4 rated base outputs exists.
        const auto c = std::find_if(a.correlations.begin(), a.correlations.end(), [](const MetricCorrelation &x) {
            return x.metric == QLatin1String("rouge1") && x.criterion == QLatin1String("correctness");
        });
        QVERIFY(c != a.correlations.end());
        QCOMPARE(c->n, 4);
        const QJsonObject json = a.toJson();
        QCOMPARE(
            json.value(QStringLiteral("win_rates")).toArray().at(0).toObject().value(QStringLiteral("wins_a")).toInt(),
            3);
    }

    void htmlEscapesModelAndUserText()
    {
        Fixture f;
        const ReviewItem &it = f.items[0];
        const qint64 evil = f.store.ensureSystem(QStringLiteral("<b>sys</b>"));
        const QString text = QStringLiteral("Take <script>alert('x')</script> & rest");
        f.store.setOutput(it.id, evil, text, {});
        const qint64 outId = f.store.item(it.id).outputs.back().id;
        f.store.addSpan({ 0, outId, f.r1, 5, 13, QStringLiteral("fabrication"), QStringLiteral("major") });
        f.store.setJudgment(it.id, outId, f.r1, QStringLiteral("comment"),
                            QStringLiteral("</div><img src=x onerror=alert(1)>"));
        ReviewReportOptions options;
        options.examples = 4;
        const ReviewReport r = buildReviewReport(f.store, f.session, options);
        QVERIFY(!r.html.contains(QStringLiteral("<script>")));
        QVERIFY(!r.html.contains(QStringLiteral("<img src=x")));
        QVERIFY(!r.html.contains(QStringLiteral("<b>sys</b>")));
        QVERIFY(r.html.contains(QStringLiteral("&lt;script&gt;")));
        QVERIFY(r.html.contains(QStringLiteral("&lt;b&gt;sys&lt;/b&gt;")));
        QVERIFY(r.html.contains(QStringLiteral("&lt;img src=x onerror=alert(1)&gt;")));
        // The span covers "<script>" and is highlighted, escaped inside.
        const QString marked = highlightSpans(text, f.store.outputSpans(outId, f.r1));
        QVERIFY2(marked.startsWith(QStringLiteral("Take <span class=\"span-major\"")), qPrintable(marked));
        QVERIFY(marked.contains(QStringLiteral(">&lt;script&gt;</span>alert(")));
        QVERIFY(r.html.contains(QStringLiteral("<svg")));
        QCOMPARE(r.chartsSvg.size(), 4);
    }

    void csvExportRoundTrips()
    {
        Fixture f;
        const ReviewItem &it = f.items[1];
        f.store.setJudgment(it.id, it.outputs[1].id, f.r2, QStringLiteral("comment"),
                            QStringLiteral("Says \"never\", which is wrong,\nand\r\nunsafe; ü ∑"));
        f.store.addSpan({ 0, it.outputs[0].id, f.r2, 0, 4, QStringLiteral("negation"), QStringLiteral("minor") });
        const std::vector<ExportRow> rows = sessionExportRows(f.store, f.session);
        QCOMPARE(rows.size(), size_t(4 * 4 + 1 + 1));
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("judgments.csv"));
        writeReviewReport(f.store, f.session, QStringLiteral("csv"), path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const std::vector<ExportRow> back = parseExportRowsCsv(QString::fromUtf8(file.readAll()));
        QCOMPARE(back.size(), rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            QVERIFY2(back[i] == rows[i], qPrintable(QStringLiteral("row %1: %2").arg(i).arg(rows[i].value)));
        const auto comment = std::find_if(back.begin(), back.end(),
                                          [](const ExportRow &r) { return r.criterion == QLatin1String("comment"); });
        QCOMPARE(comment->value, QStringLiteral("Says \"never\", which is wrong,\nand\r\nunsafe; ü ∑"));
        QVERIFY_THROWS_EXCEPTION(Error, parseCsv(QStringLiteral("a,\"open\n"), QStringLiteral("x.csv")));
    }

    void jsonExportRoundTrips()
    {
        Fixture f;
        const ReviewItem &it = f.items[2];
        f.store.addSpan({ 0, it.outputs[0].id, f.r1, 0, 4, QStringLiteral("causality"), QStringLiteral("major") });
        f.store.assignment(f.session, f.r1);
        f.store.assignment(f.session, f.r2);
        f.store.setSubmitted(it.id, f.r1, true);
        f.store.setFlagged(it.id, f.r2, true);
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("session.json"));
        writeReviewReport(f.store, f.session, QStringLiteral("json"), path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject snapshot = QJsonDocument::fromJson(file.readAll()).object();
        QVERIFY(snapshot.contains(QStringLiteral("analysis")));
        // Into a fresh workspace and out again: the same document.
        TestStore other;
        ReviewStore &store2 = *other.store;
        const qint64 imported = importSessionJson(store2, snapshot);
        QJsonObject again = exportSessionJson(store2, imported);
        QJsonObject original = snapshot;
        original.remove(QStringLiteral("analysis"));
        QCOMPARE(again, original);
        QCOMPARE(analyzeSession(store2, imported).toJson(), snapshot.value(QStringLiteral("analysis")).toObject());
        // The blind order survives the trip.
        const Reviewer r1 = store2.reviewers()[0];
        QCOMPARE(store2.assignment(imported, r1.id).itemOrder.size(), size_t(4));
        QVERIFY_THROWS_EXCEPTION(Error, importSessionJson(store2, snapshot)); // name taken
        QCOMPARE(store2.sessions().size(), size_t(1));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int failures = 0;
    {
        g_backend = Backend::Sqlite;
        ReviewStoreTest sqlite;
        failures += QTest::qExec(&sqlite, argc, argv);
    }
    {
        test::PostgresServer server;
        g_server = &server;
        g_backend = Backend::Postgres;
        if (!server.installed()) {
            qInfo("PostgreSQL server programs not installed: the server back end is skipped");
            return failures;
        }
        if (!server.running()) {
            qCritical("The test PostgreSQL server did not start: %s", qPrintable(server.error()));
            return failures + 1;
        }
        server.createRole(kLead, kLeadPassword, QStringLiteral("CREATEROLE"));
        ReviewStoreTest postgres;
        failures += QTest::qExec(&postgres, argc, argv);
        g_server = nullptr;
    }
    return failures;
}
#include "tst_review_store.moc"
