#include "hub/get_model_dialog.h"

#include "model/hub_client.h"
#include "model/hub_pull_job.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace medtune::ui {

GetModelDialog::GetModelDialog(QWidget *parent, const QString &repoId, bool adapter)
    : QDialog(parent)
    , m_repo(new QLineEdit(repoId.isEmpty() ? defaultRepo() : repoId, this))
    , m_revision(new QLineEdit(QStringLiteral("main"), this))
    , m_adapter(new QCheckBox(tr("PEFT &adapter (adapter_config.json, adapter_model.safetensors)"), this))
    , m_cache(new QLabel(this))
    , m_size(new QLabel(tr("not checked yet"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_checkButton(new QPushButton(tr("Check &Size"), this))
    , m_downloadButton(new QPushButton(tr("&Download"), this))
    , m_cancelButton(new QPushButton(tr("&Cancel Download"), this))
    , m_closeButton(new QPushButton(tr("C&lose"), this))
{
    setWindowTitle(tr("Get Model from Hugging Face"));
    setObjectName(QStringLiteral("getModelDialog"));
    m_repo->setObjectName(QStringLiteral("repoId"));
    m_revision->setObjectName(QStringLiteral("revision"));
    m_adapter->setObjectName(QStringLiteral("adapter"));
    m_size->setObjectName(QStringLiteral("size"));
    m_progress->setObjectName(QStringLiteral("progress"));
    m_status->setObjectName(QStringLiteral("status"));
    m_downloadButton->setObjectName(QStringLiteral("downloadButton"));
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_adapter->setChecked(adapter);
    m_repo->setToolTip(tr("The repo id as the Hub shows it: ORGANIZATION/NAME"));
    m_revision->setToolTip(tr("A branch, tag or commit of the repo"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_downloadButton->setDefault(true);

    const HubSettings settings = HubSettings::fromEnvironment();
    m_cache->setText(settings.offline ? tr("%1 (offline: HF_HUB_OFFLINE is set)").arg(settings.cacheDir)
                                      : settings.cacheDir);
    m_cache->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cache->setWordWrap(true);

    auto *form = new QFormLayout;
    auto *repoLabel = new QLabel(tr("&Repo id:"), this);
    repoLabel->setBuddy(m_repo);
    auto *revLabel = new QLabel(tr("Re&vision:"), this);
    revLabel->setBuddy(m_revision);
    form->addRow(repoLabel, m_repo);
    form->addRow(revLabel, m_revision);
    form->addRow(QString(), m_adapter);
    form->addRow(tr("Cache:"), m_cache);
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_size, 1);
    sizeRow->addWidget(m_checkButton);
    form->addRow(tr("Size:"), sizeRow);

    auto *note = new QLabel(tr("Only the files MedTune needs are downloaded (configuration, safetensors weights, "
                               "tokenizer). A stopped download continues where it stopped, also after a restart. "
                               "Gated models need access on the Hub and a token in HF_TOKEN."),
                            this);
    note->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_downloadButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancelButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_closeButton, QDialogButtonBox::RejectRole);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());

    connect(m_checkButton, &QPushButton::clicked, this, &GetModelDialog::checkSize);
    connect(m_downloadButton, &QPushButton::clicked, this, &GetModelDialog::startDownload);
    connect(m_cancelButton, &QPushButton::clicked, this, &GetModelDialog::cancelDownload);
    connect(m_closeButton, &QPushButton::clicked, this, &GetModelDialog::reject);
    auto changed = [this] {
        m_size->setText(tr("not checked yet"));
        updateControls();
    };
    connect(m_repo, &QLineEdit::textChanged, this, changed);
    connect(m_revision, &QLineEdit::textChanged, this, changed);
    connect(m_adapter, &QCheckBox::toggled, this, changed);
    updateControls();
}

GetModelDialog::~GetModelDialog() = default;

QString GetModelDialog::repoId() const
{
    return m_repo->text().trimmed();
}

bool GetModelDialog::isBusy() const
{
    return m_busy;
}

void GetModelDialog::checkSize()
{
    startJob(true);
}

void GetModelDialog::startDownload()
{
    startJob(false);
}

void GetModelDialog::cancelDownload()
{
    if (m_job)
        m_job->requestCancel();
}

void GetModelDialog::reject()
{
    if (m_job)
        m_job->cancelAndWait(); // the partial file stays for a later resume
    QDialog::reject();
}

void GetModelDialog::showError(const QString &message)
{
    m_status->setText(message);
    m_status->setStyleSheet(QStringLiteral("color: palette(bright-text); background: #b3261e; padding: 4px;"));
}

void GetModelDialog::startJob(bool sizeOnly)
{
    if (isBusy())
        return;
    if (!HubCache::looksLikeRepoId(repoId()) || repoId().contains(u'@')) {
        showError(tr("'%1' is not a repo id: write it as ORGANIZATION/NAME.").arg(repoId()));
        return;
    }
    HubPullOptions options;
    options.revision = m_revision->text().trimmed().isEmpty() ? QStringLiteral("main") : m_revision->text().trimmed();
    options.adapter = m_adapter->isChecked();
    m_job.reset(); // the previous one has ended
    m_job = std::make_unique<HubPullJob>(repoId(), options, sizeOnly ? HubPullJob::SizeOnly : HubPullJob::Pull);
    m_sizeOnly = sizeOnly;
    m_folder.clear();
    m_status->setStyleSheet({});
    m_status->setText(sizeOnly ? tr("Asking the Hub for the file list...") : tr("Starting the download..."));
    if (!sizeOnly)
        m_progress->setValue(0);

    connect(m_job.get(), &HubPullJob::sizeKnown, this, [this](qint64 bytes, int files, const QString &) {
        m_size->setText(tr("%1 in %2 files").arg(formatByteSize(bytes)).arg(files));
    });
    connect(m_job.get(), &HubPullJob::transferred, this,
            [this](qint64 done, qint64 total, double bytesPerSecond, const QString &file) {
                if (total > 0)
                    m_progress->setValue(int(1000.0 * double(done) / double(total)));
                QString text = tr("%1 of %2").arg(formatByteSize(done), formatByteSize(total));
                if (bytesPerSecond > 0) {
                    const qint64 left = qint64(double(std::max<qint64>(0, total - done)) / bytesPerSecond + 0.5);
                    text += tr(", %1/s, %2:%3 left")
                                .arg(formatByteSize(qint64(bytesPerSecond)))
                                .arg(left / 60)
                                .arg(left % 60, 2, 10, QLatin1Char('0'));
                }
                if (!file.isEmpty())
                    text += tr(" (%1)").arg(file);
                m_status->setText(text);
            });
    connect(m_job.get(), &BackgroundJob::succeeded, this, [this] {
        const HubPullResult r = m_job->result();
        if (m_sizeOnly) {
            m_status->setText(tr("Revision %1 is commit %2.").arg(m_revision->text(), r.commit.left(12)));
            return;
        }
        m_progress->setValue(1000);
        m_folder = r.snapshotDir;
        m_status->setText(tr("Ready: %1 can now be chosen as a model by its repo id (%2).")
                              .arg(repoId(), QDir::toNativeSeparators(r.snapshotDir)));
        Q_EMIT modelReady(repoId(), r.snapshotDir);
    });
    connect(m_job.get(), &BackgroundJob::failed, this, [this](const QString &message) { showError(message); });
    connect(m_job.get(), &BackgroundJob::cancelled, this, [this] {
        m_status->setText(m_sizeOnly ? tr("Stopped.")
                                     : tr("Stopped. What was downloaded is kept: Download continues from there, "
                                          "also after a restart."));
    });
    connect(m_job.get(), &BackgroundJob::ended, this, [this] {
        m_busy = false; // after succeeded, failed or cancelled were shown
        updateControls();
    });
    m_busy = true;
    m_job->start();
    updateControls();
}

void GetModelDialog::updateControls()
{
    const bool busy = isBusy();
    const bool valid = HubCache::looksLikeRepoId(repoId()) && !repoId().contains(u'@');
    m_repo->setEnabled(!busy);
    m_revision->setEnabled(!busy);
    m_adapter->setEnabled(!busy);
    m_checkButton->setEnabled(!busy && valid);
    m_downloadButton->setEnabled(!busy && valid);
    m_cancelButton->setEnabled(busy);
    m_progress->setVisible(!m_sizeOnly || !busy);
}

} // namespace medtune::ui
