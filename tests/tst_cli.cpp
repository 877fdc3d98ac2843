// medtune-cli: subcommand dispatch, help, exit codes, tokenize and info, in-process and
// as the real executable.
#include "cli/command_line.h"
#include "cli_runner.h"
#include "test_support.h"
#include "text/prompt_formatter.h"
#include "train/run_store.h"
#include "train/training_spec.h"
#include "util/compute_threads.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
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

    // Every option of every command and action means the same as '--opt value' and as
    // '--opt=value', through the real executable (its application object once swallowed
    // '--session S'). The options come from each command's own --help.
    void everyOptionParsesInBothForms()
    {
        QTemporaryDir home;
        const QString exe = QDir(test::binDir()).filePath(QStringLiteral("medtune-cli"));
        auto run = [&](const QStringList &args) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("HOME"), home.path());
            env.remove(QStringLiteral("XDG_DATA_HOME"));
            p.setProcessEnvironment(env);
            p.start(exe, args);
            p.waitForFinished(60000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()));
        };
        QStringList invocations;
        for (const cli::Command &c : cli::commands()) {
            const auto [code, help] = run({ c.name, QStringLiteral("--help") });
            QCOMPARE(code, 0);
            if (help.contains(QStringLiteral("\nActions:\n"))) {
                const QRegularExpression action(QStringLiteral("^  ([a-z-]+) "), QRegularExpression::MultilineOption);
                auto it = action.globalMatch(help.mid(help.indexOf(QStringLiteral("\nActions:\n"))));
                while (it.hasNext())
                    invocations << c.name + u' ' + it.next().captured(1);
            } else {
                invocations << c.name;
            }
        }
        QVERIFY(invocations.contains(QStringLiteral("review add-judgment")));
        QVERIFY(invocations.contains(QStringLiteral("report")));
        int checked = 0;
        for (const QString &invocation : std::as_const(invocations)) {
            const QStringList words = invocation.split(u' ');
            const auto [code, help] = run(words + QStringList { QStringLiteral("--help") });
            QVERIFY2(code == 0, qPrintable(invocation));
            QVERIFY2(help.startsWith(QStringLiteral("Usage: medtune-cli %1 [options]").arg(invocation)),
                     qPrintable(help.left(200)));
            // "  --name <VALUE>  text": options that take a value.
            const QRegularExpression valueOption(QStringLiteral("^\\s+(?:-\\w, )?--([a-z0-9-]+) <[^>]+>"),
                                                 QRegularExpression::MultilineOption);
            QStringList spaced = words, joined = words;
            QJsonObject expected;
            int n = 0;
            auto it = valueOption.globalMatch(help);
            while (it.hasNext()) {
                const QString name = it.next().captured(1);
                if (name == QLatin1String("workspace"))
                    continue; // a global: a value here would be a real folder
                const QString value = QStringLiteral("v%1 x").arg(++n);
                spaced << QStringLiteral("--") + name << value;
                joined << QStringLiteral("--%1=%2").arg(name, value);
                expected.insert(name, QJsonArray { value });
            }
            const auto [codeA, outA] = run(spaced + QStringList { QStringLiteral("--parse-only") });
            const auto [codeB, outB] = run(joined + QStringList { QStringLiteral("--parse-only") });
            QVERIFY2(codeA == 0 && codeB == 0, qPrintable(invocation));
            const QJsonObject a = QJsonDocument::fromJson(outA.toUtf8()).object();
            const QJsonObject b = QJsonDocument::fromJson(outB.toUtf8()).object();
            QVERIFY2(a.value(QStringLiteral("options")).toObject() == expected,
                     qPrintable(invocation + QStringLiteral(": ") + outA));
            QVERIFY2(b.value(QStringLiteral("options")).toObject() == expected,
                     qPrintable(invocation + QStringLiteral(": ") + outB));
            checked += n;
        }
        QVERIFY2(checked > 100, qPrintable(QString::number(checked)));
        // Printing help and parsing created no workspace in the home folder.
        QDirIterator files(home.path(), QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString f = files.next();
            QVERIFY2(!f.endsWith(QStringLiteral("workspace.sqlite")), qPrintable(f));
        }
    }

    void infoCreatesNoDefaultWorkspace()
    {
        QTemporaryDir home;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.remove(QStringLiteral("XDG_DATA_HOME"));
        env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        p.setProcessEnvironment(env);
        p.start(QDir(test::binDir()).filePath(QStringLiteral("medtune-cli")), { QStringLiteral("info") });
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("(not created yet)")), qPrintable(out));
        QVERIFY(QDir(home.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
        QCOMPARE(QString::fromUtf8(p.readAllStandardError()), QString());
    }

    // 'runs' shows live progress from the store: the last recorded step and loss.
    void runsShowLiveProgress()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        {
            Workspace ws(dir);
            RunStore store(ws);
            TrainingSpec spec;
            spec.trainer.maxSteps = 100;
            const qint64 id = store.create(QStringLiteral("live"), spec.toJson());
            store.markRunning(id);
            store.addMetrics(id, QStringLiteral("train"), 39, { { QStringLiteral("loss"), 1.75 } });
            store.addMetrics(id, QStringLiteral("train"), 40, { { QStringLiteral("loss"), 1.5 } });
        }
        const Result r = runCli({ QStringLiteral("--workspace"), dir, QStringLiteral("runs") });
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].contains(QStringLiteral("STEP")) && lines[0].contains(QStringLiteral("STARTED")),
                 qPrintable(r.out));
        const QStringList cells = lines[1].split(u' ', Qt::SkipEmptyParts);
        QCOMPARE(cells.value(1), QStringLiteral("live"));
        QCOMPARE(cells.value(2), QStringLiteral("running"));
        QCOMPARE(cells.value(3), QStringLiteral("40/100"));
        QCOMPARE(cells.value(4), QStringLiteral("1.5000"));
        const Result j
            = runCli({ QStringLiteral("--workspace"), dir, QStringLiteral("runs"), QStringLiteral("--json") });
        const QJsonObject run = QJsonDocument::fromJson(j.out.toUtf8()).array().at(0).toObject();
        QCOMPARE(run.value(QStringLiteral("step")).toInt(), 40);
        QCOMPARE(run.value(QStringLiteral("last_loss")).toDouble(), 1.5);
    }

    // A run records every effective data setting, defaults included, and train --help shows
    // the defaults a run starts from.
    void runConfigurationNamesEveryDefault()
    {
        TrainingSpec spec;
        spec.data.insert(QStringLiteral("datasets"), QJsonArray { QJsonObject { { QStringLiteral("id"), 1 } } });
        const QJsonObject data = spec.toJson().value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("template")).toString(), QStringLiteral("default"));
        QCOMPARE(data.value(QStringLiteral("max_tokens")).toInt(), LengthPolicy().maxTokens);
        QCOMPARE(data.value(QStringLiteral("cut")).toString(), QStringLiteral("tail"));
        const QJsonObject d0 = data.value(QStringLiteral("datasets")).toArray().at(0).toObject();
        QCOMPARE(d0.value(QStringLiteral("weight")).toDouble(), 1.0);
        QCOMPARE(d0.value(QStringLiteral("cap")).toInt(), -1);
        // The stored configuration reproduces the run: reading it back gives the same JSON.
        QCOMPARE(TrainingSpec::fromJson(spec.toJson()).toJson(), spec.toJson());

        const Result r = runCli({ QStringLiteral("train"), QStringLiteral("--help") });
        QCOMPARE(r.code, 0);
        const TrainingSpec d;
        for (const auto &[option, value] :
             { std::pair { QStringLiteral("-r <N>"), QString::number(d.lora.r) },
               std::pair { QStringLiteral("--max-tokens <N>"), QString::number(LengthPolicy().maxTokens) },
               std::pair { QStringLiteral("--lr <X>"), QString::number(d.trainer.learningRate) },
               std::pair { QStringLiteral("--batch <N>"), QString::number(d.trainer.microBatchSize) },
               std::pair { QStringLiteral("--template <T>"), QStringLiteral("default") } }) {
            const qsizetype at = r.out.indexOf(option);
            QVERIFY2(at >= 0, qPrintable(option));
            // The option's help text, up to the next option (Qt wraps long texts).
            const QString line = r.out.mid(at, r.out.indexOf(QStringLiteral("\n  -"), at) - at).simplified();
            QVERIFY2(line.contains(QStringLiteral("(default %1)").arg(value)), qPrintable(line));
        }
    }

    void infoReportsWorkspaceAndThreads()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        // info only prints: an absent workspace is reported, not created.
        Result r = runCli({ QStringLiteral("info"), QStringLiteral("--json"), QStringLiteral("--workspace"), ws });
        QCOMPARE(r.code, 0);
        QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("workspace_exists")).toBool(), false);
        QVERIFY(!QFileInfo::exists(ws));
        {
            Workspace created(ws);
        }
        r = runCli({ QStringLiteral("info"), QStringLiteral("--json"), QStringLiteral("--workspace"), ws });
        QCOMPARE(r.code, 0);
        o = QJsonDocument::fromJson(r.out.toUtf8()).object();
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
