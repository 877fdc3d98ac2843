// medtune-cli review and report: importing outputs with a column mapping, recording
// judgments headless, stats as JSON, and reports in all four formats (in-process and,
// for PDF, through the real executable, which needs its offscreen GUI application).
#include "cli/command_line.h"
#include "cli_runner.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace medtune;

namespace {

using Result = test::CliResult;
using test::runCli;

} // namespace

class ReviewCliTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Sessions are named by id or name the same way everywhere; a number never becomes a
    // new session's name; a system can join an existing session and the output says so.
    void sessionsByIdOrNameAndAddingSystems()
    {
        QTemporaryDir tmp;
        const QStringList w = { QStringLiteral("--workspace"), tmp.filePath(QStringLiteral("ws")) };
        const QString base = test::testDataPath(QStringLiteral("review/outputs_base.jsonl"));
        Result r = runCli(w
                          + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"), base,
                                          QStringLiteral("--system"), QStringLiteral("base"),
                                          QStringLiteral("--session"), QStringLiteral("first") });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("into the new session 'first' (id 1)")), qPrintable(r.out));
        // "--session 1" is session 1, not a new session named "1".
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"), base,
                                   QStringLiteral("--system"), QStringLiteral("other"), QStringLiteral("--session"),
                                   QStringLiteral("1") });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("into the existing session 'first' (id 1)")), qPrintable(r.out));
        // An unknown number is not a name.
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"), base,
                                   QStringLiteral("--system"), QStringLiteral("x"), QStringLiteral("--session"),
                                   QStringLiteral("7") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("cannot be a number")), qPrintable(r.err));
        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("sessions"), QStringLiteral("--json") });
        QCOMPARE(r.code, 0);
        const QJsonArray sessions = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions.at(0).toObject().value(QStringLiteral("systems")).toArray(),
                 (QJsonArray { QStringLiteral("base"), QStringLiteral("other") }));

        // The sessions table has a header and keeps its columns apart.
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"), base,
                                   QStringLiteral("--system"), QStringLiteral("base"), QStringLiteral("--session"),
                                   QStringLiteral("a rather long session name for the listing") });
        QCOMPARE(r.code, 0);
        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("sessions") });
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[0].startsWith(QStringLiteral("ID  NAME")), qPrintable(r.out));
        const qsizetype taskColumn = lines[0].indexOf(QStringLiteral("TASK"));
        QVERIFY(taskColumn > 0);
        for (const QString &line : lines.mid(1)) {
            QCOMPARE(line.at(taskColumn - 1), QChar(u' '));
            QCOMPARE(line.at(taskColumn - 2), QChar(u' '));
        }

        // Items and the rubric, listed for add-judgment.
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("items"), QStringLiteral("--session"),
                                   QStringLiteral("first"), QStringLiteral("--json") });
        QCOMPARE(r.code, 0);
        const QJsonArray items = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(items.size(), 3);
        QCOMPARE(items.at(0).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("pqa-1"));
        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("rubric") });
        QCOMPARE(r.code, 0);
        QVERIFY2(
            r.out.contains(QRegularExpression(QStringLiteral("\\ncorrectness +each output \\(--system\\) +all +1 "))),
            qPrintable(r.out));
    }

    // Each action has its own help: its own options only, and a usage line naming it.
    void actionsHaveTheirOwnHelp()
    {
        Result r = runCli({ QStringLiteral("review"), QStringLiteral("add-judgment"), QStringLiteral("--help") });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: medtune-cli review add-judgment [options]")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("--criterion <C>")));
        QVERIFY(!r.out.contains(QStringLiteral("--model")));
        r = runCli({ QStringLiteral("review"), QStringLiteral("generate"), QStringLiteral("--help") });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("--model <DIR>")));
        QVERIFY(!r.out.contains(QStringLiteral("--reviewer")));
        r = runCli({ QStringLiteral("review"), QStringLiteral("--help") });
        QCOMPARE(r.code, 0);
        for (const char *action :
             { "generate", "import-outputs", "sessions", "items", "rubric", "add-judgment", "add-judgments", "stats" })
            QVERIFY2(r.out.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(action))), action);
        r = runCli({ QStringLiteral("review"), QStringLiteral("frobnicate") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("actions: generate, import-outputs")), qPrintable(r.err));
    }

    // Preference compares two outputs: refused, with the reason, for three systems.
    void preferenceNeedsTwoSystems()
    {
        QTemporaryDir tmp;
        const QStringList w = { QStringLiteral("--workspace"), tmp.filePath(QStringLiteral("ws")) };
        const QString base = test::testDataPath(QStringLiteral("review/outputs_base.jsonl"));
        for (const QString &system : { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") })
            QCOMPARE(runCli(w
                            + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"), base,
                                            QStringLiteral("--system"), system, QStringLiteral("--session"),
                                            QStringLiteral("three") })
                         .code,
                     0);
        const Result r
            = runCli(w
                     + QStringList { QStringLiteral("review"), QStringLiteral("add-judgment"),
                                     QStringLiteral("--reviewer"), QStringLiteral("AB"), QStringLiteral("--item"),
                                     QStringLiteral("pqa-1"), QStringLiteral("--criterion"),
                                     QStringLiteral("preference"), QStringLiteral("--value"), QStringLiteral("A") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("preference compares two outputs, but item pqa-1 has 3")),
                 qPrintable(r.err));
    }

    // Many judgments from one file in one transaction; one bad line saves nothing.
    void addJudgmentsFromFile()
    {
        QTemporaryDir tmp;
        const QStringList w = { QStringLiteral("--workspace"), tmp.filePath(QStringLiteral("ws")) };
        const QString base = test::testDataPath(QStringLiteral("review/outputs_base.jsonl"));
        for (const QString &system : { QStringLiteral("a"), QStringLiteral("b") })
            QCOMPARE(runCli(w
                            + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"), base,
                                            QStringLiteral("--system"), system, QStringLiteral("--session"),
                                            QStringLiteral("pair") })
                         .code,
                     0);
        QFile jsonl(tmp.filePath(QStringLiteral("j.jsonl")));
        QVERIFY(jsonl.open(QIODevice::WriteOnly));
        const QStringList ids = { QStringLiteral("pqa-1"), QStringLiteral("pqa-2"), QStringLiteral("pqa-3") };
        for (const QString &reviewer : { QStringLiteral("AB"), QStringLiteral("CD") })
            for (int i = 0; i < 3; ++i) {
                jsonl.write(QJsonDocument(QJsonObject { { QStringLiteral("reviewer"), reviewer },
                                                        { QStringLiteral("item"), ids[i] },
                                                        { QStringLiteral("criterion"), QStringLiteral("correctness") },
                                                        { QStringLiteral("value"), QString::number(i + 3) },
                                                        { QStringLiteral("system"), QStringLiteral("a") } })
                                .toJson(QJsonDocument::Compact)
                            + '\n');
                jsonl.write(QJsonDocument(QJsonObject { { QStringLiteral("reviewer"), reviewer },
                                                        { QStringLiteral("item"), ids[i] },
                                                        { QStringLiteral("criterion"), QStringLiteral("preference") },
                                                        { QStringLiteral("value"), QStringLiteral("B") },
                                                        { QStringLiteral("submit"), true } })
                                .toJson(QJsonDocument::Compact)
                            + '\n');
            }
        jsonl.close();
        Result r
            = runCli(w
                     + QStringList { QStringLiteral("review"), QStringLiteral("add-judgments"), jsonl.fileName(),
                                     QStringLiteral("--session"), QStringLiteral("pair"), QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("saved")).toInt(), 12);
        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("stats"), QStringLiteral("--json") });
        const QJsonObject stats = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject win = stats.value(QStringLiteral("win_rates")).toArray().at(0).toObject();
        QCOMPARE(win.value(QStringLiteral("wins_b")).toInt(), 6);
        QCOMPARE(win.value(QStringLiteral("wins_a")).toInt(), 0);
        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("items"), QStringLiteral("--json") });
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).array())
            QCOMPARE(v.toObject().value(QStringLiteral("submitted_by")).toInt(), 2);

        // CSV with one bad value on line 3: nothing of the file is saved.
        QFile csv(tmp.filePath(QStringLiteral("j.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("reviewer,item,criterion,value,system\n"
                  "EF,pqa-1,correctness,5,a\n"
                  "EF,pqa-2,correctness,9,a\n");
        csv.close();
        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("add-judgments"), csv.fileName() });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("line 3: '9' is not a value of correctness")), qPrintable(r.err));
        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("stats"), QStringLiteral("--json") });
        for (const QJsonValue &v :
             QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("reviewers")).toArray())
            QVERIFY(v.toObject().value(QStringLiteral("name")).toString() != QLatin1String("EF"));
    }

    // 'report --session S' (space-separated) through the executable exports S, not the latest.
    void reportSessionOptionThroughExecutable()
    {
        QTemporaryDir tmp;
        const QStringList w = { QStringLiteral("--workspace"), tmp.filePath(QStringLiteral("ws")) };
        const QString base = test::testDataPath(QStringLiteral("review/outputs_base.jsonl"));
        for (const QString &session : { QStringLiteral("older"), QStringLiteral("newer") })
            QCOMPARE(runCli(w
                            + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"), base,
                                            QStringLiteral("--system"), QStringLiteral("base"),
                                            QStringLiteral("--session"), session })
                         .code,
                     0);
        for (const QStringList &form : { QStringList { QStringLiteral("--session"), QStringLiteral("older") },
                                         QStringList { QStringLiteral("--session=older") } }) {
            QProcess cli;
            // Without a runtime folder Qt's offscreen platform used to warn on stderr.
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
            cli.setProcessEnvironment(env);
            const QString out = tmp.filePath(QStringLiteral("r.json"));
            cli.start(QDir(test::binDir()).filePath(QStringLiteral("medtune-cli")),
                      w + QStringList { QStringLiteral("report") } + form
                          + QStringList { QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--out"),
                                          out, QStringLiteral("--json") });
            QVERIFY(cli.waitForFinished(60000));
            const QByteArray err = cli.readAllStandardError();
            QVERIFY2(cli.exitCode() == 0, err.constData());
            QVERIFY2(err.isEmpty(), err.constData());
            const QJsonObject printed = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
            QCOMPARE(printed.value(QStringLiteral("session")).toString(), QStringLiteral("older"));
        }
    }

    void importJudgeStatsReport()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        const QStringList w = { QStringLiteral("--workspace"), ws };
        // No session yet: a clear error.
        Result r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("stats") });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no review sessions")), qPrintable(r.err));

        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"),
                                   test::testDataPath(QStringLiteral("review/outputs_base.jsonl")),
                                   QStringLiteral("--system"), QStringLiteral("base"), QStringLiteral("--session"),
                                   QStringLiteral("ab"), QStringLiteral("--json") });
        QCOMPARE(r.code, 0);
        const QJsonObject imported = QJsonDocument::fromJson(r.out.toUtf8()).array().at(0).toObject();
        QCOMPARE(imported.value(QStringLiteral("imported")).toInt(), 3);
        QCOMPARE(imported.value(QStringLiteral("skipped")).toInt(), 2);
        r = runCli(w
                   + QStringList {
                       QStringLiteral("review"), QStringLiteral("import-outputs"),
                       test::testDataPath(QStringLiteral("review/outputs_tuned.csv")), QStringLiteral("--session"),
                       QStringLiteral("ab"), QStringLiteral("--map"), QStringLiteral("id=example"),
                       QStringLiteral("--map"), QStringLiteral("source=input text"), QStringLiteral("--map"),
                       QStringLiteral("reference=gold"), QStringLiteral("--map"), QStringLiteral("output=generated"),
                       QStringLiteral("--map"), QStringLiteral("system=engine") });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("3 of 4 records imported into the existing session 'ab'")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("line 6: 3 fields, the header has 5")));
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("import-outputs"), QStringLiteral("x.csv"),
                                   QStringLiteral("--map"), QStringLiteral("colour=x") });
        QCOMPARE(r.code, 2);

        // Two reviewers: correctness of base and the preference, headless.
        const QStringList base = { QStringLiteral("5"), QStringLiteral("2"), QStringLiteral("4") };
        const QStringList other = { QStringLiteral("4"), QStringLiteral("2"), QStringLiteral("4") };
        const QStringList ids = { QStringLiteral("pqa-1"), QStringLiteral("pqa-2"), QStringLiteral("pqa-3") };
        for (int i = 0; i < 3; ++i) {
            for (const auto &[who, value] :
                 { std::pair { QStringLiteral("AB"), base[i] }, std::pair { QStringLiteral("CD"), other[i] } }) {
                r = runCli(w
                           + QStringList { QStringLiteral("review"), QStringLiteral("add-judgment"),
                                           QStringLiteral("--reviewer"), who, QStringLiteral("--item"), ids[i],
                                           QStringLiteral("--system"), QStringLiteral("base"),
                                           QStringLiteral("--criterion"), QStringLiteral("correctness"),
                                           QStringLiteral("--value"), value });
                QCOMPARE(r.code, 0);
                r = runCli(w
                           + QStringList {
                               QStringLiteral("review"), QStringLiteral("add-judgment"), QStringLiteral("--reviewer"),
                               who, QStringLiteral("--item"), ids[i], QStringLiteral("--criterion"),
                               QStringLiteral("preference"), QStringLiteral("--value"),
                               i == 1 ? QStringLiteral("B") : QStringLiteral("A"), QStringLiteral("--submit") });
                QCOMPARE(r.code, 0);
            }
        }
        r = runCli(w
                   + QStringList { QStringLiteral("review"), QStringLiteral("add-judgment"),
                                   QStringLiteral("--reviewer"), QStringLiteral("AB"), QStringLiteral("--item"),
                                   QStringLiteral("pqa-1"), QStringLiteral("--criterion"),
                                   QStringLiteral("correctness"), QStringLiteral("--value"), QStringLiteral("7"),
                                   QStringLiteral("--system"), QStringLiteral("base") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("values: 1, 2, 3, 4, 5")));

        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("stats"), QStringLiteral("--json") });
        QCOMPARE(r.code, 0);
        const QJsonObject stats = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(stats.value(QStringLiteral("session")).toString(), QStringLiteral("ab"));
        QCOMPARE(stats.value(QStringLiteral("items")).toInt(), 3);
        const QJsonObject win = stats.value(QStringLiteral("win_rates")).toArray().at(0).toObject();
        QCOMPARE(win.value(QStringLiteral("wins_a")).toInt(), 4);
        QCOMPARE(win.value(QStringLiteral("wins_b")).toInt(), 2);
        // Correctness indices (4,3), (1,1), (3,3), linear weights over 5 points:
        // Do = (1/4)/3 = 1/12; marginals {4,1,3} x {3,1,3}: De = (1+3+1 + 2+0+2 + 0+2+0)/9/4 = 11/36 -> 1 - 3/11.
        double kappa = 0;
        for (const QJsonValue &v : stats.value(QStringLiteral("agreement")).toArray())
            if (v.toObject().value(QStringLiteral("criterion")).toString() == QLatin1String("correctness"))
                kappa = v.toObject().value(QStringLiteral("cohens_kappa")).toDouble();
        QVERIFY2(std::abs(kappa - (1.0 - 3.0 / 11.0)) < 1e-12, qPrintable(QString::number(kappa, 'g', 17)));
        r = runCli(w + QStringList { QStringLiteral("review"), QStringLiteral("stats") });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("base vs tuned-lora: 4-2 (0 ties)")));

        // Reports: html, csv, json in-process; each written and non-trivial.
        for (const QString &format : { QStringLiteral("html"), QStringLiteral("csv"), QStringLiteral("json") }) {
            const QString path = tmp.filePath(QStringLiteral("report.") + format);
            r = runCli(w
                       + QStringList { QStringLiteral("report"), QStringLiteral("--format"), format,
                                       QStringLiteral("--out"), path });
            QCOMPARE(r.code, 0);
            QVERIFY(QFileInfo(path).size() > 500);
        }
        QFile html(tmp.filePath(QStringLiteral("report.html")));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(html.readAll());
        QVERIFY(!text.contains(QStringLiteral("<script>")));
        QVERIFY(text.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
        r = runCli(
            w
            + QStringList { QStringLiteral("report"), QStringLiteral("--out"), tmp.filePath(QStringLiteral("x.doc")) });
        QCOMPARE(r.code, 2);

        // PDF through the executable (QGuiApplication on the offscreen platform).
        QProcess cli;
        cli.start(QDir(test::binDir()).filePath(QStringLiteral("medtune-cli")),
                  w
                      + QStringList { QStringLiteral("report"), QStringLiteral("--session"), QStringLiteral("ab"),
                                      QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("--out"),
                                      tmp.filePath(QStringLiteral("report.pdf")) });
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QFile pdf(tmp.filePath(QStringLiteral("report.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
        QVERIFY(pdf.size() > 10000);
    }
};

QTEST_MAIN(ReviewCliTest)
#include "tst_review_cli.moc"
