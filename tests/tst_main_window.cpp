// The main window offscreen: its sections, keyboard switching, honest empty states and
// a screenshot a person can look at.
#include "about_dialog.h"
#include "empty_state.h"
#include "main_window.h"
#include "preferences_dialog.h"
#include "qcustomplot_include.h"
#include "screenshot_tour.h"
#include "test_support.h"
#include "training/metric_chart.h"
#include "training/training_page.h"
#include "translations.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune;

class MainWindowTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sectionsAndScreenshot()
    {
        QTemporaryDir tmp;
        auto ws = std::make_shared<Workspace>(tmp.path());
        ui::MainWindow w(ws);
        w.resize(1100, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        auto *list = w.findChild<QListWidget *>(QStringLiteral("sectionList"));
        QVERIFY(list);
        QCOMPARE(list->count(), int(ui::MainWindow::SectionCount));
        const QStringList expected
            = { QStringLiteral("Datasets"), QStringLiteral("Format"),     QStringLiteral("Training"),
                QStringLiteral("Runs"),     QStringLiteral("Playground"), QStringLiteral("Review"),
                QStringLiteral("Reports") };
        for (int i = 0; i < list->count(); ++i)
            QCOMPARE(list->item(i)->text(), expected[i]);

        // Each unfilled section says what it is for, not fake data.
        for (int i = 0; i < ui::MainWindow::SectionCount; ++i) {
            auto *empty = qobject_cast<ui::EmptyState *>(w.page(ui::MainWindow::Section(i)));
            if (empty)
                QVERIFY(empty->text().size() > 40);
        }

        // Ctrl+3 opens Training, Ctrl+1 goes back to Datasets.
        QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(w.currentSection(), ui::MainWindow::Training);
        QCOMPARE(list->currentRow(), int(ui::MainWindow::Training));
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(w.currentSection(), ui::MainWindow::Datasets);

        QVERIFY(w.statusBar()->findChildren<QLabel *>().size() >= 2);

        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        QCOMPARE(shot.size(), w.size() * shot.devicePixelRatio());
        // Not a blank image: the navigation and text give many distinct colours.
        QSet<QRgb> colours;
        for (int y = 0; y < shot.height(); y += 7)
            for (int x = 0; x < shot.width(); x += 7)
                colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
        const QString path = QDir(test::artefactDir()).filePath(QStringLiteral("main_window.png"));
        QVERIFY(shot.save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }

    void emptyStatesShowTheirWholeText()
    {
        // A fresh workspace at the sizes of a laptop and of README's screenshots: every
        // empty state's description gets the height its wrapped text needs, so no sentence
        // is cut after its first line.
        QTemporaryDir tmp;
        auto ws = std::make_shared<Workspace>(tmp.path());
        ui::MainWindow w(ws);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        for (const QSize size : { QSize(1440, 900), QSize(1100, 700) }) {
            w.resize(size);
            int checked = 0;
            for (int i = 0; i < ui::MainWindow::SectionCount; ++i) {
                w.showSection(ui::MainWindow::Section(i));
                QApplication::processEvents();
                for (ui::EmptyState *empty : w.page(ui::MainWindow::Section(i))->findChildren<ui::EmptyState *>()) {
                    if (!empty->isVisible())
                        continue;
                    QLabel *label = empty->textLabel();
                    const int needed = label->heightForWidth(label->width());
                    QVERIFY2(label->height() >= needed,
                             qPrintable(QStringLiteral("%1 at %2x%3: the description gets %4 px of the %5 px its "
                                                       "text needs at %6 px wide")
                                            .arg(ui::MainWindow::sectionName(ui::MainWindow::Section(i)))
                                            .arg(size.width())
                                            .arg(size.height())
                                            .arg(label->height())
                                            .arg(needed)
                                            .arg(label->width())));
                    // More than one line, and no wider than it was designed to be.
                    QVERIFY(needed > label->fontMetrics().lineSpacing());
                    QVERIFY(label->width() <= 520);
                    ++checked;
                }
            }
            QVERIFY(checked >= 2); // Datasets and Runs at least
        }
        w.showSection(ui::MainWindow::Datasets);
        QVERIFY(w.grab().save(QDir(test::artefactDir()).filePath(QStringLiteral("empty-datasets.png"))));
    }

    void preferencesEditSettings()
    {
        AppSettings in;
        in.computeThreads = 0;
        in.dtype = QStringLiteral("auto");
        ui::PreferencesDialog dialog(in);
        auto *threads = dialog.findChild<QSpinBox *>(QStringLiteral("threads"));
        auto *dtype = dialog.findChild<QComboBox *>(QStringLiteral("dtype"));
        auto *language = dialog.findChild<QComboBox *>(QStringLiteral("language"));
        auto *workspace = dialog.findChild<QLineEdit *>(QStringLiteral("workspace"));
        auto *device = dialog.findChild<QComboBox *>(QStringLiteral("device"));
        QVERIFY(threads && dtype && language && workspace && device);
        QCOMPARE(device->itemText(0), QStringLiteral("cpu"));
        threads->setValue(1);
        dtype->setCurrentIndex(dtype->findData(QStringLiteral("float32")));
        language->setCurrentIndex(language->findData(QStringLiteral("de")));
        workspace->setText(QStringLiteral("some/folder"));
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("note"));
        QVERIFY(note->text().contains(QStringLiteral("next start")));
        const AppSettings out = dialog.settings();
        QCOMPARE(out.computeThreads, 1);
        QCOMPARE(out.dtype, QStringLiteral("float32"));
        QCOMPARE(out.language, QStringLiteral("de"));
        QCOMPARE(out.lastWorkspace, QStringLiteral("some/folder"));
        QCOMPARE(out.device, QStringLiteral("cpu"));
    }

    // Help > About names the versions in use, each from its own source: Qt's runtime,
    // libtorch's CMake package, SentencePiece's pkg-config file, SQLite's own answer.
    void aboutDialogVersions()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.path());
        ui::AboutDialog about(&ws);
        const QString text = about.versionsText();
        QVERIFY2(text.contains(QStringLiteral("Qt: %1\n").arg(QString::fromLatin1(qVersion()))), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("libtorch: " MEDTUNE_TEST_TORCH_VERSION "\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("SentencePiece: " MEDTUNE_TEST_SENTENCEPIECE_VERSION "\n")),
                 qPrintable(text));
        QSqlQuery q(ws.database());
        QVERIFY(q.exec(QStringLiteral("SELECT sqlite_version()")) && q.next());
        QVERIFY(text.contains(QStringLiteral("SQLite: %1\n").arg(q.value(0).toString())));
        QVERIFY(text.contains(QStringLiteral("MedTune Workbench: " MEDTUNE_TEST_PROJECT_VERSION "\n")));
        QVERIFY(text.contains(QStringLiteral("Tokenizer bridge: ")));
    }

    // Under a dark palette every section is dark: no page paints large light areas from
    // hard-coded colours, and the charts take their background and text from the palette.
    // (Last: it changes the application's palette and style.)
    void darkPalette()
    {
        const QPalette light = QApplication::palette();
        ui::applyDarkPalette();
        QVERIFY(qGray(QApplication::palette().color(QPalette::Base).rgb()) < 60);
        QTemporaryDir tmp;
        auto ws = std::make_shared<Workspace>(tmp.path());
        ui::MainWindow w(ws);
        w.resize(1100, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        for (int i = 0; i < ui::MainWindow::SectionCount; ++i) {
            w.showSection(ui::MainWindow::Section(i));
            const QImage shot = w.grab().toImage();
            qint64 bright = 0, total = 0;
            for (int y = 0; y < shot.height(); y += 3)
                for (int x = 0; x < shot.width(); x += 3, ++total)
                    bright += qGray(shot.pixel(x, y)) > 200;
            QVERIFY2(bright < total / 50, // text and icons only: under 2% of the pixels
                     qPrintable(QStringLiteral("%1: %2 of %3 sampled pixels are light")
                                    .arg(ui::MainWindow::sectionName(ui::MainWindow::Section(i)))
                                    .arg(bright)
                                    .arg(total)));
            if (i == ui::MainWindow::Training)
                shot.save(QDir(test::artefactDir()).filePath(QStringLiteral("training-dark.png")));
        }
        auto *training = qobject_cast<ui::TrainingPage *>(w.page(ui::MainWindow::Training));
        QVERIFY(training);
        QCustomPlot *plot = training->lossChart()->findChild<QCustomPlot *>();
        QVERIFY(plot);
        QCOMPARE(plot->grab().toImage().pixelColor(2, 2), QApplication::palette().color(QPalette::Base));
        QCOMPARE(plot->xAxis->tickLabelColor(), QApplication::palette().color(QPalette::Text));
        QCOMPARE(plot->legend->textColor(), QApplication::palette().color(QPalette::Text));
        QApplication::setPalette(light);
    }

    void germanTranslation()
    {
        // Runs last: the translator stays installed for the rest of the process.
        QCOMPARE(ui::installTranslations(QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(ui::MainWindow::sectionName(ui::MainWindow::Datasets), QStringLiteral("Datensätze"));
        QCOMPARE(ui::MainWindow::sectionName(ui::MainWindow::Review), QStringLiteral("Begutachtung"));
        QTemporaryDir tmp;
        ui::MainWindow w(std::make_shared<Workspace>(tmp.path()));
        QCOMPARE(w.windowTitle(), QStringLiteral("MedTune Workbench"));
        auto *list = w.findChild<QListWidget *>(QStringLiteral("sectionList"));
        QCOMPARE(list->item(2)->text(), QStringLiteral("Training"));
        QCOMPARE(list->item(3)->text(), QStringLiteral("Läufe"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_main_window.moc"
