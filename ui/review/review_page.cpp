#include "review/review_page.h"

#include "review/generation_dialog.h"
#include "review/output_import.h"
#include "review/review_database.h"
#include "review/review_panel.h"
#include "review/review_store.h"
#include "review/team_progress_view.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace medtune::ui {

ReviewPage::ReviewPage(Workspace &workspace, QWidget *parent, std::shared_ptr<ReviewDatabase> reviewServer)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_server(std::move(reviewServer))
    , m_store(m_server ? std::make_unique<ReviewStore>(*m_server) : std::make_unique<ReviewStore>(workspace))
{
    setObjectName(QStringLiteral("reviewPage"));
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Session"), this));
    m_sessions = new QComboBox(this);
    m_sessions->setObjectName(QStringLiteral("sessionCombo"));
    m_sessions->setMinimumWidth(220);
    bar->addWidget(m_sessions);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Reviewer"), this));
    m_reviewer = new QLineEdit(this);
    m_reviewer->setObjectName(QStringLiteral("reviewerEdit"));
    m_reviewer->setPlaceholderText(tr("Your name or initials"));
    m_reviewer->setMaximumWidth(200);
    bar->addWidget(m_reviewer);
    if (m_server) { // on a server a reviewer is their login role
        m_reviewer->setText(m_server->userName());
        m_reviewer->setReadOnly(true);
        m_reviewer->setToolTip(tr("On a review server you review as your login role"));
    }
    auto *start = new QPushButton(tr("Start reviewing"), this);
    start->setObjectName(QStringLiteral("startButton"));
    bar->addWidget(start);
    bar->addStretch(1);
    auto *generate = new QPushButton(QIcon(QStringLiteral(":/icons/playground.svg")), tr("&Generate outputs..."), this);
    generate->setObjectName(QStringLiteral("generateButton"));
    generate->setToolTip(tr("Let the base model and the runs' adapters answer a test split into a review session"));
    bar->addWidget(generate);
    if (m_server) {
        generate->setEnabled(false);
        generate->setToolTip(tr("Generating into a review server runs from the command line: medtune-cli --review-db "
                                "URL review generate"));
    }
    auto *import = new QPushButton(tr("&Import outputs..."), this);
    import->setToolTip(tr("Read outputs made elsewhere (JSONL or CSV) into a review session"));
    bar->addWidget(import);
    layout->addLayout(bar);

    m_stack = new QStackedWidget(this);
    m_intro = new QLabel(m_stack);
    m_intro->setWordWrap(true);
    m_intro->setAlignment(Qt::AlignCenter);
    m_intro->setMargin(40);
    m_panel = new ReviewPanel(*m_store, m_stack);
    m_stack->addWidget(m_intro);
    m_stack->addWidget(m_panel);
    auto *team
        = new QGroupBox(m_server ? tr("Team progress on %1").arg(m_store->location()) : tr("Team progress"), this);
    m_team = new TeamProgressView(*m_store, team);
    auto *teamLayout = new QVBoxLayout(team);
    teamLayout->addWidget(m_team);
    team->setMaximumHeight(160);
    layout->addWidget(m_stack, 1);
    layout->addWidget(team);
    connect(m_sessions, &QComboBox::currentIndexChanged, this,
            [this] { m_team->setSession(m_sessions->currentData().toLongLong()); });
    connect(m_panel, &ReviewPanel::saved, m_team, &TeamProgressView::refresh);

    connect(start, &QPushButton::clicked, this,
            [this] { startReview(m_sessions->currentData().toLongLong(), m_reviewer->text()); });
    connect(m_reviewer, &QLineEdit::returnPressed, start, &QPushButton::click);
    connect(import, &QPushButton::clicked, this, &ReviewPage::importOutputs);
    connect(generate, &QPushButton::clicked, this, [this] { createGenerationDialog()->open(); });
    connect(m_panel, &ReviewPanel::saved, this, &ReviewPage::reviewChanged);
    refreshSessions();
}

ReviewPage::~ReviewPage()
{
    delete m_team; // waits for a running refresh, which reads through m_store
}

GenerationDialog *ReviewPage::createGenerationDialog()
{
    auto *dialog = new GenerationDialog(m_workspace, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &GenerationDialog::generationFinished, this, [this](bool ok, qint64 sessionId) {
        refreshSessions();
        if (!ok)
            return;
        const int index = m_sessions->findData(sessionId);
        if (index >= 0)
            m_sessions->setCurrentIndex(index);
        Q_EMIT reviewChanged();
    });
    return dialog;
}

void ReviewPage::refreshSessions()
{
    const qint64 current = m_sessions->currentData().toLongLong();
    m_sessions->clear();
    const std::vector<ReviewSession> sessions = m_store->sessions();
    for (auto it = sessions.rbegin(); it != sessions.rend(); ++it)
        m_sessions->addItem(tr("%1 (%2)").arg(it->name, it->task), it->id);
    const int index = m_sessions->findData(current);
    if (index >= 0)
        m_sessions->setCurrentIndex(index);
    if (!m_panel->isActive())
        m_intro->setText(
            sessions.empty()
                ? tr("No review sessions yet. Import model outputs (JSONL or CSV with id, source, reference, "
                     "output and system) with \"Import outputs...\" or medtune-cli review import-outputs.")
                : tr("Choose a session, enter your name or initials and press Start reviewing. In blind "
                     "sessions you see the items in your own random order and the systems stay hidden "
                     "until you submit each item."));
}

bool ReviewPage::startReview(qint64 sessionId, const QString &reviewer)
{
    if (reviewer.trimmed().isEmpty()) {
        m_intro->setText(tr("Enter your name or initials first: judgments are stored per reviewer."));
        m_reviewer->setFocus();
        return false;
    }
    if (sessionId == 0) {
        m_intro->setText(tr("There is no session to review yet."));
        return false;
    }
    m_reviewer->setText(reviewer.trimmed());
    const int index = m_sessions->findData(sessionId);
    if (index >= 0)
        m_sessions->setCurrentIndex(index);
    try {
        m_panel->start(sessionId, reviewer);
    } catch (const Error &e) {
        QMessageBox::warning(this, tr("Cannot start the review"), e.fullMessage());
        return false;
    }
    m_stack->setCurrentWidget(m_panel);
    m_panel->setFocus();
    return true;
}

void ReviewPage::importOutputs()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import outputs"), QString(),
                                                      tr("Outputs (*.jsonl *.json *.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    bool ok = false;
    const QString current = m_sessions->currentIndex() >= 0
        ? m_store->session(m_sessions->currentData().toLongLong())->name
        : QFileInfo(path).completeBaseName();
    const QString session = QInputDialog::getText(this, tr("Import outputs"), tr("Session (new or existing):"),
                                                  QLineEdit::Normal, current, &ok);
    if (!ok || session.trimmed().isEmpty())
        return;
    const QString system = QInputDialog::getText(this, tr("Import outputs"),
                                                 tr("System name (leave empty when the file has a system column):"),
                                                 QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    OutputImportOptions options;
    options.path = path;
    options.session = session.trimmed();
    options.system = system.trimmed();
    try {
        const OutputImportResult r = medtune::importOutputs(*m_store, options);
        QString message
            = tr("%1 of %2 records imported into session %3.").arg(r.imported).arg(r.records).arg(r.sessionName);
        if (r.skipped > 0)
            message += u'\n' + tr("Skipped %1:").arg(r.skipped) + u'\n' + r.problems.join(u'\n');
        QMessageBox::information(this, tr("Import outputs"), message);
    } catch (const Error &e) {
        QMessageBox::warning(this, tr("Import failed"), e.fullMessage());
    }
    refreshSessions();
    Q_EMIT reviewChanged();
}

qint64 ReviewPage::currentSessionId() const
{
    return m_sessions->currentIndex() >= 0 ? m_sessions->currentData().toLongLong() : 0;
}

} // namespace medtune::ui
