// MetricChart: coalesced redraws, the smoothed series, replacing data, export.
#include "qcustomplot_include.h"
#include "test_support.h"
#include "training/metric_chart.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace medtune::ui;

class MetricChartTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coalescesAndSmooths()
    {
        MetricChart chart(QStringLiteral("Loss"), QStringLiteral("loss"));
        chart.resize(600, 300);
        chart.addSeries(QStringLiteral("train"), QStringLiteral("train loss"), Qt::gray);
        chart.addSeries(QStringLiteral("smooth"), QStringLiteral("smoothed"), Qt::blue, MetricChart::Axis::Left,
                        MetricChart::Style::Line, QStringLiteral("train"), 0.5);
        chart.show();
        for (int i = 1; i <= 500; ++i)
            chart.appendPoint(QStringLiteral("train"), i, 4.0 / i);
        // Nothing drawn yet: all 500 points wait for one timer.
        QCOMPARE(chart.drawnPointCount(QStringLiteral("train")), 0);
        QTRY_COMPARE(chart.drawnPointCount(QStringLiteral("train")), 500);
        QVERIFY2(chart.redrawCount() <= 2, qPrintable(QString::number(chart.redrawCount())));
        // EMA with factor 0.5: s1 = 4, s2 = 0.5*4 + 0.5*2 = 3, s3 = 0.5*3 + 0.5*4/3.
        const QVector<QPointF> s = chart.points(QStringLiteral("smooth"));
        QCOMPARE(s.size(), 500);
        QCOMPARE(s[0].y(), 4.0);
        QCOMPARE(s[1].y(), 3.0);
        QVERIFY(qAbs(s[2].y() - (1.5 + 2.0 / 3.0)) < 1e-12);
        // Non-finite values are dropped, not drawn as spikes.
        chart.appendPoint(QStringLiteral("train"), 501, std::nan(""));
        chart.flush();
        QCOMPARE(chart.drawnPointCount(QStringLiteral("train")), 500);
    }

    void replaceAndExport()
    {
        MetricChart chart(QStringLiteral("Perplexity"), QStringLiteral("perplexity"));
        chart.resize(500, 300);
        chart.addSeries(QStringLiteral("val"), QStringLiteral("validation"), Qt::red, MetricChart::Axis::Left,
                        MetricChart::Style::LineWithPoints);
        chart.setData(QStringLiteral("val"), { 10, 20, 30 }, { 30.0, 12.5, 9.0 });
        chart.flush();
        QCOMPARE(chart.drawnPointCount(QStringLiteral("val")), 3);
        QCOMPARE(chart.plot()->graph(0)->data()->at(1)->value, 12.5);
        QTemporaryDir tmp;
        const QString png = tmp.filePath(QStringLiteral("chart.png"));
        const QString pdf = tmp.filePath(QStringLiteral("chart.pdf"));
        QVERIFY(chart.exportTo(png, 500, 300));
        QVERIFY(chart.exportTo(pdf, 500, 300));
        QVERIFY(QFileInfo(png).size() > 1000);
        QVERIFY(QFileInfo(pdf).size() > 1000);
        QImage image(png);
        QCOMPARE(image.width(), 500);
        chart.clearData();
        chart.flush();
        QCOMPARE(chart.drawnPointCount(QStringLiteral("val")), 0);
    }
};

QTEST_MAIN(MetricChartTest)
#include "tst_metric_chart.moc"
