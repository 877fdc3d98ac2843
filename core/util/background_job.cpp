#include "util/background_job.h"

#include "util/error.h"
#include "util/exception_text.h"

#include <QThread>

namespace medtune {

BackgroundJob::BackgroundJob(QString title, QObject *parent)
    : QObject(parent)
    , m_title(std::move(title))
{
}

BackgroundJob::~BackgroundJob()
{
    cancelAndWait();
    delete m_thread;
}

void BackgroundJob::cancelAndWait()
{
    if (!m_thread)
        return;
    requestCancel();
    m_thread->wait();
}

void BackgroundJob::start()
{
    if (m_thread)
        throw UsageError(QStringLiteral("The job '%1' was already started").arg(m_title));
    m_running = true;
    m_thread = QThread::create([this] { runOnThread(); });
    m_thread->setObjectName(m_title.left(15));
    m_thread->start();
}

void BackgroundJob::requestCancel()
{
    m_cancel = true;
    std::lock_guard lock(m_pauseMutex);
    m_pauseCondition.notify_all();
}

void BackgroundJob::pause()
{
    if (!m_paused.exchange(true))
        Q_EMIT pausedChanged(true);
}

void BackgroundJob::resume()
{
    if (m_paused.exchange(false)) {
        {
            std::lock_guard lock(m_pauseMutex);
            m_pauseCondition.notify_all();
        }
        Q_EMIT pausedChanged(false);
    }
}

bool BackgroundJob::wait(int msecs)
{
    if (!m_thread)
        return true;
    return msecs < 0 ? m_thread->wait() : m_thread->wait(QDeadlineTimer(msecs));
}

void BackgroundJob::checkpoint()
{
    if (m_paused) {
        std::unique_lock lock(m_pauseMutex);
        m_pauseCondition.wait(lock, [this] { return !m_paused || m_cancel; });
    }
    if (m_cancel)
        throw JobCancelled {};
}

void BackgroundJob::reportProgress(qint64 done, qint64 total, const QString &message)
{
    Q_EMIT progress(done, total, message);
}

void BackgroundJob::runOnThread()
{
    Q_EMIT started();
    try {
        checkpoint();
        work();
        m_running = false;
        Q_EMIT succeeded();
    } catch (const JobCancelled &) {
        m_running = false;
        Q_EMIT cancelled();
    } catch (const Error &e) {
        m_running = false;
        Q_EMIT failed(e.fullMessage());
    } catch (const std::bad_alloc &) {
        m_running = false;
        Q_EMIT failed(
            QStringLiteral("Out of memory in '%1' (hint: use a smaller batch, a shorter maximum length or bfloat16)")
                .arg(m_title));
    } catch (const std::exception &e) {
        // libtorch's errors carry stack frames: the user reads a sentence (raw text in the log).
        m_running = false;
        const ExceptionText text = describeException(e);
        qWarning("%s: %s", qPrintable(m_title), qPrintable(text.raw));
        Q_EMIT failed(QStringLiteral("'%1' failed: %2").arg(m_title, text.full()));
    }
    Q_EMIT ended();
}

} // namespace medtune
