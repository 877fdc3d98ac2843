// BackgroundJob: runs off the calling thread, reports progress through queued signals,
// pauses, resumes, cancels, and turns errors into failed().
#include "util/background_job.h"
#include "util/error.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace medtune;

namespace {

class CountingJob : public BackgroundJob
{
public:
    CountingJob(int steps, bool failAtEnd = false)
        : BackgroundJob(QStringLiteral("counting"))
        , m_steps(steps)
        , m_failAtEnd(failAtEnd)
    {
    }
    ~CountingJob() override { cancelAndWait(); }
    std::atomic<int> done { 0 };
    Qt::HANDLE workerThread = nullptr;

protected:
    void work() override
    {
        workerThread = QThread::currentThreadId();
        for (int i = 0; i < m_steps; ++i) {
            checkpoint();
            QThread::msleep(2);
            done = i + 1;
            reportProgress(i + 1, m_steps, QStringLiteral("step %1").arg(i + 1));
        }
        if (m_failAtEnd)
            throw Error(QStringLiteral("disk full while writing checkpoint"), QStringLiteral("free some space"));
    }

private:
    int m_steps;
    bool m_failAtEnd;
};

} // namespace

class BackgroundJobTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsAndReports()
    {
        CountingJob job(20);
        QSignalSpy progress(&job, &BackgroundJob::progress);
        QSignalSpy ok(&job, &BackgroundJob::succeeded);
        QSignalSpy ended(&job, &BackgroundJob::ended);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 10000); // not ended.wait(): the signal may come before it starts
        QCOMPARE(ok.count(), 1);
        QCOMPARE(job.done.load(), 20);
        QCOMPARE(progress.count(), 20);
        QCOMPARE(progress.last().at(0).toLongLong(), 20);
        QCOMPARE(progress.last().at(2).toString(), QStringLiteral("step 20"));
        QVERIFY(job.workerThread != QThread::currentThreadId());
        QVERIFY(!job.isRunning());
    }

    void pauseResumeCancel()
    {
        CountingJob job(100000);
        QSignalSpy cancelled(&job, &BackgroundJob::cancelled);
        QSignalSpy ended(&job, &BackgroundJob::ended);
        job.start();
        QTRY_VERIFY(job.done.load() > 0);
        job.pause();
        QTest::qWait(50);
        const int frozen = job.done.load();
        QTest::qWait(100);
        QVERIFY(job.done.load() <= frozen + 1); // at most the step in flight completes
        job.resume();
        QTRY_VERIFY(job.done.load() > frozen + 1);
        job.pause();
        job.requestCancel(); // cancel wakes a paused job
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 10000); // not ended.wait(): the signal may come before it starts
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(job.done.load() < 100000);
    }

    void errorsBecomeFailed()
    {
        CountingJob job(3, true);
        QSignalSpy failed(&job, &BackgroundJob::failed);
        QSignalSpy ended(&job, &BackgroundJob::ended);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 10000); // not ended.wait(): the signal may come before it starts
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().toString(),
                 QStringLiteral("disk full while writing checkpoint (hint: free some space)"));
    }

    void destructorCancelsAndJoins()
    {
        auto job = std::make_unique<CountingJob>(100000);
        job->start();
        QTRY_VERIFY(job->done.load() > 0);
        job.reset(); // must not hang or crash
        QVERIFY(true);
    }
};

QTEST_GUILESS_MAIN(BackgroundJobTest)
#include "tst_background_job.moc"
