// The workspace's training runs as a table: name, status, dates and final metrics.
#pragma once

#include "train/run_store.h"

#include <QAbstractTableModel>

namespace medtune::ui {

class RunListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Status, Created, Steps, ValidationLoss, TestLoss, TestPerplexity, ColumnCount };

    explicit RunListModel(RunStore &store, QObject *parent = nullptr);

    /// Re-reads the runs from the workspace.
    void refresh();
    const RunRecord &run(int row) const { return m_runs.at(row); }
    int rowOf(qint64 runId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString statusText(const QString &status);

private:
    RunStore &m_store;
    QList<RunRecord> m_runs;
};

} // namespace medtune::ui
