// The Training section: a form for every setting of a LoRA run with inline validation,
// Start/Pause/Resume/Stop, live coalesced charts (loss, perplexity, learning rate and
// throughput), progress with ETA, a log and the configuration actually running. The run
// itself is a TrainingJob on its own thread; the page measures how long the GUI thread
// ever stalls while a run is going.
#pragma once

#include <QElapsedTimer>
#include <QWidget>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace medtune {
class TrainingJob;
class Workspace;
struct TrainingSpec;
struct TrainingProgress;
struct EvaluationPoint;
} // namespace medtune

namespace medtune::ui {

class MetricChart;

class TrainingPage : public QWidget
{
    Q_OBJECT
public:
    explicit TrainingPage(Workspace &workspace, QWidget *parent = nullptr);
    ~TrainingPage() override;

    /// The run the form describes (not validated).
    TrainingSpec spec() const;
    /// Empty when the form is valid, else the reason Start is disabled.
    QString validationMessage() const { return m_validationText; }
    /// From Start until the page has handled the end of the run.
    bool isRunning() const;
    /// The id of the run shown (0 before the first start).
    qint64 currentRunId() const { return m_runId; }

    MetricChart *lossChart() const { return m_lossChart; }
    MetricChart *perplexityChart() const { return m_perplexityChart; }
    MetricChart *rateChart() const { return m_rateChart; }
    /// The longest gap (ms) between ticks of a 10 ms timer on the GUI thread while a run
    /// was going, over every run of this page.
    double longestStallMs() const { return m_longestStallMs; }

public Q_SLOTS:
    /// Re-reads the workspace's datasets and templates (keeps the current choices).
    void refreshDatasets();
    /// Continues a stopped run from its last checkpoint.
    void resumeRun(qint64 runId);
    void start();
    /// Shows the current configuration as a cluster launch (run JSON, torchrun, sbatch).
    void exportClusterLaunch();
    void pause();
    void resume();
    void stop();

Q_SIGNALS:
    /// A run was created, or ended: the runs list should be re-read.
    void runsChanged();
    /// One line on the job for the status bar; empty when no run is going.
    void jobStatusChanged(const QString &status);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createForm();
    void validateForm();
    void startJob(std::unique_ptr<TrainingJob> job);
    void onStep(const TrainingProgress &p);
    void onEvaluated(const EvaluationPoint &p);
    void onEnded();
    void updateButtons();
    void appendLog(const QString &line);
    void resetCharts();
    void exportChart(MetricChart *chart);

    Workspace &m_workspace;
    std::unique_ptr<TrainingJob> m_job;
    qint64 m_runId = 0;
    bool m_active = false; ///< from start until the job's ended() has been handled
    QString m_validationText;

    // form
    QLineEdit *m_name;
    QLineEdit *m_modelDir;
    QTableWidget *m_datasets;
    QComboBox *m_template;
    QSpinBox *m_maxTokens;
    QComboBox *m_cut;
    QSpinBox *m_loraR;
    QDoubleSpinBox *m_loraAlpha;
    QDoubleSpinBox *m_loraDropout;
    QList<QCheckBox *> m_targets;
    QDoubleSpinBox *m_learningRate;
    QDoubleSpinBox *m_weightDecay;
    QComboBox *m_schedule;
    QDoubleSpinBox *m_warmupRatio;
    QSpinBox *m_microBatch;
    QSpinBox *m_accumulation;
    QDoubleSpinBox *m_epochs;
    QSpinBox *m_maxSteps;
    QSpinBox *m_evalEvery;
    QSpinBox *m_checkpointEvery;
    QSpinBox *m_seed;
    QSpinBox *m_threads;
    QComboBox *m_dtype;
    QComboBox *m_checkpointing;
    QComboBox *m_device;

    // controls and output
    QLabel *m_validation;
    QPushButton *m_start;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QPushButton *m_stop;
    QPushButton *m_export;
    QProgressBar *m_progress;
    QLabel *m_eta;
    MetricChart *m_lossChart;
    MetricChart *m_perplexityChart;
    MetricChart *m_rateChart;
    QPlainTextEdit *m_log;
    QPlainTextEdit *m_config;

    // GUI-thread stall probe
    QTimer *m_probe;
    QElapsedTimer m_probeClock;
    qint64 m_lastTick = -1;
    double m_longestStallMs = 0;
};

} // namespace medtune::ui
