// medtune-cli review add-judgment and add-judgments: judgments recorded headless, one from
// options or many from a JSONL/CSV file in one transaction.
#include "cli/review_actions.h"
#include "review/judgment_entry.h"
#include "review/review_store.h"
#include "util/error.h"

#include <QJsonObject>

namespace medtune::cli {

int reviewAddJudgment(CommandLine &cl)
{
    QCommandLineParser &p = cl.parser();
    addSessionOption(cl, QStringLiteral("Review session name or id (default: the latest)."));
    p.addOption({ QStringLiteral("reviewer"), QStringLiteral("Reviewer name or initials."), QStringLiteral("NAME") });
    p.addOption(
        { QStringLiteral("item"), QStringLiteral("The item's id ('review items' lists them)."), QStringLiteral("ID") });
    p.addOption({ QStringLiteral("criterion"), QStringLiteral("Rubric criterion id ('review rubric' lists them)."),
                  QStringLiteral("C") });
    p.addOption({ QStringLiteral("value"),
                  QStringLiteral("The value ('review rubric' lists them; preference: A, B or tie, A = the first "
                                 "system; only in sessions of two systems)."),
                  QStringLiteral("V") });
    p.addOption({ QStringLiteral("system"), QStringLiteral("The judged output's system, for per-output criteria."),
                  QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("submit"), QStringLiteral("Also mark the item submitted.") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Record one judgment headless. For many at once, use 'review add-judgments FILE'.")))
        return cl.exitCode();
    for (const char *required : { "reviewer", "item", "criterion", "value" })
        if (!cl.isSet(QString::fromLatin1(required)))
            throw UsageError(QStringLiteral("review add-judgment needs --%1").arg(QString::fromLatin1(required)));
    ReviewStore store(cl.workspace());
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    const JudgmentEntry entry { cl.value(QStringLiteral("reviewer")),
                                cl.value(QStringLiteral("item")),
                                cl.value(QStringLiteral("criterion")),
                                cl.value(QStringLiteral("value")),
                                cl.value(QStringLiteral("system")),
                                cl.isSet(QStringLiteral("submit")),
                                0 };
    saveJudgmentEntries(store, s, { entry });
    if (cl.json())
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("session"), s.name },
                                                 { QStringLiteral("session_id"), s.id },
                                                 { QStringLiteral("saved"), 1 } }));
    else
        cl.out() << "Saved " << entry.criterion << " = " << entry.value << " for item " << entry.item << " in session '"
                 << s.name << "'\n";
    return Ok;
}

int reviewAddJudgments(CommandLine &cl)
{
    addSessionOption(cl, QStringLiteral("Review session name or id (default: the latest)."));
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Record many judgments from a JSONL or CSV file in one transaction: fields "
                                 "reviewer, item, criterion, value, and system (per-output criteria) and submit "
                                 "(true/false). Every line is checked first; one bad line saves nothing."),
                  QStringLiteral("FILE")))
        return cl.exitCode();
    const QStringList files = cl.arguments();
    if (files.size() != 1)
        throw UsageError(QStringLiteral("review add-judgments needs one FILE (JSONL or CSV)"));
    const std::vector<JudgmentEntry> entries = readJudgmentEntries(files.front());
    ReviewStore store(cl.workspace());
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    const int saved = saveJudgmentEntries(store, s, entries);
    if (cl.json())
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("session"), s.name },
                                                 { QStringLiteral("session_id"), s.id },
                                                 { QStringLiteral("saved"), saved } }));
    else
        cl.out() << "Saved " << saved << " judgments from " << files.front() << " in session '" << s.name << "'\n";
    return Ok;
}

} // namespace medtune::cli
