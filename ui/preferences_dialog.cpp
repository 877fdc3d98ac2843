#include "preferences_dialog.h"

#include "review/review_server_address.h"
#include "review/review_server_connection.h"
#include "util/compute_devices.h"
#include "util/compute_threads.h"
#include "util/error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace medtune::ui {

PreferencesDialog::PreferencesDialog(const AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_original(settings)
    , m_threads(new QSpinBox(this))
    , m_device(new QComboBox(this))
    , m_dtype(new QComboBox(this))
    , m_language(new QComboBox(this))
    , m_workspace(new QLineEdit(this))
    , m_reviewServer(new QLineEdit(this))
    , m_testServer(new QPushButton(tr("&Test connection"), this))
    , m_serverStatus(new QLabel(this))
    , m_note(new QLabel(this))
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("PreferencesDialog"));

    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("All cores (%1)").arg(availableCores()));
    m_threads->setValue(settings.computeThreads);
    m_threads->setToolTip(tr("Threads libtorch uses for matrix work. More than the machine's cores slows it down."));

    m_device->setObjectName(QStringLiteral("device"));
    m_device->addItems(availableDevices());
    m_device->setCurrentText(settings.device);
    m_device->setToolTip(tr("Where models run. GPUs appear when the libtorch in use was built with CUDA."));

    m_dtype->setObjectName(QStringLiteral("dtype"));
    m_dtype->addItem(tr("Automatic (%1 here)").arg(resolveDtype(QStringLiteral("auto"), settings.device)),
                     QStringLiteral("auto"));
    m_dtype->addItem(QStringLiteral("bfloat16"), QStringLiteral("bfloat16"));
    m_dtype->addItem(QStringLiteral("float32"), QStringLiteral("float32"));
    m_dtype->setCurrentIndex(qMax(0, m_dtype->findData(settings.dtype)));
    m_dtype->setToolTip(
        tr("Number format of the frozen base weights. LoRA weights and optimizer state are always float32."));

    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(settings.language)));

    m_workspace->setObjectName(QStringLiteral("workspace"));
    m_workspace->setText(settings.lastWorkspace);
    m_workspace->setPlaceholderText(tr("The demo workspace"));
    auto *browse = new QPushButton(tr("Browse..."), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Workspace"), m_workspace->text());
        if (!dir.isEmpty())
            m_workspace->setText(dir);
    });
    auto *workspaceRow = new QHBoxLayout;
    workspaceRow->addWidget(m_workspace, 1);
    workspaceRow->addWidget(browse);

    auto *form = new QFormLayout;
    form->addRow(tr("Compute &threads:"), m_threads);
    form->addRow(tr("&Device:"), m_device);
    form->addRow(tr("Base &weights:"), m_dtype);
    form->addRow(tr("&Language:"), m_language);
    auto *workspaceLabel = new QLabel(tr("&Workspace:"), this);
    workspaceLabel->setBuddy(m_workspace); // a layout cannot be a buddy: the label would show the "&"
    form->addRow(workspaceLabel, workspaceRow);

    // Review server: shared review sessions on PostgreSQL (docs/review.md, "Team review on a server").
    auto *server = new QGroupBox(tr("Review server"), this);
    m_reviewServer->setObjectName(QStringLiteral("reviewServer"));
    m_reviewServer->setText(settings.reviewServer);
    m_reviewServer->setPlaceholderText(tr("postgresql://user@host:5432/database (empty: this workspace)"));
    m_reviewServer->setToolTip(tr("Review sessions shared by a team on a PostgreSQL server. The password comes from "
                                  "PGPASSWORD, ~/.pgpass or a prompt and is never saved."));
    m_testServer->setObjectName(QStringLiteral("testReviewServer"));
    m_serverStatus->setObjectName(QStringLiteral("reviewServerStatus"));
    m_serverStatus->setWordWrap(true);
    m_serverStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *serverLabel = new QLabel(tr("Server &URL:"), server);
    serverLabel->setBuddy(m_reviewServer);
    auto *serverRow = new QHBoxLayout;
    serverRow->addWidget(m_reviewServer, 1);
    serverRow->addWidget(m_testServer);
    auto *serverForm = new QFormLayout(server);
    serverForm->addRow(serverLabel, serverRow);
    serverForm->addRow(m_serverStatus);
    connect(m_testServer, &QPushButton::clicked, this, &PreferencesDialog::testReviewServer);

    m_note->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("note"));
    auto updateNote = [this] {
        const bool languageChanged = m_language->currentData().toString() != m_original.language;
        const bool workspaceChanged = m_workspace->text() != m_original.lastWorkspace;
        QStringList notes;
        if (languageChanged)
            notes << tr("The language changes at the next start.");
        if (workspaceChanged)
            notes << tr("The workspace opens at the next start; File > Open Workspace switches now.");
        if (m_reviewServer->text().trimmed() != m_original.reviewServer)
            notes << tr("The Review and Reports sections use the review server from the next start.");
        m_note->setText(notes.join(u' '));
    };
    connect(m_language, &QComboBox::currentIndexChanged, this, updateNote);
    connect(m_workspace, &QLineEdit::textChanged, this, updateNote);
    connect(m_reviewServer, &QLineEdit::textChanged, this, updateNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(server);
    layout->addWidget(m_note);
    layout->addWidget(buttons);
}

AppSettings PreferencesDialog::settings() const
{
    AppSettings s = m_original;
    s.computeThreads = m_threads->value();
    s.device = m_device->currentText();
    s.dtype = m_dtype->currentData().toString();
    s.language = m_language->currentData().toString();
    s.lastWorkspace = m_workspace->text().trimmed();
    s.reviewServer = m_reviewServer->text().trimmed();
    return s;
}

void PreferencesDialog::testReviewServer()
{
    const QString url = m_reviewServer->text().trimmed();
    if (url.isEmpty()) {
        m_serverStatus->setText(tr("No server: review sessions stay in this workspace."));
        Q_EMIT reviewServerTested(false);
        return;
    }
    ReviewServerAddress address;
    try {
        address = reviewServerAddress(url);
    } catch (const Error &e) {
        m_serverStatus->setText(e.fullMessage());
        Q_EMIT reviewServerTested(false);
        return;
    }
    m_testServer->setEnabled(false);
    m_serverStatus->setText(tr("Connecting to %1...").arg(address.describe()));
    // Connecting can take seconds (up to the 10 s connect timeout): never on the GUI thread.
    auto *watcher = new QFutureWatcher<ReviewServerCheck>(this);
    connect(watcher, &QFutureWatcher<ReviewServerCheck>::finished, this, [this, watcher, url] {
        const ReviewServerCheck check = watcher->result();
        watcher->deleteLater();
        m_testServer->setEnabled(true);
        m_serverStatus->setText(check.message);
        if (check.needsPassword && isVisible() && promptReviewServerPassword(this, url)) {
            testReviewServer();
            return;
        }
        Q_EMIT reviewServerTested(check.ok);
    });
    watcher->setFuture(QtConcurrent::run([address] { return checkReviewServer(address); }));
}

} // namespace medtune::ui
