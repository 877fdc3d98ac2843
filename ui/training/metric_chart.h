// A live chart of metric series over training steps (QCustomPlot): points are buffered
// and drawn by one coalescing timer (about 25 frames a second at most), so a fast
// producer never floods the event loop. Hover shows values; wheel zooms, drag pans;
// export to PNG or PDF.
#pragma once

#include <QColor>
#include <QHash>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QTimer;

namespace medtune::ui {

class MetricChart : public QWidget
{
    Q_OBJECT
public:
    enum class Axis { Left, Right };
    enum class Style { Line, LineWithPoints, Points };

    explicit MetricChart(const QString &title, const QString &leftLabel, QWidget *parent = nullptr);

    void setRightAxisLabel(const QString &label);
    void setLogScale(bool on);
    /// Adds a named series. smoothingOf names a series whose exponential moving average
    /// (factor `smoothing`) this series shows, updated as points arrive.
    void addSeries(const QString &id, const QString &label, const QColor &color, Axis axis = Axis::Left,
                   Style style = Style::Line, const QString &smoothingOf = {}, double smoothing = 0.9);
    bool hasSeries(const QString &id) const;
    void removeSeries(const QString &id);
    /// Appends a point; drawn at the next coalesced redraw.
    void appendPoint(const QString &id, double step, double value);
    /// Replaces a series' data (for finished runs).
    void setData(const QString &id, const QVector<double> &steps, const QVector<double> &values);
    void clearData();

    /// The points a series holds, including ones not drawn yet (for tests and export).
    QVector<QPointF> points(const QString &id) const;
    /// Drawn (not just buffered) point count of a series.
    int drawnPointCount(const QString &id) const;
    int redrawCount() const { return m_redraws; }
    /// Draws buffered points now.
    void flush();
    /// Writes the chart as PNG or PDF (by suffix); returns false on failure.
    bool exportTo(const QString &path, int width = 0, int height = 0);
    QCustomPlot *plot() const { return m_plot; }

private:
    struct Series
    {
        QCPGraph *graph = nullptr;
        QVector<QPointF> pending;
        QVector<QPointF> all;
        QString smoothingOf;
        double smoothing = 0.9;
        double ema = 0;
        bool hasEma = false;
    };

    void scheduleRedraw();
    void redraw();
    void showValueAt(const QPoint &pos);

    QCustomPlot *m_plot;
    QTimer *m_timer;
    QHash<QString, Series> m_series;
    QStringList m_order;
    int m_redraws = 0;
    bool m_userMovedView = false;
};

} // namespace medtune::ui
