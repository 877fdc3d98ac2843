// The Runs page offscreen: runs listed with metrics, curves of selected runs overlaid,
// resume offered only where it makes sense, configuration diff of two runs.
#include "runs/run_list_model.h"
#include "runs/runs_page.h"
#include "test_support.h"
#include "train/run_store.h"
#include "training/metric_chart.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace medtune;

class RunsPageTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void overlayAndCompare()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        qint64 a = 0, b = 0;
        {
            RunStore store(ws);
            a = store.create(QStringLiteral("r8"),
                             { { QStringLiteral("lora"), QJsonObject { { QStringLiteral("r"), 8 } } },
                               { QStringLiteral("seed"), 1 } });
            b = store.create(QStringLiteral("r16"),
                             { { QStringLiteral("lora"), QJsonObject { { QStringLiteral("r"), 16 } } },
                               { QStringLiteral("seed"), 1 } });
            for (int s = 1; s <= 30; ++s) {
                store.addMetrics(a, QStringLiteral("train"), s, { { QStringLiteral("loss"), 3.0 - s * 0.05 } });
                store.addMetrics(b, QStringLiteral("train"), s, { { QStringLiteral("loss"), 3.0 - s * 0.06 } });
            }
            for (int s : { 10, 20, 30 }) {
                store.addMetrics(a, QStringLiteral("validation"), s, { { QStringLiteral("loss"), 2.9 - s * 0.03 } });
                store.addMetrics(b, QStringLiteral("validation"), s, { { QStringLiteral("loss"), 2.8 - s * 0.03 } });
            }
            store.finish(a, QStringLiteral("completed"),
                         { { QStringLiteral("steps"), 30 },
                           { QStringLiteral("best_validation_loss"), 2.0 },
                           { QStringLiteral("test_loss"), 2.1 },
                           { QStringLiteral("test_perplexity"), std::exp(2.1) } });
            store.finish(b, QStringLiteral("stopped"), { { QStringLiteral("steps"), 30 } });
        }
        ui::RunsPage page(ws);
        page.resize(1100, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.model()->data(page.model()->index(page.model()->rowOf(a), ui::RunListModel::TestLoss)).toString(),
                 QStringLiteral("2.1000"));
        QCOMPARE(page.model()->data(page.model()->index(page.model()->rowOf(b), ui::RunListModel::Status)).toString(),
                 QStringLiteral("Stopped"));

        page.selectRuns({ a, b });
        QCOMPARE(page.selectedRuns(), (QList<qint64> { a, b }));
        QCOMPARE(page.trainingChart()->drawnPointCount(QStringLiteral("run-%1").arg(a)), 30);
        QCOMPARE(page.trainingChart()->drawnPointCount(QStringLiteral("run-%1").arg(b)), 30);
        QCOMPARE(page.validationChart()->points(QStringLiteral("run-%1").arg(b)).last().y(), 2.8 - 0.9);

        auto *resume = page.findChild<QPushButton *>();
        Q_UNUSED(resume);
        QSignalSpy resumeSpy(&page, &ui::RunsPage::resumeRequested);
        page.selectRuns({ b }); // stopped: resumable
        const auto buttons = page.findChildren<QPushButton *>();
        QPushButton *resumeButton = nullptr, *compareButton = nullptr;
        for (QPushButton *button : buttons) {
            if (button->text().contains(QStringLiteral("Resume")))
                resumeButton = button;
            if (button->text().contains(QStringLiteral("Compare")))
                compareButton = button;
        }
        QVERIFY(resumeButton && compareButton);
        QVERIFY(resumeButton->isEnabled());
        resumeButton->click();
        QCOMPARE(resumeSpy.count(), 1);
        QCOMPARE(resumeSpy.first().first().toLongLong(), b);
        page.selectRuns({ a }); // completed: nothing to resume
        QVERIFY(!resumeButton->isEnabled());

        page.selectRuns({ a, b });
        QVERIFY(compareButton->isEnabled());
        int diffRows = -1;
        QString changed;
        QTimer::singleShot(0, this, [&] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                if (auto *dialog = qobject_cast<QDialog *>(w); dialog && dialog->isVisible()) {
                    auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("configDiff"));
                    diffRows = table->rowCount();
                    changed = table->item(0, 0)->text() + u'=' + table->item(0, 1)->text() + u'/'
                        + table->item(0, 2)->text();
                    const QImage shot = dialog->grab().toImage();
                    shot.save(QDir(test::artefactDir()).filePath(QStringLiteral("config_diff.png")));
                    dialog->reject();
                }
            }
        });
        compareButton->click();
        QCOMPARE(diffRows, 1);
        QCOMPARE(changed, QStringLiteral("lora.r=8/16"));
        page.grab().save(QDir(test::artefactDir()).filePath(QStringLiteral("runs_page.png")));
    }
};

QTEST_MAIN(RunsPageTest)
#include "tst_runs_page.moc"
