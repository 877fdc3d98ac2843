// A long job (import, training, generation, demo model) that runs on its own thread and
// reports through queued signals; cancel and pause are cooperative, never a
// QThread::terminate().
#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <mutex>

class QThread;

namespace medtune {

class BackgroundJob : public QObject
{
    Q_OBJECT
public:
    explicit BackgroundJob(QString title, QObject *parent = nullptr);
    /// Calls cancelAndWait(). Derived classes must call cancelAndWait() in their own
    /// destructor too, since work() may use their members until the thread has ended.
    ~BackgroundJob() override;

    QString title() const { return m_title; }
    /// Starts work() on a new thread. A job runs once.
    void start();
    /// Thread-safe. The job stops at its next checkpoint and emits cancelled().
    void requestCancel();
    /// Thread-safe. The job blocks at its next checkpoint until resume() or cancel.
    void pause();
    void resume();
    bool isRunning() const { return m_running.load(); }
    bool isPaused() const { return m_paused.load(); }
    bool isCancelRequested() const { return m_cancel.load(); }
    /// Blocks the caller until the job's thread has ended (for the CLI and tests).
    bool wait(int msecs = -1);
    /// Requests cancellation and blocks until the thread has ended.
    void cancelAndWait();

Q_SIGNALS:
    void started();
    void progress(qint64 done, qint64 total, const QString &message);
    void pausedChanged(bool paused);
    void succeeded();
    void failed(const QString &message);
    void cancelled();
    /// Always emitted last, after succeeded, failed or cancelled.
    void ended();

protected:
    /// The job's body, on the worker thread. Throws medtune::Error on failure; calls
    /// checkpoint() often.
    virtual void work() = 0;
    /// Returns at once unless paused (then blocks) or cancelled (then throws JobCancelled).
    void checkpoint();
    void reportProgress(qint64 done, qint64 total, const QString &message = {});

private:
    void runOnThread();

    QString m_title;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_running { false };
    std::atomic<bool> m_paused { false };
    std::atomic<bool> m_cancel { false };
    std::mutex m_pauseMutex;
    std::condition_variable m_pauseCondition;
};

/// Thrown by BackgroundJob::checkpoint() to unwind a cancelled job.
struct JobCancelled
{
};

} // namespace medtune
