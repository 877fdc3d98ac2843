#include "review/team_progress_view.h"

#include "review/review_store.h"
#include "util/error.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace medtune::ui {

TeamProgressView::TeamProgressView(ReviewStore &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_tree(new QTreeWidget(this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("teamProgress"));
    m_tree->setObjectName(QStringLiteral("teamProgressTree"));
    m_tree->setHeaderLabels({ tr("Reviewer"), tr("Submitted"), tr("Skipped"), tr("Flagged") });
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->setAccessibleName(tr("Team progress"));
    m_status->setObjectName(QStringLiteral("teamProgressStatus"));
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_status);
    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &TeamProgressView::refresh);
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, [this] { show(m_watcher.result()); });
    m_timer->start();
}

TeamProgressView::~TeamProgressView()
{
    m_timer->stop();
    m_watcher.waitForFinished(); // the worker uses the store
}

void TeamProgressView::setSession(qint64 sessionId)
{
    m_sessionId = sessionId;
    refresh();
}

void TeamProgressView::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

void TeamProgressView::refresh()
{
    if (m_watcher.isRunning() || m_sessionId == 0)
        return;
    ReviewStore *store = &m_store;
    const qint64 session = m_sessionId;
    // The worker thread reads through its own connection (ReviewDatabase hands out one per thread).
    m_watcher.setFuture(QtConcurrent::run([store, session] {
        Result r;
        r.sessionId = session;
        try {
            for (const auto &[reviewer, p] : store->teamProgress(session))
                r.rows.push_back({ reviewer.name, p.total, p.submitted, p.skipped, p.flagged });
        } catch (const Error &e) {
            r.error = e.fullMessage();
        }
        return r;
    }));
}

void TeamProgressView::show(const Result &result)
{
    if (result.sessionId != m_sessionId) {
        refresh(); // the session changed meanwhile
        return;
    }
    if (!result.error.isEmpty()) {
        m_status->setText(tr("Cannot read the team's progress: %1").arg(result.error));
        return;
    }
    m_rows = result.rows;
    m_tree->clear();
    for (const TeamProgressRow &row : m_rows) {
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(0, row.reviewer);
        item->setText(1, tr("%1 of %2").arg(row.submitted).arg(row.total));
        item->setText(2, QLocale().toString(row.skipped));
        item->setText(3, QLocale().toString(row.flagged));
    }
    m_status->setText(m_rows.empty()
                          ? tr("Nobody has started on this session yet.")
                          : tr("Updated %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    Q_EMIT refreshed();
}

} // namespace medtune::ui
