// The Training page's "Export cluster launch" dialog: nodes, processes per node, threads
// per process and the shared workspace path turn the form's configuration into the run
// JSON, a torchrun command and a Slurm sbatch script (core/train/cluster_launch), shown
// with a short explanation and saved into a folder.
#pragma once

#include "train/training_spec.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace medtune::ui {

class ClusterLaunchDialog : public QDialog
{
    Q_OBJECT
public:
    ClusterLaunchDialog(const TrainingSpec &spec, const QString &workspace, QWidget *parent = nullptr);

    QString runJson() const;
    QString torchrunCommand() const;
    QString sbatchScript() const;
    /// Writes run.json, torchrun.sh and medtune-train.sbatch into dir; false with a message on failure.
    bool saveTo(const QString &dir, QString *error = nullptr) const;

private:
    void update();
    void save();

    TrainingSpec m_spec;
    QSpinBox *m_nodes;
    QSpinBox *m_processes;
    QSpinBox *m_threads;
    QLineEdit *m_workspace;
    QLineEdit *m_config;
    QLabel *m_explanation;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_json;
    QPlainTextEdit *m_torchrun;
    QPlainTextEdit *m_sbatch;
    QPushButton *m_save;
};

} // namespace medtune::ui
