// Test helper for tst_review_crash and tst_review_server: saves judgments in a loop into a
// review session and prints "committed <item> <criterion> <value>" after each commit,
// until it is killed or has saved COUNT judgments (0: no end). With CYCLE > 0 the criteria
// repeat every CYCLE judgments ("loop-<k % CYCLE>", value k), so that later saves replace
// earlier ones. TARGET is a workspace folder or a review server URL (password from
// PGPASSWORD). Usage: review_crash_helper TARGET SESSION REVIEWER [COUNT [CYCLE]]
#include "review/review_database.h"
#include "review/review_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4 || args.size() > 6) {
        std::fprintf(stderr, "usage: review_crash_helper TARGET SESSION REVIEWER [COUNT [CYCLE]]\n");
        return 2;
    }
    const qint64 count = args.size() > 4 ? args[4].toLongLong() : 0;
    const qint64 cycle = args.size() > 5 ? args[5].toLongLong() : 0;
    try {
        std::unique_ptr<medtune::Workspace> ws;
        std::unique_ptr<medtune::ReviewDatabase> db;
        if (args[1].startsWith(QLatin1String("postgresql://"))) {
            db = std::make_unique<medtune::ReviewDatabase>(medtune::ReviewServerAddress::parse(args[1]));
        } else {
            ws = std::make_unique<medtune::Workspace>(args[1]);
            db = std::make_unique<medtune::ReviewDatabase>(*ws);
        }
        medtune::ReviewStore store(*db);
        const medtune::ReviewSession session = store.resolveSession(args[2]);
        const qint64 reviewer = store.ensureReviewer(args[3]);
        const std::vector<medtune::ReviewItem> items = store.items(session.id);
        std::printf("ready\n");
        std::fflush(stdout);
        for (qint64 k = 0; count == 0 || k < count; ++k) {
            const medtune::ReviewItem &it = items[size_t(k) % items.size()];
            const QString criterion = QStringLiteral("loop-%1").arg(cycle > 0 ? k % cycle : k);
            const QString value = cycle > 0 ? QString::number(k) : QString::number(k % 5 + 1);
            store.setJudgment(it.id, it.outputs.front().id, reviewer, criterion, value);
            std::printf("committed %lld %s %s\n", static_cast<long long>(it.id), qPrintable(criterion),
                        qPrintable(value));
            std::fflush(stdout);
        }
        std::printf("done retries %d\n", db->retries());
    } catch (const medtune::Error &e) {
        std::fprintf(stderr, "review_crash_helper: %s\n", qPrintable(e.fullMessage()));
        return 1;
    }
}
