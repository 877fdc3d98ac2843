// The Get Model dialog against the local Hub server: prefilled TinyLlama, size before the
// download, progress, Cancel that keeps the partial file, and a second Download that
// resumes it; the Hugging Face button then lists the model.
#include "hub/get_model_dialog.h"
#include "hub/hub_model_button.h"
#include "hub_test_server.h"
#include "test_support.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace medtune;

class GetModelDialogTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    test::HubTestServer m_hub;
    const QString m_repo = QStringLiteral("medtune-test/big-model");
    const qint64 m_size = 400 * 1000 * 1000; // long enough to cancel in the middle

    qint64 incompleteSize() const
    {
        QDirIterator it(m_dir.filePath(QStringLiteral("cache")), { QStringLiteral("*.incomplete") }, QDir::Files,
                        QDirIterator::Subdirectories);
        return it.hasNext() ? QFileInfo(it.next()).size() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_hub.start();
        m_hub.addRepo(m_repo, QStringLiteral("00112233445566778899aabbccddeeff00112233"));
        m_hub.addFile(m_repo, QStringLiteral("config.json"), "{}", false);
        m_hub.addFile(m_repo, QStringLiteral("tokenizer.model"), "tok", true);
        m_hub.addGeneratedFile(m_repo, QStringLiteral("model.safetensors"), m_size);
        m_hub.setRateLimit(200'000'000); // 2 s for the file: time to press Cancel on any machine
        qputenv("HF_ENDPOINT", m_hub.url().toUtf8());
        qputenv("HF_HUB_CACHE", m_dir.filePath(QStringLiteral("cache")).toUtf8());
        qunsetenv("HF_TOKEN");
        qunsetenv("HF_HUB_OFFLINE");
    }

    void downloadCancelResume()
    {
        ui::GetModelDialog dialog;
        auto *repo = dialog.findChild<QLineEdit *>(QStringLiteral("repoId"));
        QCOMPARE(repo->text(), QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
        repo->setText(m_repo);
        dialog.show();

        dialog.checkSize();
        auto *size = dialog.findChild<QLabel *>(QStringLiteral("size"));
        QTRY_VERIFY_WITH_TIMEOUT(size->text().contains(QLatin1String("3 files")), 10000);
        QVERIFY2(size->text().contains(QLatin1String("400")), qPrintable(size->text()));
        QTRY_VERIFY(!dialog.isBusy());

        dialog.startDownload();
        auto *progress = dialog.findChild<QProgressBar *>(QStringLiteral("progress"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("status"));
        QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0 || !dialog.isBusy(), 20000);
        QVERIFY2(dialog.isBusy(), "the download finished before it could be cancelled");
        dialog.findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 10000);
        QVERIFY2(status->text().contains(QLatin1String("continues")), qPrintable(status->text()));
        const qint64 partial = incompleteSize();
        QVERIFY2(partial > 0 && partial < m_size, qPrintable(QString::number(partial)));
        QVERIFY(progress->value() < 1000);
        QVERIFY(status->grab().width() > 0);

        m_hub.clearRequests();
        QSignalSpy ready(&dialog, &ui::GetModelDialog::modelReady);
        dialog.findChild<QPushButton *>(QStringLiteral("downloadButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
        QCOMPARE(progress->value(), 1000);
        QCOMPARE(ready.at(0).at(0).toString(), m_repo);
        QVERIFY(QFileInfo(dialog.folder() + QStringLiteral("/model.safetensors")).size() == m_size);
        bool resumed = false;
        for (const auto &r : m_hub.requests())
            resumed = resumed || r.headers.value("range").startsWith("bytes=" + QByteArray::number(partial));
        QVERIFY(resumed);
        dialog.grab().save(test::artefactDir() + QStringLiteral("/get-model-dialog.png"));
    }

    void buttonListsCachedModels()
    {
        QLineEdit field;
        ui::HubModelButton button(&field, false);
        button.refreshMenu();
        QAction *found = nullptr;
        for (QAction *a : button.modelMenu()->actions())
            if (a->data().toString() == m_repo)
                found = a;
        QVERIFY(found);
        QVERIFY(found->isEnabled());
        found->trigger();
        QCOMPARE(field.text(), m_repo);
    }

    void offersToDownloadAnUncachedRepoId()
    {
        QLineEdit field;
        ui::HubModelButton button(&field, false);
        QStringList asked;
        auto answerNo = [&] {
            QTimer::singleShot(50, [&] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box)
                    return;
                asked << box->text();
                box->button(QMessageBox::No)->click();
            });
        };
        field.setText(QStringLiteral("someone/not-cached"));
        answerNo();
        Q_EMIT field.editingFinished();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked[0].contains(QLatin1String("someone/not-cached")), qPrintable(asked[0]));
        Q_EMIT field.editingFinished(); // asked once per text
        field.setText(m_repo); // cached: nothing to ask
        Q_EMIT field.editingFinished();
        QTest::qWait(150);
        QCOMPARE(asked.size(), 1);
    }
};

QTEST_MAIN(GetModelDialogTest)
#include "tst_get_model_dialog.moc"
