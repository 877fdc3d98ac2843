// The About dialog and the version options: the versions shown are the ones in use
// (qVersion(), TORCH_VERSION, the SentencePiece package), and 'medtune --version' works
// without any display.
#include "about_dialog.h"
#include "test_support.h"
#include "util/compute_threads.h"
#include "util/runtime_versions.h"

#include <QApplication>
#include <QLabel>
#include <QProcess>
#include <QTest>
#include <QTextDocument>
#include <torch/version.h>

using namespace medtune;

class AboutDialogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versions()
    {
        const RuntimeVersions v = runtimeVersions();
        QCOMPARE(v.application, QStringLiteral(MEDTUNE_EXPECTED_VERSION));
        QCOMPARE(v.qt, QString::fromLatin1(qVersion()));
        QCOMPARE(v.torch, QStringLiteral(TORCH_VERSION));
        QCOMPARE(v.torch.section(u'.', 0, 0).toInt(), TORCH_VERSION_MAJOR);
        QCOMPARE(v.sentencePiece, QStringLiteral(MEDTUNE_EXPECTED_SPM_VERSION));
        QVERIFY(v.computeDevices.startsWith(QLatin1String("cpu")));
        setComputeThreads(1);
        QCOMPARE(runtimeVersions().computeThreads, 1);
    }

    void dialogText()
    {
        setComputeThreads(1);
        ui::AboutDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTextDocument doc;
        doc.setHtml(dialog.textLabel()->text());
        const QString text = doc.toPlainText();
        QVERIFY2(text.contains(QStringLiteral("MedTune Workbench " MEDTUNE_EXPECTED_VERSION)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Qt\t%1").arg(QString::fromLatin1(qVersion())))
                     || text.contains(QStringLiteral("Qt\n%1").arg(QString::fromLatin1(qVersion()))),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(TORCH_VERSION)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(MEDTUNE_EXPECTED_SPM_VERSION)), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("cpu")), qPrintable(text));
        QImage shot = dialog.grab().toImage();
        QVERIFY(shot.save(test::artefactDir() + QStringLiteral("/about_dialog.png")));
    }

    // Both programs answer --version and --help with no display at all (no X11, no
    // Wayland, no QT_QPA_PLATFORM), as packaging scripts and terminals over ssh need.
    void versionWithoutDisplay_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("gui version") << "medtune"
                                     << "--version"
                                     << "MedTune Workbench " MEDTUNE_EXPECTED_VERSION;
        QTest::newRow("gui help") << "medtune"
                                  << "--help"
                                  << "--workspace";
        QTest::newRow("cli version") << "medtune-cli"
                                     << "--version"
                                     << "medtune-cli (MedTune Workbench) " MEDTUNE_EXPECTED_VERSION;
        QTest::newRow("cli help") << "medtune-cli"
                                  << "--help"
                                  << "Commands:";
    }
    void versionWithoutDisplay()
    {
        QFETCH(QString, program);
        QFETCH(QString, option);
        QFETCH(QString, expected);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : { "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY" })
            env.remove(QString::fromLatin1(name));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(test::binDir() + u'/' + program, { option });
        QVERIFY(p.waitForFinished(30000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                 qPrintable(QString::fromUtf8(p.readAllStandardError())));
        QVERIFY2(out.contains(expected), qPrintable(out));
    }
};

QTEST_MAIN(AboutDialogTest)
#include "tst_about_dialog.moc"
