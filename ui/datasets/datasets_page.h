// The Datasets section: the workspace's datasets with their counts, the import dialog, a
// lazy record table with filters (text, split, task, label, source), a record's detail and
// statistics plotted with QCustomPlot (token lengths under a chosen tokenizer, labels,
// splits, truncation).
#pragma once

#include "data/dataset_store.h"

#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTimer;

namespace medtune {
class Workspace;
}

namespace medtune::ui {

class EmptyState;
class ImportDialog;
class RecordTableModel;
class TokenStatsJob;

class DatasetsPage : public QWidget
{
    Q_OBJECT
public:
    explicit DatasetsPage(Workspace &workspace, QWidget *parent = nullptr);
    ~DatasetsPage() override;

    /// Re-reads the workspace's datasets, keeping the selection where possible.
    void refresh();
    /// While a job fills the workspace (the demo's first start), the empty section says
    /// what is being prepared and shows `status`; an empty status ends that.
    void setPreparing(const QString &status);
    bool isPreparing() const { return !m_preparing.isEmpty(); }
    QList<DatasetInfo> datasets() const { return m_datasets; }
    void selectDataset(qint64 id);
    std::optional<DatasetInfo> currentDataset() const;
    /// A new import dialog (not shown); refresh() follows each import it finishes. The page
    /// owns it; the Import button runs it modally.
    ImportDialog *createImportDialog();

    RecordTableModel *recordModel() const { return m_model; }
    QTableView *recordTable() const { return m_table; }
    /// Shows a table row's record in the detail view.
    void showRecord(int row);
    QString detailText() const;

    /// Tokenizer model file for the token-length statistics (default: the demo model's).
    void setTokenizerPath(const QString &path);
    QString tokenizerPath() const;
    /// Tokenizes the current dataset in the background; statisticsReady() follows.
    void computeTokenStatistics();
    bool isComputingStatistics() const { return m_statsJob != nullptr; }
    QCustomPlot *promptLengthPlot() const { return m_promptPlot; }
    QCustomPlot *answerLengthPlot() const { return m_answerPlot; }
    QCustomPlot *labelPlot() const { return m_labelPlot; }
    QCustomPlot *splitPlot() const { return m_splitPlot; }
    QString truncationText() const;
    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    /// Datasets were imported or deleted.
    void datasetsChanged();
    /// The user asked to see a record in the Format section.
    void formatRequested(qint64 datasetId, qint64 recordIndex);
    void statisticsReady();

private:
    void datasetChanged();
    void applyFilter();
    void deleteCurrent();
    void runImportDialog();
    void browseTokenizer();
    void plotDatasetStatistics(const DatasetInfo &info);
    void plotTokenStatistics();
    void updateCountLabel();
    void updateEmptyState();

    Workspace &m_workspace;
    DatasetStore m_store;
    QList<DatasetInfo> m_datasets;

    QStackedWidget *m_stack;
    EmptyState *m_empty;
    QProgressBar *m_preparingBar;
    QLabel *m_preparingStatus;
    QString m_preparing;
    QListWidget *m_list;
    QPushButton *m_importButton;
    QPushButton *m_deleteButton;
    QTabWidget *m_tabs;

    QLineEdit *m_search;
    QComboBox *m_splitFilter;
    QComboBox *m_taskFilter;
    QComboBox *m_labelFilter;
    QComboBox *m_sourceFilter;
    QLabel *m_countLabel;
    QTimer *m_searchTimer;
    RecordTableModel *m_model;
    QTableView *m_table;
    QTextBrowser *m_detail;
    QPushButton *m_formatButton;

    QLineEdit *m_tokenizerEdit;
    QComboBox *m_templateCombo;
    QSpinBox *m_maxLength;
    QPushButton *m_computeButton;
    QProgressBar *m_statsProgress;
    QLabel *m_statsSummary;
    QLabel *m_truncationLabel;
    QCustomPlot *m_promptPlot;
    QCustomPlot *m_answerPlot;
    QCustomPlot *m_labelPlot;
    QCustomPlot *m_splitPlot;
    std::unique_ptr<TokenStatsJob> m_statsJob;
};

} // namespace medtune::ui
