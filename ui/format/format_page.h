// The Format section: one record of a dataset as training sees it under a template, a
// maximum length and a tokenizer: the rendered prompt and target, every token coloured by
// trained vs masked (-100), the prompt/answer/total counts and the cut applied; and a
// template editor that validates as you type and saves to the workspace's templates.
#pragma once

#include "data/dataset_store.h"
#include "text/instruction_template.h"
#include "text/prompt_formatter.h"

#include <QWidget>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace medtune {
class DatasetFile;
class Tokenizer;
class Workspace;
} // namespace medtune

namespace medtune::ui {

class TokenStrip;

class FormatPage : public QWidget
{
    Q_OBJECT
public:
    explicit FormatPage(Workspace &workspace, QWidget *parent = nullptr);
    ~FormatPage() override;

    /// Re-reads the workspace's datasets (after an import or a delete).
    void refreshDatasets();
    /// Takes the demo model's tokenizer when none is chosen and the workspace has one now.
    void refreshTokenizer();
    /// Shows record recordIndex (0-based) of a dataset.
    void showRecord(qint64 datasetId, qint64 recordIndex);
    std::optional<qint64> currentDatasetId() const;
    qint64 currentRecordIndex() const;

    void setTokenizerPath(const QString &path);
    QString tokenizerPath() const;
    /// Selects a stored or built-in template by name and loads it into the editor.
    void selectTemplate(const QString &name);
    void setMaxLength(int tokens);
    void setCut(LengthPolicy::Cut cut);

    /// The template as edited now (may be invalid: see validationMessage()).
    InstructionTemplate editedTemplate() const;
    /// Empty when the edited template is valid; else why not.
    QString validationMessage() const;
    /// Edits the template's prompt text (what typing in the editor does).
    void setTemplatePrompt(const QString &prompt);
    void setTemplateName(const QString &name);
    /// Saves the edited template to the workspace (false, with the reason shown, when invalid).
    bool saveTemplate();

    /// What the preview shows: the record formatted under the current settings.
    const std::optional<FormattedExample> &formatted() const { return m_formatted; }
    const std::optional<Example> &example() const { return m_example; }
    TokenStrip *tokenStrip() const { return m_strip; }
    QString promptText() const;
    QString targetText() const;
    QString countsText() const;
    /// Why nothing is shown (no dataset, no tokenizer...), empty when a record is shown.
    QString problemText() const;

private:
    void datasetChosen();
    void templateChosen();
    void editorChanged();
    void render();
    void showProblem(const QString &text);
    void browseTokenizer();
    std::shared_ptr<const Tokenizer> tokenizer();
    void fillTemplates(const QString &select);

    Workspace &m_workspace;
    DatasetStore m_store;
    QList<DatasetInfo> m_datasets;
    std::unique_ptr<DatasetFile> m_file;
    std::optional<Example> m_example;
    std::optional<FormattedExample> m_formatted;
    QString m_loadedTokenizerPath;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    QString m_tokenizerError;
    bool m_loadingTemplate = false;

    QComboBox *m_datasetCombo;
    QSpinBox *m_recordSpin;
    QLabel *m_recordInfo;
    QComboBox *m_templateCombo;
    QSpinBox *m_maxLength;
    QComboBox *m_cutCombo;
    QLineEdit *m_tokenizerEdit;

    QStackedWidget *m_stack;
    QLabel *m_problem;
    QPlainTextEdit *m_promptView;
    QPlainTextEdit *m_targetView;
    QLabel *m_counts;
    TokenStrip *m_strip;
    QLabel *m_tokenInfo;

    QLineEdit *m_nameEdit;
    QLineEdit *m_systemEdit;
    QPlainTextEdit *m_promptEdit;
    QLineEdit *m_separatorEdit;
    QLineEdit *m_contextLabelEdit;
    QLineEdit *m_questionLabelEdit;
    QLineEdit *m_documentLabelEdit;
    QLabel *m_validation;
    QPushButton *m_saveButton;
};

} // namespace medtune::ui
