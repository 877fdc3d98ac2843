// Team review on a real PostgreSQL server (started by the test on loopback): the schema is
// versioned and a newer one refused, connection errors name server and user, passwords come
// from PGPASSWORD or a password file, and the server itself enforces each reviewer's
// rights: no writing as someone else, no peeking at blind systems or at others' judgments
// before submitting. A dropped connection is reopened and the change retried, eight
// reviewer processes writing at once lose nothing, a client killed in the middle of its
// transactions leaves no half-written judgment, and a session's statistics survive the
// trip workspace -> server -> workspace, with an offline reviewer's merge.
#include "postgres_server.h"
#include "review/review_analysis.h"
#include "review/review_database.h"
#include "review/review_export.h"
#include "review/review_merge.h"
#include "review/review_store.h"
#include "test_support.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <csignal>
#include <map>
#include <memory>

using namespace medtune;

namespace {

const QString kDb = QStringLiteral("team");

QString passwordOf(const QString &user)
{
    return user + QStringLiteral("-secret");
}

} // namespace

class ReviewServerTest : public QObject
{
    Q_OBJECT

    test::PostgresServer m_server;
    std::unique_ptr<ReviewDatabase> m_leadDb;
    std::unique_ptr<ReviewStore> m_lead;
    qint64 m_blind = 0;

    ReviewServerAddress address(const QString &user, const QString &database = kDb) const
    {
        ReviewServerAddress a = ReviewServerAddress::parse(m_server.url(user, database));
        a.password = passwordOf(user);
        return a;
    }

    QString helper() const { return QDir(test::binDir()).filePath(QStringLiteral("review_crash_helper")); }

    /// A session of the lead's with items and two systems' outputs.
    qint64 makeSession(const QString &name, bool blind, int items)
    {
        const qint64 s = m_lead->createSession(name, QStringLiteral("qa"), Rubric::clinicalDefault(), blind, 5);
        const qint64 a = m_lead->ensureSystem(QStringLiteral("base"), QStringLiteral("base-hash"));
        const qint64 b = m_lead->ensureSystem(QStringLiteral("tuned"), QStringLiteral("tuned-hash"));
        for (int i = 0; i < items; ++i) {
            const qint64 it = m_lead->ensureItem(s, QStringLiteral("%1-%2").arg(name).arg(i),
                                                 QStringLiteral("question"), QStringLiteral("answer"));
            m_lead->setOutput(it, a, QStringLiteral("base output %1").arg(i), {},
                              { { QStringLiteral("model_hash"), QStringLiteral("base-hash") } });
            m_lead->setOutput(it, b, QStringLiteral("tuned output %1").arg(i), {},
                              { { QStringLiteral("model_hash"), QStringLiteral("tuned-hash") } });
        }
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        MEDTUNE_REQUIRE_POSTGRES(m_server);
        m_server.createRole(QStringLiteral("lead"), passwordOf(QStringLiteral("lead")), QStringLiteral("CREATEROLE"));
        for (int i = 1; i <= 8; ++i)
            m_server.createRole(QStringLiteral("rev%1").arg(i), passwordOf(QStringLiteral("rev%1").arg(i)));
        m_server.createDatabase(kDb, QStringLiteral("lead"));
        {
            ReviewDatabase init(address(QStringLiteral("lead")), ReviewDatabase::SchemaCheck::Skip);
            QCOMPARE(init.initServer().size(), 3);
            QCOMPARE(init.initServer().size(), 0); // idempotent
            for (int i = 1; i <= 8; ++i)
                init.grantReviewer(QStringLiteral("rev%1").arg(i));
        }
        m_leadDb = std::make_unique<ReviewDatabase>(address(QStringLiteral("lead")));
        m_lead = std::make_unique<ReviewStore>(*m_leadDb);
        QVERIFY(m_leadDb->isLead());
        m_blind = makeSession(QStringLiteral("blind"), true, 4);
    }

    void schemaIsVersionedAndNewerRefused()
    {
        QCOMPARE(m_leadDb->serverSchemaVersion(), ReviewDatabase::latestServerSchemaVersion());
        m_server.createDatabase(QStringLiteral("empty"), QStringLiteral("lead"));
        try {
            ReviewDatabase db(address(QStringLiteral("lead"), QStringLiteral("empty")));
            QFAIL("a database without the review schema must be refused");
        } catch (const Error &e) {
            QVERIFY2(e.hint().contains(QStringLiteral("server-init")), qPrintable(e.fullMessage()));
        }
        m_server.createDatabase(QStringLiteral("future"), QStringLiteral("lead"));
        ReviewDatabase(address(QStringLiteral("lead"), QStringLiteral("future")), ReviewDatabase::SchemaCheck::Skip)
            .initServer();
        m_server.admin({ QStringLiteral("INSERT INTO review_schema_version (version, description) VALUES (99, 'x')") },
                       QStringLiteral("future"));
        try {
            ReviewDatabase db(address(QStringLiteral("lead"), QStringLiteral("future")));
            QFAIL("a newer server schema must be refused");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("version 99, newer than this program's %1")
                                              .arg(ReviewDatabase::latestServerSchemaVersion())),
                     qPrintable(e.message()));
        }
        // Migrating it is refused too.
        ReviewDatabase future(address(QStringLiteral("lead"), QStringLiteral("future")),
                              ReviewDatabase::SchemaCheck::Skip);
        QVERIFY_THROWS_EXCEPTION(Error, future.initServer());
    }

    void wrongPasswordIsAClearError()
    {
        ReviewServerAddress a = address(QStringLiteral("rev1"));
        a.password = QStringLiteral("not-the-password");
        try {
            ReviewDatabase db(a);
            QFAIL("a wrong password must be refused");
        } catch (const Error &e) {
            const QString text = e.fullMessage();
            QVERIFY2(text.contains(QStringLiteral("127.0.0.1:%1/team as rev1").arg(m_server.port())), qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("password authentication failed")), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral("not-the-password")), qPrintable(text));
        }
    }

    void sslModeIsPassedToTheServer()
    {
        // The test server has no TLS: sslmode=require must reach libpq and fail there.
        ReviewServerAddress a = ReviewServerAddress::parse(m_server.url(QStringLiteral("rev1"), kDb)
                                                           + QStringLiteral("?sslmode=require"));
        QCOMPARE(a.sslmode, QStringLiteral("require"));
        QCOMPARE(a.display(), m_server.url(QStringLiteral("rev1"), kDb) + QStringLiteral("?sslmode=require"));
        a.password = passwordOf(QStringLiteral("rev1"));
        try {
            ReviewDatabase db(a);
            QFAIL("sslmode=require against a server without TLS must fail");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("SSL was required")), qPrintable(e.fullMessage()));
            QVERIFY2(e.hint().contains(QStringLiteral("sslmode")), qPrintable(e.fullMessage()));
        }
        a.sslmode = QStringLiteral("disable");
        QCOMPARE(ReviewDatabase(a).userName(), QStringLiteral("rev1"));
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 ReviewServerAddress::parse(QStringLiteral("postgresql://u@h/db?sslmode=x")));
        QVERIFY_THROWS_EXCEPTION(UsageError, ReviewServerAddress::parse(QStringLiteral("mysql://u@h/db")));
        QVERIFY_THROWS_EXCEPTION(UsageError, ReviewServerAddress::parse(QStringLiteral("postgresql://h:5432/db")));
    }

    void passwordComesFromEnvironmentOrPasswordFile()
    {
        QTemporaryDir home;
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.path().toUtf8()); // keep any real ~/.pgpass out of this
        const ReviewServerAddress bare = ReviewServerAddress::parse(m_server.url(QStringLiteral("rev2"), kDb));
        QVERIFY(bare.password.isEmpty());
        try {
            ReviewDatabase db(bare);
            QFAIL("no password anywhere must be refused");
        } catch (const Error &e) {
            QVERIFY2(e.hint().contains(QStringLiteral("PGPASSWORD")), qPrintable(e.fullMessage()));
        }
        qputenv("PGPASSWORD", passwordOf(QStringLiteral("rev2")).toUtf8());
        QCOMPARE(ReviewDatabase(bare).userName(), QStringLiteral("rev2"));
        qunsetenv("PGPASSWORD");
        QFile pgpass(QDir(home.path()).filePath(QStringLiteral(".pgpass")));
        QVERIFY(pgpass.open(QIODevice::WriteOnly));
        pgpass.write(QStringLiteral("127.0.0.1:%1:team:rev2:%2\n")
                         .arg(m_server.port())
                         .arg(passwordOf(QStringLiteral("rev2")))
                         .toUtf8());
        pgpass.close();
        pgpass.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(ReviewDatabase(bare).userName(), QStringLiteral("rev2"));
        qputenv("HOME", oldHome);
    }

    void reviewerCannotWriteAsSomeoneElse()
    {
        ReviewDatabase db(address(QStringLiteral("rev1")));
        ReviewStore rev1(db);
        QVERIFY(!db.isLead());
        const qint64 me = rev1.ensureReviewer(QStringLiteral("rev1"));
        const qint64 other = rev1.ensureReviewer(QStringLiteral("rev2")); // granted, so registered
        QVERIFY(me != other);
        const ReviewItem item = rev1.items(m_blind).front();
        rev1.setJudgment(item.id, item.outputs[0].id, me, QStringLiteral("correctness"), QStringLiteral("4"));
        try {
            rev1.setJudgment(item.id, item.outputs[0].id, other, QStringLiteral("correctness"), QStringLiteral("1"));
            QFAIL("writing under another reviewer must fail");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("refused this for rev1")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(QStringLiteral("row-level security")), qPrintable(e.message()));
        }
        // The server refuses it even without this program's code in between.
        QSqlQuery raw(db.connection());
        QVERIFY(raw.prepare(QStringLiteral("INSERT INTO review_judgments (item_id, output_id, reviewer_id, criterion,"
                                           " value) VALUES (?, ?, ?, 'correctness', '1')")));
        raw.addBindValue(item.id);
        raw.addBindValue(item.outputs[0].id);
        raw.addBindValue(other);
        QVERIFY(!raw.exec());
        QCOMPARE(raw.lastError().nativeErrorCode(), QStringLiteral("42501"));
        raw.finish();
        QVERIFY(!QSqlQuery(db.connection())
                     .exec(QStringLiteral("UPDATE review_judgments SET reviewer_id = %1 WHERE reviewer_id = %2")
                               .arg(other)
                               .arg(me)));
        QVERIFY_THROWS_EXCEPTION(Error, rev1.ensureReviewer(QStringLiteral("somebody-else")));
        QVERIFY_THROWS_EXCEPTION(
            Error,
            rev1.createSession(QStringLiteral("mine"), QStringLiteral("qa"), Rubric::clinicalDefault(), true, 1));
        // The lead sees rev1's judgment and nothing under rev2.
        int own = 0;
        for (const Judgment &j : m_lead->judgments(m_blind)) {
            QVERIFY(j.reviewerId != other);
            own += j.reviewerId == me;
        }
        QCOMPARE(own, 1);
    }

    void blindSystemsStayHiddenUntilSubmitted()
    {
        ReviewDatabase db(address(QStringLiteral("rev3")));
        ReviewStore rev3(db);
        const qint64 me = rev3.ensureReviewer(QStringLiteral("rev3"));
        std::vector<ReviewItem> items = rev3.items(m_blind);
        QCOMPARE(items.size(), size_t(4));
        for (const ReviewItem &it : items) {
            QCOMPARE(it.outputs.size(), size_t(2));
            for (const ReviewOutput &o : it.outputs) {
                QCOMPARE(o.systemId, qint64(0));
                QVERIFY(o.systemName.isEmpty());
                QVERIFY(o.generation.isEmpty());
                QVERIFY(o.text.contains(QStringLiteral("output")));
            }
        }
        // Asking the table directly is refused by the server.
        for (const QString &column : { QStringLiteral("system_id"), QStringLiteral("generation_json"),
                                       QStringLiteral("blind_rank"), QStringLiteral("*") }) {
            QSqlQuery q(db.connection());
            QVERIFY2(!q.exec(QStringLiteral("SELECT %1 FROM review_outputs").arg(column)), qPrintable(column));
            QCOMPARE(q.lastError().nativeErrorCode(), QStringLiteral("42501"));
        }
        // After submitting the first item its systems show; the others stay hidden.
        rev3.setSubmitted(items[0].id, me, true);
        items = rev3.items(m_blind);
        QStringList names;
        for (const ReviewOutput &o : items[0].outputs)
            names << o.systemName;
        names.sort();
        QCOMPARE(names, (QStringList { QStringLiteral("base"), QStringLiteral("tuned") }));
        QCOMPARE(items[0].outputs[0].generation.value(QStringLiteral("model_hash")).toString(),
                 QStringLiteral("base-hash"));
        QVERIFY(items[1].outputs[0].systemName.isEmpty());
        // The lead always sees them.
        for (const ReviewItem &it : m_lead->items(m_blind))
            QCOMPARE(it.outputs[0].systemName, QStringLiteral("base"));
    }

    void othersJudgmentsStayHiddenUntilSubmitted()
    {
        ReviewDatabase db4(address(QStringLiteral("rev4"))), db5(address(QStringLiteral("rev5")));
        ReviewStore rev4(db4), rev5(db5);
        const qint64 r4 = rev4.ensureReviewer(QStringLiteral("rev4"));
        const qint64 r5 = rev5.ensureReviewer(QStringLiteral("rev5"));
        const ReviewItem item = rev4.items(m_blind)[2];
        rev4.setJudgment(item.id, 0, r4, QStringLiteral("preference"), QStringLiteral("A"));
        rev4.addSpan({ 0, item.outputs[0].id, r4, 0, 4, QStringLiteral("fabrication"), QStringLiteral("major") });
        auto seenBy = [&](ReviewStore &s) {
            int n = 0;
            for (const Judgment &j : s.judgments(m_blind))
                n += j.reviewerId == r4 && j.itemId == item.id;
            for (const Span &sp : s.spans(m_blind))
                n += sp.reviewerId == r4 && sp.outputId == item.outputs[0].id;
            return n;
        };
        QCOMPARE(seenBy(rev4), 2);
        QCOMPARE(seenBy(rev5), 0);
        QCOMPARE(seenBy(*m_lead), 2);
        rev5.setJudgment(item.id, 0, r5, QStringLiteral("preference"), QStringLiteral("B"));
        rev5.setSubmitted(item.id, r5, true);
        QCOMPARE(seenBy(rev5), 2);
        // Everyone's progress is visible to the team (status is not a judgment).
        bool found = false;
        for (const auto &[reviewer, progress] : rev4.teamProgress(m_blind))
            if (reviewer.name == QLatin1String("rev5")) {
                found = true;
                QCOMPARE(progress.submitted, 1);
                QCOMPARE(progress.total, 4);
            }
        QVERIFY(found);
    }

    void revokedReviewerCannotWrite()
    {
        QVERIFY(m_leadDb->grantedReviewers().contains(QStringLiteral("rev8")));
        m_leadDb->revokeReviewer(QStringLiteral("rev8"));
        QVERIFY(!m_leadDb->grantedReviewers().contains(QStringLiteral("rev8")));
        try {
            ReviewDatabase db(address(QStringLiteral("rev8")));
            QFAIL("a revoked reviewer must be refused");
        } catch (const Error &e) {
            QCOMPARE(e.message(),
                     QStringLiteral("rev8 may not review on 127.0.0.1:%1/team as rev8").arg(m_server.port()));
            QVERIFY2(e.hint().contains(QStringLiteral("review grant rev8")), qPrintable(e.hint()));
        }
        m_leadDb->grantReviewer(QStringLiteral("rev8"));
        ReviewDatabase db(address(QStringLiteral("rev8")));
        ReviewStore rev8(db);
        QCOMPARE(rev8.items(m_blind).size(), size_t(4));
        QVERIFY_THROWS_EXCEPTION(Error, m_leadDb->grantReviewer(QStringLiteral("nobody")));
    }

    void blindPreferenceFollowsTheShownOrder()
    {
        // The lead fixes the random display order: item 0 shows tuned first, item 1 base first.
        std::map<QString, ReviewItem> canonical;
        for (const ReviewItem &it : m_lead->items(m_blind))
            canonical[it.externalId] = it;
        QSqlDatabase leadSql = m_leadDb->connection();
        for (const auto &[ext, rank] :
             { std::pair { QStringLiteral("blind-0"), 1 }, std::pair { QStringLiteral("blind-1"), -1 } }) {
            const ReviewItem &it = canonical[ext];
            QSqlQuery q(leadSql);
            QVERIFY(q.exec(QStringLiteral("UPDATE review_outputs SET blind_rank = %1 WHERE id = %2")
                               .arg(10 * rank)
                               .arg(it.outputs[0].id)));
            QVERIFY(q.exec(QStringLiteral("UPDATE review_outputs SET blind_rank = %1 WHERE id = %2")
                               .arg(-10 * rank)
                               .arg(it.outputs[1].id)));
        }
        ReviewDatabase db(address(QStringLiteral("rev2")));
        ReviewStore rev2(db);
        const qint64 me = rev2.ensureReviewer(QStringLiteral("rev2"));
        std::map<QString, ReviewItem> shown;
        for (const ReviewItem &it : rev2.items(m_blind))
            shown[it.externalId] = it;
        QCOMPARE(shown[QStringLiteral("blind-0")].outputs[0].text, QStringLiteral("tuned output 0"));
        QCOMPARE(shown[QStringLiteral("blind-1")].outputs[0].text, QStringLiteral("base output 1"));
        // rev2 prefers the output shown first (A) on both.
        for (const QString ext : { QStringLiteral("blind-0"), QStringLiteral("blind-1") }) {
            rev2.setJudgment(shown[ext].id, 0, me, QStringLiteral("preference"), QStringLiteral("A"));
            QCOMPARE(rev2.judgments(shown[ext].id, me).at(0).value, QStringLiteral("A"));
        }
        // Stored relative to the system order: tuned is B on item 0, base is A on item 1.
        auto stored = [&](const QString &ext) {
            for (const Judgment &j : m_lead->judgments(m_blind))
                if (j.itemId == canonical[ext].id && j.reviewerId == me && j.criterion == QLatin1String("preference"))
                    return j.value;
            return QString();
        };
        QCOMPARE(stored(QStringLiteral("blind-0")), QStringLiteral("B"));
        QCOMPARE(stored(QStringLiteral("blind-1")), QStringLiteral("A"));
        // The stored value is not readable by a reviewer (it would tell the order).
        QSqlQuery direct(db.connection());
        QVERIFY(!direct.exec(QStringLiteral("SELECT value FROM review_judgments")));
        QCOMPARE(direct.lastError().nativeErrorCode(), QStringLiteral("42501"));
        direct.finish();
        // After submitting, rev2 sees the system order and the preference in it.
        rev2.setSubmitted(shown[QStringLiteral("blind-0")].id, me, true);
        const ReviewItem revealed = rev2.item(shown[QStringLiteral("blind-0")].id);
        QCOMPARE(revealed.outputs[0].systemName, QStringLiteral("base"));
        QCOMPARE(rev2.judgments(revealed.id, me).at(0).value, QStringLiteral("B"));
    }

    void lostConnectionIsReopenedAndTheChangeRetried()
    {
        ReviewDatabase db(address(QStringLiteral("rev7")));
        ReviewStore rev7(db);
        const qint64 me = rev7.ensureReviewer(QStringLiteral("rev7"));
        const ReviewItem item = rev7.items(m_blind)[1];
        QSqlQuery pid(db.connection());
        QVERIFY(pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next());
        const qint64 backend = pid.value(0).toLongLong();
        pid.finish();
        // The server ends this client's session (as a restart or a network cut would).
        m_server.admin({ QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend) });
        const int before = db.retries();
        rev7.setJudgment(item.id, 0, me, QStringLiteral("preference"), QStringLiteral("B"));
        QVERIFY(db.retries() > before);
        const std::vector<Judgment> mine = rev7.judgments(item.id, me);
        QCOMPARE(mine.size(), size_t(1));
        QCOMPARE(mine[0].value, QStringLiteral("B"));
    }

    void eightConcurrentReviewersLoseNothing()
    {
        QVERIFY(QFileInfo::exists(helper()));
        const qint64 session = makeSession(QStringLiteral("load"), false, 10);
        const int perReviewer = 100;
        std::vector<std::unique_ptr<QProcess>> procs;
        for (int i = 1; i <= 8; ++i) {
            auto p = std::make_unique<QProcess>();
            const QString user = QStringLiteral("rev%1").arg(i);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PGPASSWORD"), passwordOf(user));
            p->setProcessEnvironment(env);
            p->start(helper(), { m_server.url(user, kDb), QStringLiteral("load"), user, QString::number(perReviewer) });
            procs.push_back(std::move(p));
        }
        int retries = 0;
        for (auto &p : procs) {
            QVERIFY(p->waitForFinished(240000));
            const QByteArray out = p->readAllStandardOutput();
            QByteArray errors;
            for (const QByteArray &line : p->readAllStandardError().split('\n'))
                if (line.startsWith("review_crash_helper"))
                    errors += line;
            QVERIFY2(p->exitCode() == 0, errors.constData());
            QCOMPARE(out.count("committed"), perReviewer);
            retries += out.mid(out.indexOf("retries ") + 8).trimmed().toInt();
        }
        std::map<QString, int> perName;
        std::map<qint64, QString> names;
        for (const Reviewer &r : m_lead->reviewers())
            names[r.id] = r.name;
        for (const Judgment &j : m_lead->judgments(session)) {
            QVERIFY(j.criterion.startsWith(QStringLiteral("loop-")));
            const int k = j.criterion.mid(5).toInt();
            QCOMPARE(j.value, QString::number(k % 5 + 1));
            ++perName[names[j.reviewerId]];
        }
        QCOMPARE(perName.size(), size_t(8));
        for (const auto &[name, n] : perName)
            QVERIFY2(n == perReviewer, qPrintable(QStringLiteral("%1 has %2").arg(name).arg(n)));
        qInfo("8 reviewer processes x %d judgments all stored (%d retried transactions)", perReviewer, retries);
    }

    void killedClientLeavesNoPartialJudgment()
    {
        const qint64 session = makeSession(QStringLiteral("crash"), false, 8);
        const int cycle = 40; // each (item, criterion) is rewritten every 40 saves
        std::map<QString, qint64> lastReported; // "item criterion" -> k
        for (int round = 0; round < 2; ++round) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PGPASSWORD"), passwordOf(QStringLiteral("rev6")));
            p.setProcessEnvironment(env);
            p.start(helper(),
                    { m_server.url(QStringLiteral("rev6"), kDb), QStringLiteral("crash"), QStringLiteral("rev6"),
                      QStringLiteral("0"), QString::number(cycle) });
            QVERIFY(p.waitForStarted());
            QByteArray out;
            QElapsedTimer timer;
            timer.start();
            const int target = 150 + round * 37;
            while (out.count("committed") < target && timer.elapsed() < 60000) {
                p.waitForReadyRead(50);
                out += p.readAllStandardOutput();
            }
            QVERIFY2(out.count("committed") >= target, p.readAllStandardError().constData());
            ::kill(pid_t(p.processId()), SIGKILL);
            p.waitForFinished();
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
            out += p.readAllStandardOutput();
            for (const QByteArray &line : out.split('\n')) {
                const QList<QByteArray> f = line.split(' ');
                if (f.size() == 4 && f[0] == "committed")
                    lastReported[QString::fromUtf8(f[1] + ' ' + f[2])] = f[3].toLongLong();
            }
        }
        QCOMPARE(lastReported.size(), size_t(cycle));
        std::map<QString, QString> stored;
        for (const Judgment &j : m_lead->judgments(session)) {
            const QString key = QStringLiteral("%1 %2").arg(j.itemId).arg(j.criterion);
            QVERIFY2(!stored.count(key), qPrintable(key));
            stored[key] = j.value;
        }
        // Every judgment is there, whole: the last reported value or the one committed
        // just before the kill and not yet printed.
        QCOMPARE(stored.size(), size_t(cycle));
        for (const auto &[key, k] : lastReported) {
            QVERIFY2(stored.count(key), qPrintable(QStringLiteral("%1 vanished").arg(key)));
            const qint64 v = stored[key].toLongLong();
            QVERIFY2(v == k || v == k + cycle, qPrintable(QStringLiteral("%1: %2 after %3").arg(key).arg(v).arg(k)));
        }
    }

    void exportImportRoundTripKeepsStatistics()
    {
        // Workspace A: a blind summary session with every criterion and every span type
        // and severity, judged by rev1 and rev2.
        QTemporaryDir dirA, dirB, dirC;
        Workspace wsA(dirA.path()), wsB(dirB.path()), wsC(dirC.path());
        ReviewStore a(wsA), b(wsB), c(wsC);
        const Rubric rubric = Rubric::clinicalDefault();
        const qint64 s = a.createSession(QStringLiteral("roundtrip"), QStringLiteral("summary"), rubric, true, 11);
        // Systems are shared by all sessions of a store: names of their own here.
        const qint64 sysA = a.ensureSystem(QStringLiteral("rt-base")),
                     sysB = a.ensureSystem(QStringLiteral("rt-tuned"));
        for (int i = 0; i < 6; ++i) {
            const qint64 it = a.ensureItem(s, QStringLiteral("doc-%1").arg(i), QStringLiteral("a long source text"),
                                           QStringLiteral("the reference summary"));
            a.setOutput(it, sysA, QStringLiteral("base summary number %1 of the text").arg(i), {});
            a.setOutput(it, sysB, QStringLiteral("tuned summary number %1 of the text").arg(i), {});
        }
        const qint64 r1 = a.ensureReviewer(QStringLiteral("rev1")), r2 = a.ensureReviewer(QStringLiteral("rev2"));
        const std::vector<ReviewItem> items = a.items(s);
        int spanIndex = 0;
        for (size_t i = 0; i < items.size(); ++i) {
            const ReviewItem &it = items[i];
            for (const RubricCriterion &cr : rubric.criteria) {
                for (const qint64 r : { r1, r2 }) {
                    const QString value = cr.kind == RubricCriterion::Kind::Text
                        ? QStringLiteral("note %1 by %2").arg(i).arg(r)
                        : cr.options[(i + size_t(r == r2) * (i % 2)) % cr.options.size()].value;
                    if (cr.scope == RubricCriterion::Scope::Item) {
                        a.setJudgment(it.id, 0, r, cr.id, value);
                    } else {
                        for (const ReviewOutput &o : it.outputs)
                            a.setJudgment(it.id, o.id, r, cr.id, value);
                    }
                }
            }
            for (const RubricOption &type : rubric.spanTypes)
                for (const RubricOption &severity : rubric.spanSeverities) {
                    const ReviewOutput &o = it.outputs[size_t(spanIndex) % 2];
                    const int start = spanIndex % 10;
                    a.addSpan({ 0, o.id, spanIndex % 3 ? r1 : r2, start, start + 4, type.value, severity.value });
                    ++spanIndex;
                }
            a.setSubmitted(it.id, r1, true);
            if (i % 2)
                a.setSubmitted(it.id, r2, true);
        }
        a.setFlagged(items[1].id, r2, true);
        const QJsonObject statsA = analyzeSession(a, s).toJson();

        // A -> server (the lead) -> workspace B: the same statistics everywhere.
        const SessionMergeResult up = mergeSessionJson(*m_lead, exportSessionJson(a, s));
        QVERIFY(up.createdSession);
        const qint64 onServer = m_lead->resolveSession(QStringLiteral("roundtrip")).id;
        QCOMPARE(analyzeSession(*m_lead, onServer).toJson(), statsA);
        const SessionMergeResult down = mergeSessionJson(b, exportSessionJson(*m_lead, onServer));
        QVERIFY(down.createdSession);
        QCOMPARE(analyzeSession(b, down.sessionId).toJson(), statsA);
        QCOMPARE(exportSessionJson(b, down.sessionId).value(QStringLiteral("judgments")),
                 exportSessionJson(a, s).value(QStringLiteral("judgments")));
        // Merging the same again adds nothing, in either direction.
        QVERIFY(!mergeSessionJson(*m_lead, exportSessionJson(a, s)).changed());
        QVERIFY(!mergeSessionJson(b, exportSessionJson(*m_lead, onServer)).changed());

        // rev1 works offline in workspace C on a copy, while also changing something on the server.
        mergeSessionJson(c, exportSessionJson(*m_lead, onServer));
        const qint64 sc = c.resolveSession(QStringLiteral("roundtrip")).id;
        const ReviewItem itC = c.items(sc)[4];
        const qint64 r1c = c.ensureReviewer(QStringLiteral("rev1"));
        QThread::msleep(5);
        c.setJudgment(itC.id, itC.outputs[0].id, r1c, QStringLiteral("comment"), QStringLiteral("changed offline"));
        c.addSpan({ 0, itC.outputs[1].id, r1c, 2, 9, rubric.spanTypes[0].value, rubric.spanSeverities[0].value });
        c.setFlagged(itC.id, r1c, true);
        QThread::msleep(5);
        ReviewDatabase rev1Db(address(QStringLiteral("rev1")));
        ReviewStore rev1(rev1Db);
        const ReviewItem itS = rev1.items(onServer)[4];
        QCOMPARE(itS.externalId, itC.externalId);
        QCOMPARE(itS.outputs[0].systemName, QStringLiteral("rt-base")); // rev1 submitted it
        const qint64 me = rev1.ensureReviewer(QStringLiteral("rev1"));
        rev1.setJudgment(itS.id, 0, me, QStringLiteral("preference"), QStringLiteral("tie"));
        QThread::msleep(5);
        c.setJudgment(itC.id, 0, r1c, QStringLiteral("preference"), QStringLiteral("A")); // later: wins
        QThread::msleep(5);
        const QString serverComment = QStringLiteral("changed on the server, latest");
        rev1.setJudgment(itS.id, itS.outputs[0].id, me, QStringLiteral("comment"), serverComment); // latest: wins

        const SessionMergeResult pushed = mergeSessionJson(rev1, exportSessionJson(c, sc));
        QVERIFY(!pushed.createdSession);
        QVERIFY(pushed.skippedNotYours > 0); // rev2's rows are not rev1's to write
        QCOMPARE(pushed.spansAdded, 1);
        QCOMPARE(pushed.statusChanged, 1);
        QCOMPARE(pushed.conflicts.size(), size_t(2));
        for (const MergeConflict &conflict : pushed.conflicts) {
            if (conflict.criterion == QLatin1String("comment")) {
                QVERIFY(!conflict.incomingWon);
                QCOMPARE(conflict.keptValue, serverComment);
            } else {
                QCOMPARE(conflict.criterion, QStringLiteral("preference"));
                QVERIFY(conflict.incomingWon);
                QCOMPARE(conflict.keptValue, QStringLiteral("A"));
            }
        }
        QVERIFY(!mergeSessionJson(rev1, exportSessionJson(c, sc)).changed()); // idempotent
        // The lead's view has the merged values; pulling into B brings them there too.
        mergeSessionJson(b, exportSessionJson(*m_lead, onServer));
        QCOMPARE(analyzeSession(b, down.sessionId).toJson(), analyzeSession(*m_lead, onServer).toJson());
        QCOMPARE(exportSessionJson(b, down.sessionId).value(QStringLiteral("judgments")),
                 exportSessionJson(*m_lead, onServer).value(QStringLiteral("judgments")));
    }

    void cleanupTestCase()
    {
        m_lead.reset();
        m_leadDb.reset();
    }
};

QTEST_GUILESS_MAIN(ReviewServerTest)
#include "tst_review_server.moc"
