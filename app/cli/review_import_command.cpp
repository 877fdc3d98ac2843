// medtune-cli review import-outputs: outputs produced elsewhere, into a new or an existing
// review session.
#include "cli/review_actions.h"
#include "review/output_import.h"
#include "review/review_store.h"
#include "util/column_mapping.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {

int reviewImportOutputs(CommandLine &cl)
{
    QCommandLineParser &p = cl.parser();
    addSessionOption(cl,
                     QStringLiteral("Add the outputs to this session (name or id); a new name creates it "
                                    "(default: the first file's name)."));
    p.addOption({ QStringLiteral("system"),
                  QStringLiteral("System name for every record (else the file's system "
                                 "column)."),
                  QStringLiteral("NAME") });
    p.addOption(
        { QStringLiteral("map"),
          QStringLiteral("field=column (fields: %1); repeatable.").arg(outputImportFields().join(QStringLiteral(", "))),
          QStringLiteral("field=column") });
    p.addOption({ QStringLiteral("task"), QStringLiteral("auto, summary, qa, pubmedqa or medmcqa (default auto)."),
                  QStringLiteral("T") });
    p.addOption({ QStringLiteral("open"), QStringLiteral("A new session shows system names (default: blind).") });
    p.addOption({ QStringLiteral("seed"), QStringLiteral("Seed of a new session's blind randomisation."),
                  QStringLiteral("N") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Import outputs produced elsewhere (JSONL or CSV: id, source, reference, output, "
                                 "system) into a review session. With --session S they are added to an existing "
                                 "session, so a system can be compared with those already there."),
                  QStringLiteral("FILE...")))
        return cl.exitCode();
    const QStringList files = cl.arguments();
    ReviewStore store(cl.workspace());
    if (files.isEmpty())
        throw UsageError(QStringLiteral("review import-outputs needs a FILE (JSONL or CSV)"));
    OutputImportOptions options;
    options.session = cl.value(QStringLiteral("session"));
    options.system = cl.value(QStringLiteral("system"));
    if (cl.isSet(QStringLiteral("task")))
        options.task = cl.value(QStringLiteral("task"));
    options.mapping = parseColumnMapping(cl.parser().values(QStringLiteral("map")), outputImportFields());
    options.blind = !cl.isSet(QStringLiteral("open"));
    if (cl.isSet(QStringLiteral("seed")))
        options.seed = cl.intValue(QStringLiteral("seed"), 0, 2147483647);
    QJsonArray results;
    for (const QString &file : files) {
        options.path = file;
        const OutputImportResult r = importOutputs(store, options);
        // Later files extend the session the first one created.
        options.session = r.sessionName;
        if (cl.json()) {
            results.append(QJsonObject { { QStringLiteral("file"), file },
                                         { QStringLiteral("session"), r.sessionName },
                                         { QStringLiteral("session_id"), r.sessionId },
                                         { QStringLiteral("created_session"), r.createdSession },
                                         { QStringLiteral("records"), r.records },
                                         { QStringLiteral("imported"), r.imported },
                                         { QStringLiteral("skipped"), r.skipped },
                                         { QStringLiteral("systems"), QJsonArray::fromStringList(r.systems) },
                                         { QStringLiteral("problems"), QJsonArray::fromStringList(r.problems) } });
            continue;
        }
        cl.out() << file << ": " << r.imported << " of " << r.records << " records imported into "
                 << (r.createdSession ? "the new session '" : "the existing session '") << r.sessionName << "' (id "
                 << r.sessionId << ")"
                 << ", systems: " << r.systems.join(QStringLiteral(", ")) << '\n';
        if (r.skipped > 0) {
            cl.out() << "  skipped " << r.skipped << ":\n";
            for (const QString &p : r.problems)
                cl.out() << "    " << p << '\n';
        }
    }
    if (cl.json())
        cl.printJson(QJsonDocument(results));
    return Ok;
}

} // namespace medtune::cli
