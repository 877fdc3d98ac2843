// The Runs section: every training run of the workspace with status and final metrics;
// select several to overlay their curves, compare two configurations, resume, open the
// folder, delete.
#pragma once

#include <QWidget>
#include <memory>

class QStackedWidget;
class QTableView;
class QPushButton;
class QLabel;

namespace medtune {
class RunStore;
class Workspace;
} // namespace medtune

namespace medtune::ui {

class MetricChart;
class RunListModel;

class RunsPage : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPage(Workspace &workspace, QWidget *parent = nullptr);
    ~RunsPage() override;

    /// Re-reads runs (after a run starts, ends or is deleted).
    void refresh();
    /// Selects runs by id (replacing the selection).
    void selectRuns(const QList<qint64> &ids);
    QList<qint64> selectedRuns() const;
    MetricChart *trainingChart() const { return m_trainChart; }
    MetricChart *validationChart() const { return m_validationChart; }
    RunListModel *model() const { return m_model; }

Q_SIGNALS:
    void resumeRequested(qint64 runId);

private:
    void updateSelection();
    void compareSelected();
    void deleteSelected();
    void openFolder();

    std::unique_ptr<RunStore> m_store;
    RunListModel *m_model;
    QStackedWidget *m_stack;
    QTableView *m_table;
    MetricChart *m_trainChart;
    MetricChart *m_validationChart;
    QPushButton *m_compare;
    QPushButton *m_resume;
    QPushButton *m_open;
    QPushButton *m_delete;
    QLabel *m_details;
};

} // namespace medtune::ui
