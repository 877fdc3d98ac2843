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
        QVERIFY2(r.out.contains(QStringLiteral("3 of 4 records imported into session 'ab'")), qPrintable(r.out));
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
