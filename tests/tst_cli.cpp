// medtune-cli: subcommand dispatch, help, exit codes, tokenize and info, in-process and
// as the real executable.
#include "cli/command_line.h"
#include "cli_runner.h"
#include "test_support.h"
#include "util/compute_threads.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

namespace {

using Result = test::CliResult;
using test::runCli;

QString llama()
{
    return test::sharedDataPath(QStringLiteral("llama2-tokenizer/tokenizer.model"));
}

} // namespace

class CliTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resumeRefusesOtherTrainingFlags()
    {
        QTemporaryDir tmp;
        const Result r
            = runCli({ QStringLiteral("--workspace"), tmp.path(), QStringLiteral("train"), QStringLiteral("--resume"),
                       QStringLiteral("1"), QStringLiteral("--max-steps"), QStringLiteral("5") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--max-steps cannot be combined with --resume")), qPrintable(r.err));
    }

    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void helpListsCommands()
    {
        const Result r = runCli({ QStringLiteral("--help") });
        QCOMPARE(r.code, 0);
        for (const cli::Command &c : cli::commands())
            QVERIFY2(r.out.contains(QStringLiteral("  ") + c.name + u' '), qPrintable(c.name));
        QVERIFY(r.out.contains(QStringLiteral("tokenize")));
        QVERIFY(r.out.contains(QStringLiteral("--workspace")));
    }

    void usageErrors()
    {
        Result r = runCli({});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("Usage:")));

        r = runCli({ QStringLiteral("frobnicate") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown command 'frobnicate'")));

        r = runCli({ QStringLiteral("tokenize"), QStringLiteral("--no-such-option"), QStringLiteral("x") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("no-such-option")));

        r = runCli({ QStringLiteral("tokenize"), QStringLiteral("Hello") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("--tokenizer")));

        r = runCli({ QStringLiteral("--threads"), QStringLiteral("many"), QStringLiteral("info") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("--threads expects an integer")));
    }

    void commandHelp()
    {
        const Result r = runCli({ QStringLiteral("tokenize"), QStringLiteral("--help") });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("--tokenizer")));
        QVERIFY(r.out.contains(QStringLiteral("--json")));
    }

    void runtimeErrorIsExitOne()
    {
        QTemporaryDir tmp;
        const Result r = runCli({ QStringLiteral("tokenize"), QStringLiteral("--tokenizer"),
                                  tmp.filePath(QStringLiteral("absent.model")), QStringLiteral("Hello") });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("absent.model")) && r.err.contains(QStringLiteral("does not exist")),
                 qPrintable(r.err));
    }

    void tokenizeJson()
    {
        if (llama().isEmpty())
            QSKIP("../shared/data/llama2-tokenizer is absent");
        const Result r = runCli({ QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), llama(),
                                  QStringLiteral("--json"), QStringLiteral("Hello world") });
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("ids")).toArray(), (QJsonArray { 15043, 3186 }));
        QCOMPARE(o.value(QStringLiteral("pieces")).toArray(),
                 (QJsonArray { QStringLiteral("\u2581Hello"), QStringLiteral("\u2581world") }));
        QCOMPARE(o.value(QStringLiteral("vocab_size")).toInt(), 32000);
    }

    void executableMatchesSpmEncode()
    {
        if (llama().isEmpty())
            QSKIP("../shared/data/llama2-tokenizer is absent");
        QProcess cli;
        cli.start(
            QDir(test::binDir()).filePath(QStringLiteral("medtune-cli")),
            { QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), llama(), QStringLiteral("Hello world") });
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QString firstLine = QString::fromUtf8(cli.readAllStandardOutput()).section(u'\n', 0, 0);
        QCOMPARE(firstLine, QStringLiteral("15043 3186"));

        const QString spm = QStandardPaths::findExecutable(QStringLiteral("spm_encode"));
        if (spm.isEmpty())
            QSKIP("spm_encode is not installed (Debian package 'sentencepiece')");
        QProcess ref;
        ref.start(spm, { QStringLiteral("--model=") + llama(), QStringLiteral("--output_format=id") });
        ref.write("Hello world\n");
        ref.closeWriteChannel();
        QVERIFY(ref.waitForFinished(30000));
        QCOMPARE(QString::fromUtf8(ref.readAllStandardOutput()).trimmed(), firstLine);
    }

    void infoReportsWorkspaceAndThreads()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        Result r = runCli({ QStringLiteral("info"), QStringLiteral("--json"), QStringLiteral("--workspace"), ws });
        QCOMPARE(r.code, 0);
        QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("workspace")).toString(), QDir(ws).absolutePath());
        QCOMPARE(o.value(QStringLiteral("schema_version")).toInt(), Workspace::latestSchemaVersion());
        QCOMPARE(o.value(QStringLiteral("compute_threads")).toInt(), availableCores());
        QVERIFY(o.value(QStringLiteral("tokenizer_bridge")).toString().endsWith(QStringLiteral("libmedtune_spm.so")));

        // The global option works before the command, and sets the thread count.
        r = runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("--threads"), QStringLiteral("1"),
                     QStringLiteral("info"), QStringLiteral("--json") });
        QCOMPARE(r.code, 0);
        o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("compute_threads")).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "tst_cli.moc"
