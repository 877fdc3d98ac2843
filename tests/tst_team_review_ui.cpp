// The workbench's side of team review, against a PostgreSQL server the test starts:
// Preferences > Review server tests a connection in the background (with the password
// prompt when libpq finds none), and the Review section shows the team's progress on a
// shared session, refreshed without blocking the GUI; a reviewer judges a blind session on
// the server through the ordinary panel.
#include "postgres_server.h"
#include "preferences_dialog.h"
#include "review/review_database.h"
#include "review/review_page.h"
#include "review/review_panel.h"
#include "review/review_server_connection.h"
#include "review/review_store.h"
#include "review/team_progress_view.h"
#include "test_support.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QTimer>

using namespace medtune;

class TeamReviewUiTest : public QObject
{
    Q_OBJECT

    test::PostgresServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        MEDTUNE_REQUIRE_POSTGRES(m_server);
        m_server.createRole(QStringLiteral("lead"), QStringLiteral("lead-pw"), QStringLiteral("CREATEROLE"));
        m_server.createRole(QStringLiteral("rev1"), QStringLiteral("rev1-pw"));
        m_server.createDatabase(QStringLiteral("ui"), QStringLiteral("lead"));
        ReviewServerAddress a = ReviewServerAddress::parse(m_server.url(QStringLiteral("lead"), QStringLiteral("ui")));
        a.password = QStringLiteral("lead-pw");
        ReviewDatabase init(a, ReviewDatabase::SchemaCheck::Skip);
        init.initServer();
        init.grantReviewer(QStringLiteral("rev1"));
        qunsetenv("PGPASSWORD");
    }

    void preferencesTestTheConnectionAndAskForThePassword()
    {
        QTemporaryDir home;
        qputenv("HOME", home.path().toUtf8()); // no ~/.pgpass: the dialog must ask
        ui::PreferencesDialog dialog(AppSettings {});
        auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("reviewServer"));
        auto *test = dialog.findChild<QPushButton *>(QStringLiteral("testReviewServer"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("reviewServerStatus"));
        QVERIFY(url && test && status);
        url->setText(m_server.url(QStringLiteral("lead"), QStringLiteral("ui")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // Answer the password prompt when it comes.
        bool prompted = false;
        QTimer answer;
        connect(&answer, &QTimer::timeout, this, [&] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *input = qobject_cast<QInputDialog *>(w); input && input->isVisible()) {
                    prompted = true;
                    QCOMPARE(input->textEchoMode(), QLineEdit::Password);
                    input->setTextValue(QStringLiteral("lead-pw"));
                    input->accept();
                }
        });
        answer.start(50);
        QSignalSpy tested(&dialog, &ui::PreferencesDialog::reviewServerTested);
        QTest::mouseClick(test, Qt::LeftButton);
        QVERIFY(!test->isEnabled()); // connecting in the background, the dialog stays responsive
        QVERIFY(tested.wait(30000));
        QVERIFY(prompted);
        QVERIFY2(tested.last().at(0).toBool(), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QStringLiteral("as session lead")), qPrintable(status->text()));
        QVERIFY(!status->text().contains(QStringLiteral("lead-pw")));
        QCOMPARE(dialog.settings().reviewServer, m_server.url(QStringLiteral("lead"), QStringLiteral("ui")));
        // A wrong URL is a clear message, without a connection attempt.
        url->setText(QStringLiteral("postgresql://nohost"));
        QTest::mouseClick(test, Qt::LeftButton);
        QVERIFY2(status->text().contains(QStringLiteral("lacks")), qPrintable(status->text()));
    }

    void reviewPageShowsTheTeamsProgress()
    {
        ReviewServerAddress lead
            = ReviewServerAddress::parse(m_server.url(QStringLiteral("lead"), QStringLiteral("ui")));
        lead.password = QStringLiteral("lead-pw");
        auto leadDb = std::make_shared<ReviewDatabase>(lead);
        ReviewStore store(*leadDb);
        const qint64 s
            = store.createSession(QStringLiteral("shared"), QStringLiteral("qa"), Rubric::clinicalDefault(), true, 3);
        const qint64 sys = store.ensureSystem(QStringLiteral("base"));
        std::vector<qint64> items;
        for (int i = 0; i < 3; ++i) {
            items.push_back(store.ensureItem(s, QString::number(i), QStringLiteral("q"), QStringLiteral("a")));
            store.setOutput(items.back(), sys, QStringLiteral("out"), {});
        }
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        ui::ReviewPage page(ws, nullptr, leadDb);
        page.teamProgress()->setInterval(100);
        auto *reviewer = page.findChild<QLineEdit *>(QStringLiteral("reviewerEdit"));
        QCOMPARE(reviewer->text(), QStringLiteral("lead"));
        QVERIFY(reviewer->isReadOnly());
        page.show();
        // rev1 submits two items from elsewhere; the page picks it up by itself.
        ReviewServerAddress r1 = ReviewServerAddress::parse(m_server.url(QStringLiteral("rev1"), QStringLiteral("ui")));
        r1.password = QStringLiteral("rev1-pw");
        ReviewDatabase rev1Db(r1);
        ReviewStore rev1(rev1Db);
        const qint64 me = rev1.ensureReviewer(QStringLiteral("rev1"));
        rev1.setSubmitted(items[0], me, true);
        rev1.setSubmitted(items[1], me, true);
        rev1.setFlagged(items[2], me, true);
        QTRY_VERIFY_WITH_TIMEOUT(!page.teamProgress()->rows().empty(), 10000);
        const ui::TeamProgressRow row = page.teamProgress()->rows().front();
        QCOMPARE(row.reviewer, QStringLiteral("rev1"));
        QCOMPARE(row.submitted, 2);
        QCOMPARE(row.total, 3);
        QCOMPARE(row.flagged, 1);
        QDir().mkpath(test::artefactDir());
        page.grab().save(QDir(test::artefactDir()).filePath(QStringLiteral("team-progress.png")));
    }

    void reviewerJudgesABlindSessionOnTheServer()
    {
        ReviewServerAddress lead
            = ReviewServerAddress::parse(m_server.url(QStringLiteral("lead"), QStringLiteral("ui")));
        lead.password = QStringLiteral("lead-pw");
        ReviewDatabase leadDb(lead);
        ReviewStore leadStore(leadDb);
        const qint64 s = leadStore.resolveSession(QStringLiteral("shared")).id;
        const qint64 other = leadStore.ensureSystem(QStringLiteral("tuned"));
        for (const ReviewItem &it : leadStore.items(s))
            leadStore.setOutput(it.id, other, QStringLiteral("tuned says %1").arg(it.externalId), {});

        ReviewServerAddress r1 = ReviewServerAddress::parse(m_server.url(QStringLiteral("rev1"), QStringLiteral("ui")));
        r1.password = QStringLiteral("rev1-pw");
        auto rev1Db = std::make_shared<ReviewDatabase>(r1);
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        ui::ReviewPage page(ws, nullptr, rev1Db);
        page.show();
        QVERIFY(page.startReview(s, QStringLiteral("rev1")));
        ui::ReviewPanel *panel = page.panel();
        QCOMPARE(panel->itemCount(), 3);
        QVERIFY(!panel->identitiesShown());
        // Score every criterion row with its first option, mark a span, submit.
        for (int row = 0; row < panel->criterionCount(); ++row) {
            panel->focusCriterion(row);
            panel->scoreFocused(1);
        }
        // The sides are in the reviewer's random order: mark the longer output.
        const int side = panel->outputView(0)->toPlainText().size() >= 5 ? 0 : 1;
        panel->markSpan(side, 0, 5, QStringLiteral("fabrication"), QStringLiteral("minor"));
        const qint64 item = panel->currentItemId();
        panel->submit();
        ReviewStore rev1(*rev1Db);
        const qint64 me = rev1.ensureReviewer(QStringLiteral("rev1"));
        QVERIFY(rev1.status(item, me).submitted);
        // The lead sees rev1's judgments and span.
        int judgments = 0, spans = 0;
        for (const Judgment &j : leadStore.judgments(s))
            judgments += j.reviewerId == me && j.itemId == item;
        for (const Span &sp : leadStore.spans(s))
            spans += sp.reviewerId == me;
        QVERIFY2(judgments >= 3, qPrintable(QString::number(judgments)));
        QCOMPARE(spans, 1);
        panel->goTo(0);
        QVERIFY(panel->identitiesShown()); // submitted: the systems show
    }
};

QTEST_MAIN(TeamReviewUiTest)
#include "tst_team_review_ui.moc"
