#include "cli/review_team_command.h"

#include "cli/review_actions.h"
#include "review/review_database.h"
#include "review/review_export.h"
#include "review/review_merge.h"
#include "review/review_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace medtune::cli {
namespace {

ReviewDatabase &requireServer(CommandLine &cl, const QString &action, bool checkSchema = true)
{
    if (cl.reviewServerUrl().isEmpty())
        throw UsageError(
            QStringLiteral("review %1 needs a review server").arg(action),
            QStringLiteral("give --review-db postgresql://USER@HOST:PORT/DBNAME or set MEDTUNE_REVIEW_DB"));
    return cl.reviewDatabase(checkSchema);
}

int serverInit(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Create or migrate the review schema on the review server (the session lead), "
                                 "with the reviewer group role and its rights.")))
        return cl.exitCode();
    ReviewDatabase &db = requireServer(cl, QStringLiteral("server-init"), false);
    const QStringList applied = db.initServer();
    if (cl.json()) {
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("server"), db.location() },
                                                 { QStringLiteral("schema_version"), db.serverSchemaVersion() },
                                                 { QStringLiteral("applied"), QJsonArray::fromStringList(applied) },
                                                 { QStringLiteral("reviewer_group"), db.reviewerGroup() },
                                                 { QStringLiteral("lead"), db.userName() } }));
        return Ok;
    }
    cl.out() << "Review server " << db.location() << ": schema version " << db.serverSchemaVersion() << '\n';
    for (const QString &m : applied)
        cl.out() << "  applied " << m << '\n';
    if (applied.isEmpty())
        cl.out() << "  already up to date\n";
    cl.out() << "  session lead: " << db.userName() << "; reviewers are the members of role " << db.reviewerGroup()
             << " (medtune-cli review grant ROLE)\n";
    return Ok;
}

int grantOrRevoke(CommandLine &cl, bool grant, const QStringList &roles)
{
    const QString action = grant ? QStringLiteral("grant") : QStringLiteral("revoke");
    ReviewDatabase &db = requireServer(cl, action);
    if (roles.isEmpty())
        throw UsageError(QStringLiteral("review %1 needs one or more login role names").arg(action));
    for (const QString &role : roles) {
        if (grant)
            db.grantReviewer(role);
        else
            db.revokeReviewer(role);
        if (!cl.json())
            cl.out() << (grant ? "Granted review rights to " : "Revoked review rights of ") << role << '\n';
    }
    const QStringList now = db.grantedReviewers();
    if (cl.json())
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("reviewers"), QJsonArray::fromStringList(now) } }));
    else
        cl.out() << "Reviewers now: " << (now.isEmpty() ? QStringLiteral("none") : now.join(QStringLiteral(", ")))
                 << '\n';
    return Ok;
}

int progressAction(CommandLine &cl)
{
    ReviewStore store(cl.reviewDatabase());
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    QJsonArray all;
    if (!cl.json())
        cl.out() << "Session " << s.name << " on " << store.location() << '\n';
    for (const auto &[reviewer, p] : store.teamProgress(s.id)) {
        if (cl.json())
            all.append(QJsonObject { { QStringLiteral("reviewer"), reviewer.name },
                                     { QStringLiteral("total"), p.total },
                                     { QStringLiteral("submitted"), p.submitted },
                                     { QStringLiteral("skipped"), p.skipped },
                                     { QStringLiteral("flagged"), p.flagged } });
        else
            cl.out() << "  " << reviewer.name.leftJustified(16) << p.submitted << '/' << p.total << " submitted, "
                     << p.skipped << " skipped, " << p.flagged << " flagged\n";
    }
    if (cl.json())
        cl.printJson(QJsonDocument(all));
    return Ok;
}

int exportSession(CommandLine &cl, const QStringList &args)
{
    ReviewStore store(cl.reviewDatabase());
    const ReviewSession s = store.resolveSession(cl.value(QStringLiteral("session")));
    const QByteArray data = QJsonDocument(exportSessionJson(store, s.id)).toJson(QJsonDocument::Indented);
    if (args.isEmpty() || args.first() == QLatin1String("-")) {
        cl.out() << QString::fromUtf8(data);
        return Ok;
    }
    writeFileAtomically(args.first(), data);
    cl.err() << "Wrote session '" << s.name << "' to " << args.first() << '\n';
    return Ok;
}

void printMerge(CommandLine &cl, const SessionMergeResult &r, const QString &target)
{
    if (cl.json()) {
        cl.printJson(QJsonDocument(r.toJson()));
        return;
    }
    QTextStream &out = cl.out();
    out << (r.createdSession ? "Created" : "Merged into") << " session '" << r.sessionName << "' on " << target << '\n'
        << "  judgments: " << r.judgmentsAdded << " added, " << r.judgmentsReplaced << " replaced, "
        << r.judgmentsUnchanged << " unchanged\n"
        << "  spans: " << r.spansAdded << " added, " << r.spansUnchanged
        << " unchanged; item status: " << r.statusChanged << " changed\n";
    if (r.itemsAdded || r.outputsAdded)
        out << "  items added: " << r.itemsAdded << ", outputs added: " << r.outputsAdded << '\n';
    if (r.skippedNotYours)
        out << "  skipped " << r.skippedNotYours << " rows of other reviewers (a reviewer merges only their own)\n";
    if (!r.conflicts.empty()) {
        out << "  conflicts resolved by the later time stamp (" << r.conflicts.size() << "):\n";
        for (const MergeConflict &c : r.conflicts)
            out << "    " << c.item << ' ' << (c.system.isEmpty() ? QStringLiteral("-") : c.system) << ' ' << c.reviewer
                << ' ' << c.criterion << ": kept '" << c.keptValue << "' (" << c.keptTime << "), dropped '"
                << c.droppedValue << "' (" << c.droppedTime << ")\n";
    }
    if (!r.changed())
        out << "  nothing new\n";
}

int importSession(CommandLine &cl, const QStringList &args)
{
    if (args.size() != 1)
        throw UsageError(QStringLiteral("review import-session needs one FILE (from review export-session)"));
    QFile f(args.first());
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot read %1: %2").arg(args.first(), f.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (!doc.isObject())
        throw Error(QStringLiteral("%1 is not a JSON session snapshot: %2 at offset %3")
                        .arg(args.first(), parseError.errorString())
                        .arg(parseError.offset));
    ReviewStore store(cl.reviewDatabase());
    printMerge(cl, mergeSessionJson(store, doc.object()), store.location());
    return Ok;
}

int pushOrPull(CommandLine &cl, bool push)
{
    const QString action = push ? QStringLiteral("push") : QStringLiteral("pull");
    if (!cl.isSet(QStringLiteral("session")))
        throw UsageError(QStringLiteral("review %1 needs --session S").arg(action));
    ReviewStore server(requireServer(cl, action));
    ReviewDatabase local(cl.workspace());
    ReviewStore workspace(local);
    ReviewStore &from = push ? workspace : server;
    ReviewStore &to = push ? server : workspace;
    const ReviewSession s = from.resolveSession(cl.value(QStringLiteral("session")));
    const QJsonObject snapshot = exportSessionJson(from, s.id);
    if (!push)
        for (const QJsonValue &v : snapshot.value(QStringLiteral("items")).toArray())
            for (const QJsonValue &o : v.toObject().value(QStringLiteral("outputs")).toArray())
                if (o.toObject().value(QStringLiteral("system")).toString().isEmpty())
                    throw Error(QStringLiteral("The server hides the systems of blind items you have not submitted"),
                                QStringLiteral("ask the session lead for the session (review export-session), or "
                                               "submit the items first"));
    printMerge(cl, mergeSessionJson(to, snapshot), to.location());
    return Ok;
}

} // namespace

int reviewServerInit(CommandLine &cl)
{
    return serverInit(cl);
}

int reviewGrant(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Let existing login roles of the review server review (session lead)."),
                  QStringLiteral("ROLE...")))
        return cl.exitCode();
    return grantOrRevoke(cl, true, cl.arguments());
}

int reviewRevoke(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Take review rights on the review server away from login roles (session lead)."),
                  QStringLiteral("ROLE...")))
        return cl.exitCode();
    return grantOrRevoke(cl, false, cl.arguments());
}

int reviewProgress(CommandLine &cl)
{
    addSessionOption(cl, QStringLiteral("Review session name or id (default: the latest)."));
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Each reviewer's progress on a session: submitted, skipped, flagged.")))
        return cl.exitCode();
    return progressAction(cl);
}

int reviewExportSession(CommandLine &cl)
{
    addSessionOption(cl, QStringLiteral("Review session name or id (default: the latest)."));
    if (!cl.parse(QStringLiteral("Write a session as JSON (rubric, items, outputs, judgments, spans, status), to FILE "
                                 "or stdout."),
                  QStringLiteral("[FILE]")))
        return cl.exitCode();
    return exportSession(cl, cl.arguments());
}

int reviewImportSession(CommandLine &cl)
{
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Merge a session JSON (review export-session) into the workspace or the review "
                                 "server: idempotent; conflicts go to the later time stamp and are listed."),
                  QStringLiteral("FILE")))
        return cl.exitCode();
    return importSession(cl, cl.arguments());
}

int reviewPush(CommandLine &cl)
{
    addSessionOption(cl, QStringLiteral("Review session name or id (required)."));
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Merge the workspace's session into the review server.")))
        return cl.exitCode();
    return pushOrPull(cl, true);
}

int reviewPull(CommandLine &cl)
{
    addSessionOption(cl, QStringLiteral("Review session name or id (required)."));
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Merge the review server's session into the workspace (reports on the road).")))
        return cl.exitCode();
    return pushOrPull(cl, false);
}

} // namespace medtune::cli
