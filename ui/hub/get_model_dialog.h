// File > Get Model...: downloads a model or PEFT adapter from the Hugging Face Hub by repo
// id into the shared cache (HubPullJob), with its size before the download, progress with
// speed and time left, Cancel, and resume of an interrupted download (also after a restart).
#pragma once

#include <QDialog>
#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace medtune {
class HubPullJob;
}

namespace medtune::ui {

class GetModelDialog : public QDialog
{
    Q_OBJECT
public:
    static QString defaultRepo() { return QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0"); }

    /// `repoId` prefills the repo field (default: TinyLlama-1.1B-Chat); `adapter` ticks "PEFT adapter".
    explicit GetModelDialog(QWidget *parent = nullptr, const QString &repoId = {}, bool adapter = false);
    ~GetModelDialog() override;

    QString repoId() const;
    /// The snapshot folder once the download has succeeded.
    QString folder() const { return m_folder; }
    bool isBusy() const;

public Q_SLOTS:
    void checkSize();
    void startDownload();
    void cancelDownload();

Q_SIGNALS:
    /// The repo is in the cache and loadable by its id.
    void modelReady(const QString &repoId, const QString &folder);

protected:
    void reject() override;

private:
    void startJob(bool sizeOnly);
    void updateControls();
    void showError(const QString &message);

    QLineEdit *m_repo;
    QLineEdit *m_revision;
    QCheckBox *m_adapter;
    QLabel *m_cache;
    QLabel *m_size;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_checkButton;
    QPushButton *m_downloadButton;
    QPushButton *m_cancelButton;
    QPushButton *m_closeButton;
    std::unique_ptr<HubPullJob> m_job;
    bool m_sizeOnly = false;
    bool m_busy = false; ///< from start until the job's ended() arrived
    QString m_folder;
};

} // namespace medtune::ui
