#include "model/hub_pull_job.h"

namespace medtune {

HubPullJob::HubPullJob(QString repoId, HubPullOptions options, Mode mode, QObject *parent)
    : BackgroundJob(mode == Pull ? QStringLiteral("Hub pull") : QStringLiteral("Hub size"), parent)
    , m_repoId(std::move(repoId))
    , m_options(std::move(options))
    , m_mode(mode)
{
}

HubPullJob::~HubPullJob()
{
    cancelAndWait();
}

HubPullResult HubPullJob::result() const
{
    std::lock_guard lock(m_mutex);
    return m_result;
}

void HubPullJob::work()
{
    HubClient client; // created on the job's thread: its requests run in this thread's event loop
    client.setCancelCheck([this] { return isCancelRequested(); });
    HubPullResult result;
    try {
        if (m_mode == SizeOnly) {
            const HubRepoInfo info = client.repoInfo(m_repoId, m_options.revision);
            result.repoId = m_repoId;
            result.commit = info.commit;
            result.files = HubClient::selectFiles(info.files, m_options);
            for (const HubFile &f : result.files)
                result.totalBytes += std::max<qint64>(0, f.size);
            Q_EMIT sizeKnown(result.totalBytes, int(result.files.size()), result.commit);
        } else {
            bool announced = false;
            client.setProgressHandler([&](const HubProgress &p) {
                if (!announced) {
                    announced = true;
                    Q_EMIT sizeKnown(p.total, p.fileCount, QString());
                }
                Q_EMIT transferred(p.done, p.total, p.bytesPerSecond, p.file);
                reportProgress(p.done, p.total, p.file);
            });
            result = client.pull(m_repoId, m_options);
        }
    } catch (const HubCancelled &) {
        checkpoint(); // cancel was requested: unwinds as a cancelled job
        throw;
    }
    std::lock_guard lock(m_mutex);
    m_result = result;
}

} // namespace medtune
