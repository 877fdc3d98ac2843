#include "metric_chart.h"

#include "qcustomplot_include.h"

#include <QMouseEvent>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>

namespace medtune::ui {

MetricChart::MetricChart(const QString &title, const QString &leftLabel, QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_timer(new QTimer(this))
{
    m_plot->setObjectName(QStringLiteral("plot"));
    m_plot->setAccessibleName(title);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(m_plot, title, QFont(font().family(), font().pointSize() + 1, QFont::Bold)));
    m_plot->xAxis->setLabel(tr("Step"));
    m_plot->yAxis->setLabel(leftLabel);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
    m_plot->setMinimumHeight(160);
    // Follow the palette so the chart reads in light and dark themes.
    const QPalette pal = palette();
    m_plot->setBackground(pal.color(QPalette::Base));
    for (QCPAxis *axis : { m_plot->xAxis, m_plot->yAxis, m_plot->yAxis2 }) {
        axis->setBasePen(QPen(pal.color(QPalette::Text)));
        axis->setTickPen(QPen(pal.color(QPalette::Text)));
        axis->setSubTickPen(QPen(pal.color(QPalette::Text)));
        axis->setTickLabelColor(pal.color(QPalette::Text));
        axis->setLabelColor(pal.color(QPalette::Text));
    }
    if (auto *titleElement = qobject_cast<QCPTextElement *>(m_plot->plotLayout()->element(0, 0)))
        titleElement->setTextColor(pal.color(QPalette::Text));
    QColor legendBackground = pal.color(QPalette::Base);
    legendBackground.setAlpha(215);
    m_plot->legend->setBrush(legendBackground);
    m_plot->legend->setTextColor(pal.color(QPalette::Text));
    m_plot->legend->setBorderPen(QPen(pal.color(QPalette::Mid)));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_timer->setSingleShot(true);
    m_timer->setInterval(40);
    connect(m_timer, &QTimer::timeout, this, &MetricChart::redraw);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *e) { showValueAt(e->pos()); });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userMovedView = true; });
    connect(m_plot, &QCustomPlot::mousePress, this, [this] { m_userMovedView = true; });
    // Double click returns to following the data.
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] {
        m_userMovedView = false;
        m_plot->rescaleAxes();
        m_plot->replot();
    });
}

void MetricChart::setRightAxisLabel(const QString &label)
{
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(label);
}

void MetricChart::setLogScale(bool on)
{
    m_plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
}

void MetricChart::addSeries(const QString &id, const QString &label, const QColor &color, Axis axis, Style style,
                            const QString &smoothingOf, double smoothing)
{
    removeSeries(id);
    Series s;
    s.graph = m_plot->addGraph(m_plot->xAxis, axis == Axis::Left ? m_plot->yAxis : m_plot->yAxis2);
    if (axis == Axis::Right)
        m_plot->yAxis2->setVisible(true);
    s.graph->setName(label);
    QPen pen(color);
    pen.setWidthF(smoothingOf.isEmpty() ? 1.2 : 2.2);
    s.graph->setPen(pen);
    if (style == Style::Points) {
        s.graph->setLineStyle(QCPGraph::lsNone);
        s.graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, 6));
    } else if (style == Style::LineWithPoints) {
        s.graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, 6));
    }
    s.smoothingOf = smoothingOf;
    s.smoothing = smoothing;
    m_series.insert(id, s);
    m_order << id;
}

bool MetricChart::hasSeries(const QString &id) const
{
    return m_series.contains(id);
}

void MetricChart::removeSeries(const QString &id)
{
    auto it = m_series.find(id);
    if (it == m_series.end())
        return;
    m_plot->removeGraph(it->graph);
    m_series.erase(it);
    m_order.removeAll(id);
}

void MetricChart::appendPoint(const QString &id, double step, double value)
{
    auto it = m_series.find(id);
    if (it == m_series.end() || !std::isfinite(value))
        return;
    it->pending.append(QPointF(step, value));
    it->all.append(QPointF(step, value));
    // Derived smoothed series follow their source.
    for (auto s = m_series.begin(); s != m_series.end(); ++s) {
        if (s->smoothingOf != id)
            continue;
        s->ema = s->hasEma ? s->smoothing * s->ema + (1 - s->smoothing) * value : value;
        s->hasEma = true;
        s->pending.append(QPointF(step, s->ema));
        s->all.append(QPointF(step, s->ema));
    }
    scheduleRedraw();
}

void MetricChart::setData(const QString &id, const QVector<double> &steps, const QVector<double> &values)
{
    auto it = m_series.find(id);
    if (it == m_series.end())
        return;
    it->pending.clear();
    it->all.clear();
    it->hasEma = false;
    for (qsizetype i = 0; i < std::min(steps.size(), values.size()); ++i)
        it->all.append(QPointF(steps[i], values[i]));
    it->graph->setData(steps, values, true);
    scheduleRedraw();
}

void MetricChart::clearData()
{
    for (auto &s : m_series) {
        s.pending.clear();
        s.all.clear();
        s.hasEma = false;
        s.graph->data()->clear();
    }
    m_userMovedView = false;
    scheduleRedraw();
}

QVector<QPointF> MetricChart::points(const QString &id) const
{
    return m_series.value(id).all;
}

int MetricChart::drawnPointCount(const QString &id) const
{
    const auto it = m_series.find(id);
    return it == m_series.end() ? 0 : it->graph->dataCount();
}

void MetricChart::scheduleRedraw()
{
    if (!m_timer->isActive())
        m_timer->start();
}

void MetricChart::flush()
{
    m_timer->stop();
    redraw();
}

void MetricChart::redraw()
{
    for (auto &s : m_series) {
        for (const QPointF &p : std::as_const(s.pending))
            s.graph->addData(p.x(), p.y());
        s.pending.clear();
    }
    if (!m_userMovedView)
        m_plot->rescaleAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    ++m_redraws;
}

void MetricChart::showValueAt(const QPoint &pos)
{
    const double x = m_plot->xAxis->pixelToCoord(pos.x());
    QStringList lines;
    for (const QString &id : std::as_const(m_order)) {
        const Series &s = m_series[id];
        if (s.graph->dataCount() == 0)
            continue;
        auto it = s.graph->data()->findBegin(x, true);
        if (it == s.graph->data()->constEnd())
            continue;
        // The nearer of the neighbours.
        auto best = it;
        if (auto next = it + 1; next != s.graph->data()->constEnd() && std::abs(next->key - x) < std::abs(it->key - x))
            best = next;
        lines << QStringLiteral("%1 @ %2: %3").arg(s.graph->name()).arg(best->key).arg(best->value, 0, 'g', 5);
    }
    if (lines.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(m_plot->mapToGlobal(pos), lines.join(u'\n'), m_plot);
}

bool MetricChart::exportTo(const QString &path, int width, int height)
{
    flush();
    if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return m_plot->savePdf(path, width, height);
    return m_plot->savePng(path, width, height);
}

} // namespace medtune::ui
