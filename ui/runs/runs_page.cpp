#include "runs_page.h"

#include "empty_state.h"
#include "run_list_model.h"
#include "train/run_store.h"
#include "training/metric_chart.h"
#include "util/error.h"
#include "util/json_diff.h"
#include "workspace/workspace.h"

#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace medtune::ui {
namespace {

const QList<QColor> kRunColours
    = { QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
        QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(23, 190, 207) };

} // namespace

RunsPage::RunsPage(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_store(std::make_unique<RunStore>(workspace))
    , m_model(new RunListModel(*m_store, this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(this))
    , m_trainChart(new MetricChart(tr("Training loss"), tr("loss"), this))
    , m_validationChart(new MetricChart(tr("Validation loss"), tr("loss"), this))
    , m_compare(new QPushButton(tr("&Compare configurations"), this))
    , m_resume(new QPushButton(tr("&Resume"), this))
    , m_open(new QPushButton(tr("&Open folder"), this))
    , m_delete(new QPushButton(tr("&Delete..."), this))
    , m_details(new QLabel(this))
{
    setObjectName(QStringLiteral("RunsPage"));
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->horizontalHeader()->setSectionResizeMode(RunListModel::Name, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setAccessibleName(tr("Training runs"));

    m_compare->setToolTip(tr("Show the settings in which two selected runs differ"));
    m_resume->setToolTip(tr("Continue a stopped or interrupted run from its last checkpoint"));
    m_delete->setToolTip(tr("Delete the selected runs with their checkpoints"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_compare);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_open);
    buttons->addStretch(1);
    buttons->addWidget(m_delete);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_table);
    topLayout->addLayout(buttons);
    topLayout->addWidget(m_details);

    auto *charts = new QWidget(this);
    auto *chartLayout = new QHBoxLayout(charts);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_trainChart);
    chartLayout->addWidget(m_validationChart);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(charts);
    splitter->setStretchFactor(1, 1);

    auto *empty = new EmptyState(QStringLiteral(":/icons/runs.svg"), tr("Runs"),
                                 tr("No training runs in this workspace yet. Runs you start in Training, or with "
                                    "'medtune-cli train', appear here with their status and metrics, ready to "
                                    "compare and resume."),
                                 this);
    m_stack->addWidget(empty);
    m_stack->addWidget(splitter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPage::updateSelection);
    connect(m_compare, &QPushButton::clicked, this, &RunsPage::compareSelected);
    connect(m_delete, &QPushButton::clicked, this, &RunsPage::deleteSelected);
    connect(m_open, &QPushButton::clicked, this, &RunsPage::openFolder);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        const auto ids = selectedRuns();
        if (ids.size() == 1)
            Q_EMIT resumeRequested(ids.first());
    });
    refresh();
}

RunsPage::~RunsPage() = default;

void RunsPage::refresh()
{
    const QList<qint64> keep = selectedRuns();
    m_model->refresh();
    m_stack->setCurrentIndex(m_model->rowCount() > 0 ? 1 : 0);
    m_table->resizeColumnsToContents();
    selectRuns(keep);
    updateSelection();
}

QList<qint64> RunsPage::selectedRuns() const
{
    QList<qint64> ids;
    for (const QModelIndex &row : m_table->selectionModel()->selectedRows())
        ids << m_model->run(row.row()).id;
    std::sort(ids.begin(), ids.end());
    return ids;
}

void RunsPage::selectRuns(const QList<qint64> &ids)
{
    QItemSelection selection;
    for (qint64 id : ids) {
        const int row = m_model->rowOf(id);
        if (row >= 0)
            selection.select(m_model->index(row, 0), m_model->index(row, RunListModel::ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void RunsPage::updateSelection()
{
    const QList<qint64> ids = selectedRuns();
    m_compare->setEnabled(ids.size() == 2);
    bool resumable = false;
    if (ids.size() == 1) {
        const RunRecord &r = m_model->run(m_model->rowOf(ids.first()));
        resumable = r.status == QLatin1String("stopped") || r.status == QLatin1String("interrupted")
            || r.status == QLatin1String("failed");
        m_details->setText(r.error.isEmpty() ? tr("Folder: %1").arg(r.outputDir) : r.error);
    } else {
        m_details->setText(ids.isEmpty() ? tr("Select runs to see their curves; select two to compare their settings.")
                                         : tr("%n runs selected", nullptr, int(ids.size())));
    }
    m_resume->setEnabled(resumable);
    m_open->setEnabled(ids.size() == 1);
    m_delete->setEnabled(!ids.isEmpty());

    // Overlay the curves of the selected runs, one colour per run.
    for (MetricChart *chart : { m_trainChart, m_validationChart })
        for (const QString &s : chart->property("series").toStringList())
            chart->removeSeries(s);
    QStringList trainSeries, validationSeries;
    for (int i = 0; i < ids.size(); ++i) {
        const RunRecord &r = m_model->run(m_model->rowOf(ids[i]));
        const QColor colour = kRunColours[i % kRunColours.size()];
        const auto fill = [&](MetricChart *chart, const QString &split, QStringList &names) {
            const QString series = QStringLiteral("run-%1").arg(r.id);
            chart->addSeries(series, r.name, colour, MetricChart::Axis::Left,
                             split == QLatin1String("train") ? MetricChart::Style::Line
                                                             : MetricChart::Style::LineWithPoints);
            QVector<double> steps, values;
            for (const MetricPoint &p : m_store->metrics(r.id, split, QStringLiteral("loss"))) {
                steps << p.step;
                values << p.value;
            }
            chart->setData(series, steps, values);
            names << series;
        };
        fill(m_trainChart, QStringLiteral("train"), trainSeries);
        fill(m_validationChart, QStringLiteral("validation"), validationSeries);
    }
    m_trainChart->setProperty("series", trainSeries);
    m_validationChart->setProperty("series", validationSeries);
    m_trainChart->flush();
    m_validationChart->flush();
}

void RunsPage::compareSelected()
{
    const QList<qint64> ids = selectedRuns();
    if (ids.size() != 2)
        return;
    const RunRecord a = m_store->get(ids[0]);
    const RunRecord b = m_store->get(ids[1]);
    const QList<JsonDifference> diff = diffJson(a.config, b.config);

    QDialog dialog(this);
    dialog.setWindowTitle(tr("Settings of %1 and %2").arg(a.name, b.name));
    auto *table = new QTableWidget(int(diff.size()), 3, &dialog);
    table->setObjectName(QStringLiteral("configDiff"));
    table->setHorizontalHeaderLabels({ tr("Setting"), a.name, b.name });
    for (int i = 0; i < diff.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(diff[i].path));
        table->setItem(i, 1, new QTableWidgetItem(diff[i].left.isEmpty() ? tr("(not set)") : diff[i].left));
        table->setItem(i, 2, new QTableWidgetItem(diff[i].right.isEmpty() ? tr("(not set)") : diff[i].right));
    }
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *note = new QLabel(diff.isEmpty() ? tr("The two runs used identical settings.")
                                           : tr("%n settings differ.", nullptr, int(diff.size())),
                            &dialog);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(note);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(720, 420);
    dialog.exec();
}

void RunsPage::deleteSelected()
{
    const QList<qint64> ids = selectedRuns();
    if (ids.isEmpty())
        return;
    if (QMessageBox::question(this, tr("Delete runs"),
                              tr("Delete %n run(s) with their checkpoints and adapters? This cannot be undone.",
                                 nullptr, int(ids.size())))
        != QMessageBox::Yes)
        return;
    QStringList problems;
    for (qint64 id : ids) {
        try {
            m_store->remove(id);
        } catch (const Error &e) {
            problems << e.fullMessage();
        }
    }
    refresh();
    if (!problems.isEmpty())
        QMessageBox::warning(this, tr("Delete runs"), problems.join(u'\n'));
}

void RunsPage::openFolder()
{
    const QList<qint64> ids = selectedRuns();
    if (ids.size() == 1)
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_model->run(m_model->rowOf(ids.first())).outputDir));
}

} // namespace medtune::ui
