// The Playground section: a prompt of your own, or a record of a dataset's test split,
// answered by the base model and by a chosen adapter side by side, streamed token by
// token from a background job, with the generation settings and the reference answer.
#pragma once

#include <QWidget>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace medtune {
class LlamaModel;
class Workspace;
struct Example;
} // namespace medtune

namespace medtune::ui {

class PlaygroundJob;

class PlaygroundPage : public QWidget
{
    Q_OBJECT
public:
    explicit PlaygroundPage(Workspace &workspace, QWidget *parent = nullptr);
    ~PlaygroundPage() override;

    bool isGenerating() const;
    QString baseOutput() const;
    QString adapterOutput() const;
    QString referenceText() const;
    /// Selects the adapter entry whose folder is dir (adds it when not listed).
    void setAdapterDir(const QString &dir);
    void setModelDir(const QString &dir);
    void setPrompt(const QString &prompt);

public Q_SLOTS:
    /// Re-reads runs, adapters, datasets and templates.
    void refresh();
    void generate();
    void cancel();

Q_SIGNALS:
    /// One line for the status bar; empty when idle.
    void jobStatusChanged(const QString &status);
    void generationFinished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void loadTestRecords();
    void showRecord();
    bool currentExample(Example &example) const;
    void updateControls();

    Workspace &m_workspace;
    std::unique_ptr<PlaygroundJob> m_job;
    std::shared_ptr<LlamaModel> m_model; ///< kept loaded between generations
    bool m_active = false; ///< from Generate until ended() is handled
    QList<qint64> m_testRows; ///< record indices of the chosen dataset's test split

    QLineEdit *m_modelDir;
    QComboBox *m_adapter;
    QComboBox *m_template;
    QRadioButton *m_usePrompt;
    QRadioButton *m_useRecord;
    QPlainTextEdit *m_prompt;
    QComboBox *m_dataset;
    QSpinBox *m_record;
    QLabel *m_recordInfo;
    QCheckBox *m_greedy;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_topK;
    QDoubleSpinBox *m_topP;
    QDoubleSpinBox *m_repetition;
    QSpinBox *m_maxNew;
    QSpinBox *m_seed;
    QPushButton *m_generate;
    QPushButton *m_cancel;
    QLabel *m_status;
    QPlainTextEdit *m_promptShown;
    QPlainTextEdit *m_base;
    QPlainTextEdit *m_adapted;
    QPlainTextEdit *m_reference;
    QLabel *m_baseTitle;
    QLabel *m_adaptedTitle;
    QWidget *m_referenceBox;
};

} // namespace medtune::ui
