// engineCommandInProcess: the commands themselves, run with the requested
// libtorch thread count.
#include "cli/commands.h"
#include "cli/engine_entry.h"
#include "cli/review_actions.h"
#include "util/compute_threads.h"
#include "util/error.h"

#include <QHash>

namespace medtune::cli {

CommandFunction engineCommandInProcess(const QString &name)
{
    static const QHash<QString, int (*)(CommandLine &)> commands = {
        { QStringLiteral("train"), runTrain },
        { QStringLiteral("merge"), runMerge },
        { QStringLiteral("generate"), runGenerate },
        { QStringLiteral("perplexity"), runPerplexity },
        { QStringLiteral("make-demo-model"), runMakeDemoModel },
        { QStringLiteral("bench"), runBench },
        { QStringLiteral("review generate"), reviewGenerate },
    };
    const auto command = commands.value(name);
    if (!command)
        throw Error(QStringLiteral("No engine command '%1'").arg(name));
    return [command](CommandLine &cl) {
        cl.onThreadCount([](int n) { setComputeThreads(n); }); // once the options are parsed
        return command(cl);
    };
}

} // namespace medtune::cli
