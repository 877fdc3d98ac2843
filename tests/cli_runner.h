// Runs medtune-cli's commands in the test process and captures what they print.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace medtune::test {

struct CliResult
{
    int code = -1; ///< the exit code the program would return
    QString out;
    QString err;
    /// stdout parsed as one JSON object (for --json commands).
    QJsonObject json() const;
};

/// cli::run on {"medtune-cli", args...}.
CliResult runCli(const QStringList &args);

} // namespace medtune::test
