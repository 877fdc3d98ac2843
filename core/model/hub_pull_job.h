// A Hub pull (or only its size) as a BackgroundJob, for the workbench's Get model dialog:
// HubClient on the job's thread, progress with speed through queued signals, Cancel that
// keeps the partial file so that the next pull (even after a restart) resumes it.
#pragma once

#include "model/hub_client.h"
#include "util/background_job.h"

#include <mutex>

namespace medtune {

class HubPullJob : public BackgroundJob
{
    Q_OBJECT
public:
    enum Mode { Pull, SizeOnly };
    HubPullJob(QString repoId, HubPullOptions options, Mode mode = Pull, QObject *parent = nullptr);
    ~HubPullJob() override;

    /// After succeeded(): what was pulled (SizeOnly: commit, files and totalBytes).
    HubPullResult result() const;

Q_SIGNALS:
    /// Before the first byte: the files chosen and their size.
    void sizeKnown(qint64 bytes, int files, const QString &commit);
    /// During the download; bytesPerSecond over what this pull transferred.
    void transferred(qint64 done, qint64 total, double bytesPerSecond, const QString &file);

protected:
    void work() override;

private:
    QString m_repoId;
    HubPullOptions m_options;
    Mode m_mode;
    mutable std::mutex m_mutex;
    HubPullResult m_result;
};

} // namespace medtune
