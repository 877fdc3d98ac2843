// Crash safety of review storage: two processes save judgments into one workspace in a
// loop and are killed with SIGKILL; the database must pass integrity_check and hold every
// judgment either process reported committed.
#include "review/review_store.h"
#include "test_support.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <map>

using namespace medtune;

class ReviewCrashTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWritersLoseNothingCommitted()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        {
            Workspace ws(dir);
            ReviewStore store(ws);
            const qint64 s = store.createSession(QStringLiteral("crash"), QStringLiteral("qa"),
                                                 Rubric::clinicalDefault(), true, 1);
            const qint64 sys = store.ensureSystem(QStringLiteral("base"));
            for (int i = 0; i < 8; ++i) {
                const qint64 it
                    = store.ensureItem(s, QString::number(i), QStringLiteral("source"), QStringLiteral("ref"));
                store.setOutput(it, sys, QStringLiteral("output %1").arg(i), {});
            }
        }
        const QString helper = QDir(test::binDir()).filePath(QStringLiteral("review_crash_helper"));
        QVERIFY(QFileInfo::exists(helper));

        // Two writers on the same workspace at once, each killed while writing.
        std::map<QString, QStringList> reported;
        for (int round = 0; round < 2; ++round) {
            QProcess a, b;
            a.start(helper, { dir, QStringLiteral("crash"), QStringLiteral("R%1a").arg(round) });
            b.start(helper, { dir, QStringLiteral("crash"), QStringLiteral("R%1b").arg(round) });
            QVERIFY(a.waitForStarted() && b.waitForStarted());
            QByteArray outA, outB;
            QElapsedTimer timer;
            timer.start();
            while ((outA.count("committed") < 150 || outB.count("committed") < 150) && timer.elapsed() < 30000) {
                a.waitForReadyRead(50);
                b.waitForReadyRead(50);
                outA += a.readAllStandardOutput();
                outB += b.readAllStandardOutput();
            }
            QVERIFY2(outA.count("committed") >= 150 && outB.count("committed") >= 150,
                     qPrintable(QString::fromUtf8(a.readAllStandardError() + b.readAllStandardError())));
            ::kill(pid_t(a.processId()), SIGKILL);
            ::kill(pid_t(b.processId()), SIGKILL);
            a.waitForFinished();
            b.waitForFinished();
            QCOMPARE(a.exitStatus(), QProcess::CrashExit);
            // Lines written before the kill and not read yet still count.
            outA += a.readAllStandardOutput();
            outB += b.readAllStandardOutput();
            reported[QStringLiteral("R%1a").arg(round)] = QString::fromUtf8(outA).split(u'\n');
            reported[QStringLiteral("R%1b").arg(round)] = QString::fromUtf8(outB).split(u'\n');
        }

        Workspace ws(dir);
        QSqlDatabase db = ws.database();
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        q.finish();
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_key_check")));
        QVERIFY(!q.next());
        q.finish();
        ReviewStore store(ws);
        const ReviewSession s = store.resolveSession(QStringLiteral("crash"));
        std::map<std::tuple<QString, qint64, QString>, QString> stored;
        std::map<qint64, QString> names;
        for (const Reviewer &r : store.reviewers())
            names[r.id] = r.name;
        for (const Judgment &j : store.judgments(s.id))
            stored[{ names[j.reviewerId], j.itemId, j.criterion }] = j.value;
        int checked = 0;
        for (const auto &[reviewer, lines] : reported) {
            for (const QString &line : lines) {
                const QStringList f = line.split(u' ');
                if (f.size() != 4 || f[0] != QLatin1String("committed"))
                    continue;
                const auto it = stored.find({ reviewer, f[1].toLongLong(), f[2] });
                QVERIFY2(it != stored.end(), qPrintable(QStringLiteral("%1 lost %2").arg(reviewer, line)));
                QCOMPARE(it->second, f[3]);
                ++checked;
            }
        }
        QVERIFY(checked >= 600);
        qInfo("%d committed judgments from 4 killed writers all present", checked);
    }
};

QTEST_GUILESS_MAIN(ReviewCrashTest)
#include "tst_review_crash.moc"
