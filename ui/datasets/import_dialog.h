// The import dialog of the Datasets page: choose files, see the detected format (and
// override it), map your own CSV/TSV/JSON columns to example fields with a live preview of
// the first records, import on a background thread with progress and cancel, then read the
// report with every skipped record's file:line and reason.
#pragma once

#include "data/data_format.h"
#include "data/dataset_importer.h"

#include <QDialog>
#include <QMap>
#include <memory>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace medtune {
class Workspace;
}

namespace medtune::ui {

class ImportJob;

class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kPreviewRecords = 8;

    explicit ImportDialog(Workspace &workspace, QWidget *parent = nullptr);
    ~ImportDialog() override;

    /// Chooses the files (what the file picker does) and refreshes detection and preview.
    void setFiles(const QStringList &paths);
    QStringList files() const { return m_files; }
    /// The format in effect (the detected one unless the user chose another).
    DataFormat format() const;
    void setFormat(DataFormat format);
    QString detectionText() const;
    /// Columns (or keys) of the first custom file; empty for the built-in formats.
    QStringList columns() const { return m_columns; }
    /// Maps an example field to a column ("" = automatic: the column of the same name).
    void setMapping(const QString &field, const QString &column);
    QMap<QString, QString> mapping() const;
    /// Overrides the split of every record of one of the chosen files ("train", "validation",
    /// "test"; empty: what the file name says), as the file's split box does.
    void setFileSplit(const QString &path, const QString &split);
    /// The split chosen for a file (empty: from its name) and what its name says.
    QString fileSplit(const QString &path) const;
    QString fileNameSplitText(const QString &path) const;
    /// The preview table (first records as they would import).
    QTableWidget *preview() const { return m_preview; }
    QString previewError() const;

    /// Starts the import in the background (what the Import button does).
    void startImport();
    void cancelImport();
    bool isImporting() const { return m_job != nullptr; }
    /// After importFinished: the result, or the error message.
    const std::optional<ImportResult> &result() const { return m_result; }
    QString errorMessage() const { return m_error; }
    /// The report shown after the import (counts and file:line reasons).
    QString reportText() const;

Q_SIGNALS:
    void importFinished(bool ok);

private:
    void browse();
    void refreshColumns();
    void refreshPreview();
    void rebuildMapping();
    void rebuildSplits();
    ImportOptions options() const;
    void showReport();
    void setBusy(bool busy);

    Workspace &m_workspace;
    QStringList m_files;
    QStringList m_columns;
    DataFormat m_detected = DataFormat::Auto;
    QString m_why;

    QLineEdit *m_fileEdit;
    QComboBox *m_formatCombo;
    QLabel *m_detectedLabel;
    QLineEdit *m_nameEdit;
    QComboBox *m_taskCombo;
    QGroupBox *m_mappingBox;
    QGridLayout *m_mappingGrid;
    QMap<QString, QComboBox *> m_mappingCombos;
    QGroupBox *m_splitBox;
    QTableWidget *m_splitTable;
    QTableWidget *m_preview;
    QLabel *m_previewStatus;
    QProgressBar *m_progress;
    QPlainTextEdit *m_report;
    QPushButton *m_importButton;
    QPushButton *m_cancelButton;
    QPushButton *m_closeButton;

    std::unique_ptr<ImportJob> m_job;
    std::optional<ImportResult> m_result;
    QString m_error;
};

} // namespace medtune::ui
