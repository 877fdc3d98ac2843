// The Review section's "Generate outputs" dialog: the base model and any runs' adapters
// answer the records of a split of workspace datasets (all of them or a seeded sample) in
// the background, with progress and cancel, into a review session: the GUI face of
// 'medtune-cli review generate' (core/review/generation_job).
#pragma once

#include "review/generation_job.h"

#include <QDialog>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace medtune {
class Workspace;
}

namespace medtune::ui {

class GenerationDialog : public QDialog
{
    Q_OBJECT
public:
    explicit GenerationDialog(Workspace &workspace, QWidget *parent = nullptr);
    ~GenerationDialog() override;

    /// The job the form describes now (not validated).
    GenerationJobSpec spec() const;
    /// Empty when the form describes a job that can start; else the first problem.
    QString validationMessage() const;

    void setModelDir(const QString &dir);
    /// Ticks a dataset (by name) for generation.
    void setDatasetChecked(const QString &name, bool checked);
    /// Ticks the system whose adapter is this folder (a run's adapter in the list), adding
    /// the folder when it is not listed.
    void addAdapter(const QString &adapterDir, const QString &systemName = {});
    void setBaseChecked(bool checked);
    void setLimit(int limit);
    void setMaxNewTokens(int tokens);
    void setSessionName(const QString &name);

    /// Starts the job (what the Generate button does); false when the form is invalid.
    bool startGeneration();
    bool isGenerating() const { return m_job != nullptr; }
    void cancelGeneration();
    /// After generationFinished(true): what the job stored.
    const GenerationJobResult &result() const { return m_result; }
    QString statusText() const;

Q_SIGNALS:
    void generationFinished(bool ok, qint64 sessionId);

private:
    void fillLists();
    void browseModel();
    void browseAdapter();
    void validate();
    void setBusy(bool busy);

    Workspace &m_workspace;
    QWidget *m_form;
    QLineEdit *m_modelDir;
    QCheckBox *m_base;
    QListWidget *m_adapters;
    QListWidget *m_datasets;
    QComboBox *m_split;
    QSpinBox *m_limit;
    QLineEdit *m_session;
    QCheckBox *m_blind;
    QComboBox *m_template;
    QSpinBox *m_maxNew;
    QSpinBox *m_batch;
    QDoubleSpinBox *m_temperature;
    QLabel *m_validation;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_generate;
    QPushButton *m_cancel;
    QPushButton *m_close;

    std::unique_ptr<GenerationJob> m_job;
    GenerationJobResult m_result;
    bool m_succeeded = false;
};

} // namespace medtune::ui
