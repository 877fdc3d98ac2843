// medtune-cli report: a review session's report as HTML or PDF, or its raw data as CSV
// or JSON, written atomically.
#include "cli/commands.h"
#include "review/pdf_report_writer.h"
#include "review/review_database.h"
#include "review/review_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QFileInfo>
#include <QJsonObject>

namespace medtune::cli {

int runReport(CommandLine &cl)
{
    cl.parser().addOption({ QStringLiteral("session"),
                            QStringLiteral("Review session name or id (default: the latest)."), QStringLiteral("S") });
    cl.parser().addOption({ QStringLiteral("format"),
                            QStringLiteral("html, pdf, csv or json (default: from --out's suffix)."),
                            QStringLiteral("F") });
    cl.parser().addOption({ QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("PATH") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Write a review session's report (HTML, PDF) or raw data (CSV, JSON).")))
        return cl.exitCode();
    if (!cl.isSet(QStringLiteral("out")))
        throw UsageError(QStringLiteral("report needs --out PATH"));
    const QString path = cl.value(QStringLiteral("out"));
    const QString format = cl.isSet(QStringLiteral("format")) ? cl.value(QStringLiteral("format")).toLower()
                                                              : QFileInfo(path).suffix().toLower();
    if (!QStringList { QStringLiteral("html"), QStringLiteral("pdf"), QStringLiteral("csv"), QStringLiteral("json") }
             .contains(format))
        throw UsageError(QStringLiteral("Unknown report format '%1'").arg(format),
                         QStringLiteral("use --format html, pdf, csv or json"));
    ReviewStore store(cl.reviewDatabase());
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    ui::writeAnyReport(store, s.id, format, path);
    if (cl.json())
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("session"), s.name },
                                                 { QStringLiteral("format"), format },
                                                 { QStringLiteral("path"), QFileInfo(path).absoluteFilePath() },
                                                 { QStringLiteral("bytes"), QFileInfo(path).size() } }));
    else
        cl.out() << "Wrote the " << format << " report of session '" << s.name << "' to " << path << '\n';
    return Ok;
}

} // namespace medtune::cli
