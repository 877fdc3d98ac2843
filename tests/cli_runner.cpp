#include "cli_runner.h"

#include "cli/commands.h"
#include "cli/engine_entry.h"

#include <QJsonDocument>
#include <QTextStream>

namespace medtune::test {

QJsonObject CliResult::json() const
{
    return QJsonDocument::fromJson(out.toUtf8()).object();
}

CliResult runCli(const QStringList &args)
{
    CliResult r;
    cli::setEngineProvider(cli::engineCommandInProcess); // every command in this process
    QTextStream o(&r.out), e(&r.err);
    r.code = cli::run(QStringList { QStringLiteral("medtune-cli") } + args, o, e);
    o.flush();
    e.flush();
    return r;
}

} // namespace medtune::test
