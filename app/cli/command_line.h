// Shared plumbing of medtune-cli's git-style subcommands: option parsing with the global
// options, --help, --json output, workspace opening and exit codes.
#pragma once

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <functional>
#include <memory>
#include <vector>

namespace medtune {
class Workspace;
}

namespace medtune::cli {

enum ExitCode { Ok = 0, RuntimeError = 1, UsageErrorCode = 2 };

/// One subcommand's invocation: its parser (global options already added), streams and
/// helpers. A command adds its options, calls parse(), then does its work; it throws
/// medtune::Error (exit 1) or medtune::UsageError (exit 2) on failure.
class CommandLine
{
public:
    CommandLine(QString command, QStringList arguments, QTextStream &out, QTextStream &err);
    ~CommandLine();

    QCommandLineParser &parser() { return m_parser; }
    /// Adds the --json option for commands that print data.
    void addJsonOption();
    /// Parses; on --help prints help and returns false with exitCode() 0; on a usage
    /// error prints it and returns false with exitCode() 2.
    bool parse(const QString &description, const QString &positionalSyntax = {});
    int exitCode() const { return m_exitCode; }

    bool json() const;
    QString value(const QString &name) const { return m_parser.value(name); }
    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QStringList positional() const { return m_parser.positionalArguments(); }
    /// The first argument that is not an option, before parse() (for sub-dispatch).
    QString firstPositional() const;
    /// Positional arguments after the action's name when an action was dispatched.
    QStringList arguments() const;
    bool hasRawOption(const QString &option) const { return m_arguments.contains(option); }
    /// An integer option's value; throws UsageError when it is not an integer in range.
    int intValue(const QString &name, int min, int max) const;
    /// A number option's value; throws UsageError when it is not a number.
    double doubleValue(const QString &name) const;

    /// --threads as given (0 = all cores); commands that compute apply it (engine_entry.h).
    int requestedThreads() const { return m_threads; }
    /// The intra-op thread count the command computes with.
    int computeThreads() const;
    /// Called by parse() with the requested thread count (engine commands set libtorch's).
    void onThreadCount(std::function<void(int)> apply) { m_applyThreads = std::move(apply); }

    /// Opens --workspace or the default workspace (once), creating it when absent.
    Workspace &workspace();
    /// The folder --workspace names, or the default one; opens nothing.
    QString workspaceDir() const;

    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    void printJson(const QJsonDocument &doc);
    QString command() const { return m_command; }
    /// The action of a command with actions ('review stats'), set by dispatch().
    QString action() const { return m_action; }
    void setAction(const QString &action) { m_action = action; }
    /// "medtune-cli COMMAND [ACTION]", as usage lines and errors name it.
    QString invocation() const;

private:
    QString m_command;
    QString m_action;
    QStringList m_arguments;
    QTextStream &m_out;
    QTextStream &m_err;
    QCommandLineParser m_parser;
    bool m_hasJson = false;
    int m_threads = 0;
    std::function<void(int)> m_applyThreads;
    int m_exitCode = Ok;
    std::unique_ptr<Workspace> m_workspace;
};

struct Command
{
    QString name;
    QString summary;
    std::function<int(CommandLine &)> run;
};

/// One action of a command with actions ('review stats', 'bench train').
struct Action
{
    QString name;
    QString summary;
    std::function<int(CommandLine &)> run;
};

/// Runs the action named by the command's first positional argument. Without one, or with
/// --help and no action, prints the actions; an unknown name is a usage error listing them.
int dispatch(CommandLine &cl, const QString &description, const std::vector<Action> &actions);

/// All subcommands, in the order --help lists them.
const std::vector<Command> &commands();

/// The whole CLI: dispatches argv to a subcommand and returns the process exit code.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

/// The arguments of the running cli::run (program name first), for handing the command
/// to the engine program unchanged.
const QStringList &runArguments();

} // namespace medtune::cli
