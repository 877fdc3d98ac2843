#include "cli/command_line.h"

#include "cli/engine_entry.h"
#include "review/review_database.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/exception_text.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {
namespace {

const QStringList kValueGlobals
    = { QStringLiteral("--workspace"), QStringLiteral("--threads"), QStringLiteral("--review-db") };

void printUsage(QTextStream &out)
{
    out << "Usage: medtune-cli [--workspace DIR] [--threads N] [--review-db URL] <command> [options]\n\n"
        << "MedTune Workbench on the command line: the same core as the GUI, headless.\n\n"
        << "Commands:\n";
    for (const Command &c : commands())
        out << "  " << c.name.leftJustified(18) << c.summary << '\n';
    out << "\nGlobal options (accepted before or after the command):\n"
        << "  --workspace DIR    workspace folder (default: " << Workspace::defaultLocation() << ")\n"
        << "  --threads N        libtorch compute threads (default: all " << availableCores() << " cores)\n"
        << "  --review-db URL    review server postgresql://USER@HOST:PORT/DBNAME[?sslmode=require]\n"
        << "                     (default: $MEDTUNE_REVIEW_DB, else the workspace); the password comes\n"
        << "                     from PGPASSWORD or ~/.pgpass\n"
        << "  --verbose          on failure, also print the full text of internal errors (libtorch's)\n"
        << "  -h, --help         this help; 'medtune-cli <command> --help' for a command\n"
        << "  --parse-only       print the options as understood (JSON) and do nothing\n"
        << "  -v, --version      the program's version\n\n"
        << "Exit codes: 0 success, 1 runtime error, 2 usage error.\n";
}

} // namespace

CommandLine::CommandLine(QString command, QStringList arguments, QTextStream &out, QTextStream &err)
    : m_command(std::move(command))
    , m_arguments(std::move(arguments))
    , m_out(out)
    , m_err(err)
{
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addHelpOption();
    m_parser.addOption({ QStringLiteral("workspace"), QStringLiteral("Workspace folder."), QStringLiteral("DIR") });
    m_parser.addOption({ QStringLiteral("threads"), QStringLiteral("libtorch compute threads (0 = all cores)."),
                         QStringLiteral("N") });
    m_parser.addOption({ QStringLiteral("review-db"),
                         QStringLiteral("Review server postgresql://USER@HOST:PORT/DBNAME[?sslmode=MODE] (default: "
                                        "$MEDTUNE_REVIEW_DB, else the workspace)."),
                         QStringLiteral("URL") });
    m_parser.addOption(
        { QStringLiteral("verbose"), QStringLiteral("On failure, also print the full text of internal errors.") });
}

CommandLine::~CommandLine() = default;

void CommandLine::addJsonOption()
{
    m_parser.addOption({ QStringLiteral("json"), QStringLiteral("Print machine-readable JSON.") });
    m_hasJson = true;
}

bool CommandLine::parse(const QString &description, const QString &positionalSyntax)
{
    m_parser.setApplicationDescription(description);
    if (!positionalSyntax.isEmpty())
        m_parser.addPositionalArgument(QStringLiteral("args"), description, positionalSyntax);
    QStringList args = m_arguments;
    const bool parseOnly = args.removeAll(QStringLiteral("--parse-only")) > 0;
    args.prepend(invocation());
    if (!m_parser.parse(args)) {
        m_err << invocation() << ": " << m_parser.errorText() << '\n' << "Try '" << invocation() << " --help'.\n";
        m_exitCode = UsageErrorCode;
        return false;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        // Qt's first line names the executable's full path; name the command instead.
        QString help = m_parser.helpText();
        const qsizetype eol = help.indexOf(u'\n');
        QString usage = QStringLiteral("Usage: %1 [options]").arg(invocation());
        if (!positionalSyntax.isEmpty())
            usage += u' ' + positionalSyntax;
        help.replace(0, eol, usage);
        m_out << help;
        m_exitCode = Ok;
        return false;
    }
    if (parseOnly) {
        QJsonObject options;
        for (const QString &name : m_parser.optionNames())
            options.insert(name, QJsonArray::fromStringList(m_parser.values(name)));
        QJsonArray positional = QJsonArray::fromStringList(m_parser.positionalArguments());
        if (!m_action.isEmpty())
            positional.removeFirst();
        m_out << QJsonDocument(QJsonObject { { QStringLiteral("command"), m_command },
                                             { QStringLiteral("action"), m_action },
                                             { QStringLiteral("options"), options },
                                             { QStringLiteral("positional"), positional } })
                     .toJson(QJsonDocument::Compact)
              << '\n';
        m_exitCode = Ok;
        return false;
    }
    if (m_parser.isSet(QStringLiteral("threads")))
        m_threads = intValue(QStringLiteral("threads"), 0, 1024);
    if (m_applyThreads)
        m_applyThreads(m_threads);
    return true;
}

QString CommandLine::firstPositional() const
{
    for (qsizetype i = 0; i < m_arguments.size(); ++i) {
        if (kValueGlobals.contains(m_arguments[i])) {
            ++i;
            continue;
        }
        if (!m_arguments[i].startsWith(u'-'))
            return m_arguments[i];
    }
    return {};
}

QStringList CommandLine::arguments() const
{
    QStringList args = m_parser.positionalArguments();
    if (!m_action.isEmpty() && !args.isEmpty())
        args.removeFirst();
    return args;
}

int CommandLine::computeThreads() const
{
    return m_threads > 0 ? m_threads : availableCores();
}

QString CommandLine::invocation() const
{
    QString s = QStringLiteral("medtune-cli ") + m_command;
    if (!m_action.isEmpty())
        s += u' ' + m_action;
    return s;
}

bool CommandLine::json() const
{
    return m_hasJson && m_parser.isSet(QStringLiteral("json"));
}

int CommandLine::intValue(const QString &name, int min, int max) const
{
    bool ok = false;
    const int v = m_parser.value(name).toInt(&ok);
    if (!ok || v < min || v > max)
        throw UsageError(QStringLiteral("--%1 expects an integer from %2 to %3, got '%4'")
                             .arg(name)
                             .arg(min)
                             .arg(max)
                             .arg(m_parser.value(name)));
    return v;
}

double CommandLine::doubleValue(const QString &name) const
{
    bool ok = false;
    const double v = m_parser.value(name).toDouble(&ok);
    if (!ok)
        throw UsageError(QStringLiteral("--%1 expects a number, got '%2'").arg(name, m_parser.value(name)));
    return v;
}

QString CommandLine::reviewServerUrl() const
{
    if (m_parser.isSet(QStringLiteral("review-db")))
        return m_parser.value(QStringLiteral("review-db"));
    return qEnvironmentVariable("MEDTUNE_REVIEW_DB");
}

ReviewDatabase &CommandLine::reviewDatabase(bool checkSchema)
{
    if (!m_reviewDatabase) {
        const QString url = reviewServerUrl();
        if (url.isEmpty())
            m_reviewDatabase = std::make_unique<ReviewDatabase>(workspace());
        else
            m_reviewDatabase = std::make_unique<ReviewDatabase>(ReviewServerAddress::parse(url),
                                                                checkSchema ? ReviewDatabase::SchemaCheck::Require
                                                                            : ReviewDatabase::SchemaCheck::Skip);
    }
    return *m_reviewDatabase;
}

QString CommandLine::workspaceDir() const
{
    return m_parser.isSet(QStringLiteral("workspace")) ? m_parser.value(QStringLiteral("workspace"))
                                                       : Workspace::defaultLocation();
}

Workspace &CommandLine::workspace()
{
    if (!m_workspace)
        m_workspace = std::make_unique<Workspace>(workspaceDir());
    return *m_workspace;
}

void CommandLine::printJson(const QJsonDocument &doc)
{
    m_out << doc.toJson(QJsonDocument::Indented);
}

int dispatch(CommandLine &cl, const QString &description, const std::vector<Action> &actions)
{
    const QString name = cl.firstPositional();
    for (const Action &a : actions)
        if (a.name == name) {
            cl.setAction(name);
            return a.run(cl);
        }
    QString list;
    QStringList names;
    for (const Action &a : actions) {
        list += QStringLiteral("  %1 %2\n").arg(a.name.leftJustified(16), a.summary);
        names << a.name;
    }
    const QString usage = QStringLiteral("Usage: medtune-cli %1 ACTION [options]\n\n%2\n\nActions:\n%3\n"
                                         "'medtune-cli %1 ACTION --help' lists an action's options.\n")
                              .arg(cl.command(), description, list);
    if (name.isEmpty() && (cl.hasRawOption(QStringLiteral("--help")) || cl.hasRawOption(QStringLiteral("-h")))) {
        cl.out() << usage;
        return Ok;
    }
    if (name.isEmpty())
        throw UsageError(QStringLiteral("%1 needs an action").arg(cl.invocation()),
                         QStringLiteral("actions: %1").arg(names.join(QStringLiteral(", "))));
    throw UsageError(QStringLiteral("Unknown %1 action '%2'").arg(cl.command(), name),
                     QStringLiteral("actions: %1").arg(names.join(QStringLiteral(", "))));
}

namespace {
QStringList g_runArguments;
EngineProvider g_engineProvider = nullptr;
} // namespace

void setEngineProvider(EngineProvider provider)
{
    g_engineProvider = provider;
}

CommandFunction engineCommand(const QString &name)
{
    return [name](CommandLine &cl) {
        if (!g_engineProvider)
            throw Error(QStringLiteral("'%1' needs the engine, which this program does not provide").arg(name));
        return g_engineProvider(name)(cl);
    };
}

const QStringList &runArguments()
{
    return g_runArguments;
}

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    g_runArguments = arguments;
    // The command is the first argument that is neither an option nor a global option's value.
    QStringList rest = arguments.mid(1);
    qsizetype commandIndex = -1;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &a = rest[i];
        if (kValueGlobals.contains(a)) {
            ++i;
            continue;
        }
        if (!a.startsWith(u'-')) {
            commandIndex = i;
            break;
        }
    }
    if (commandIndex < 0) {
        if (rest.contains(QStringLiteral("--version")) || rest.contains(QStringLiteral("-v"))) {
            out << "medtune-cli " << QCoreApplication::applicationVersion() << '\n';
            return Ok;
        }
        if (rest.contains(QStringLiteral("--help")) || rest.contains(QStringLiteral("-h"))) {
            printUsage(out);
            return Ok;
        }
        printUsage(err);
        return UsageErrorCode;
    }
    const QString name = rest.takeAt(commandIndex);
    for (const Command &c : commands()) {
        if (c.name != name)
            continue;
        CommandLine line(name, rest, out, err);
        try {
            return c.run(line);
        } catch (const UsageError &e) {
            err << line.invocation() << ": " << e.fullMessage() << '\n';
            return UsageErrorCode;
        } catch (const Error &e) {
            err << line.invocation() << ": error: " << e.fullMessage() << '\n';
            return RuntimeError;
        } catch (const std::exception &e) {
            // libtorch's c10::Error and the like: a sentence, never stack frames (--verbose adds them).
            const ExceptionText text = describeException(e);
            err << line.invocation() << ": error: " << text.full() << '\n';
            if (rest.contains(QStringLiteral("--verbose")))
                err << "details:\n" << text.raw << '\n';
            return RuntimeError;
        }
    }
    err << "medtune-cli: unknown command '" << name << "'. Run 'medtune-cli --help' for the list.\n";
    return UsageErrorCode;
}

} // namespace medtune::cli
