// Test helper for tst_review_crash: saves judgments in a loop into a workspace's review
// session and prints "committed <item> <criterion> <value>" after each commit, until it
// is killed. Usage: review_crash_helper WORKSPACE SESSION REVIEWER
#include "review/review_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: review_crash_helper WORKSPACE SESSION REVIEWER\n");
        return 2;
    }
    try {
        medtune::Workspace ws(args[1]);
        medtune::ReviewStore store(ws);
        const medtune::ReviewSession session = store.resolveSession(args[2]);
        const qint64 reviewer = store.ensureReviewer(args[3]);
        const std::vector<medtune::ReviewItem> items = store.items(session.id);
        std::printf("ready\n");
        std::fflush(stdout);
        for (qint64 k = 0;; ++k) {
            const medtune::ReviewItem &it = items[size_t(k) % items.size()];
            const QString criterion = QStringLiteral("loop-%1").arg(k);
            const QString value = QString::number(k % 5 + 1);
            store.setJudgment(it.id, it.outputs.front().id, reviewer, criterion, value);
            std::printf("committed %lld %s %s\n", static_cast<long long>(it.id), qPrintable(criterion),
                        qPrintable(value));
            std::fflush(stdout);
        }
    } catch (const medtune::Error &e) {
        std::fprintf(stderr, "review_crash_helper: %s\n", qPrintable(e.fullMessage()));
        return 1;
    }
}
