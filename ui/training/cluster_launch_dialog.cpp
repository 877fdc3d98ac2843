#include "training/cluster_launch_dialog.h"

#include "train/cluster_launch.h"
#include "util/compute_threads.h"
#include "util/error.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace medtune::ui {
namespace {

QPlainTextEdit *codeView(QWidget *parent, const QString &name)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace

ClusterLaunchDialog::ClusterLaunchDialog(const TrainingSpec &spec, const QString &workspace, QWidget *parent)
    : QDialog(parent)
    , m_spec(spec)
    , m_nodes(new QSpinBox(this))
    , m_processes(new QSpinBox(this))
    , m_threads(new QSpinBox(this))
    , m_workspace(new QLineEdit(workspace, this))
    , m_config(new QLineEdit(QStringLiteral("run.json"), this))
    , m_explanation(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_json(codeView(this, QStringLiteral("runJson")))
    , m_torchrun(codeView(this, QStringLiteral("torchrunCommand")))
    , m_sbatch(codeView(this, QStringLiteral("sbatchScript")))
    , m_save(new QPushButton(tr("&Save to folder..."), this))
{
    setObjectName(QStringLiteral("ClusterLaunchDialog"));
    setWindowTitle(tr("Export cluster launch"));
    m_nodes->setObjectName(QStringLiteral("nodes"));
    m_processes->setObjectName(QStringLiteral("processesPerNode"));
    m_threads->setObjectName(QStringLiteral("threadsPerProcess"));
    m_workspace->setObjectName(QStringLiteral("sharedWorkspace"));
    m_nodes->setRange(1, 4096);
    m_processes->setRange(1, 512);
    m_threads->setRange(1, 1024);
    m_processes->setValue(2);
    m_threads->setValue(std::max(1, availableCores() / 2));
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Nodes (machines):"), m_nodes);
    form->addRow(tr("&Processes per node:"), m_processes);
    form->addRow(tr("&Threads per process:"), m_threads);
    form->addRow(tr("Shared &workspace path:"), m_workspace);
    form->addRow(tr("Run &JSON path on the nodes:"), m_config);
    m_tabs->addTab(m_torchrun, tr("torchrun command"));
    m_tabs->addTab(m_sbatch, tr("Slurm sbatch script"));
    m_tabs->addTab(m_json, tr("Run JSON"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_save, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &ClusterLaunchDialog::save);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_explanation);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);

    for (QSpinBox *box : { m_nodes, m_processes, m_threads })
        connect(box, &QSpinBox::valueChanged, this, &ClusterLaunchDialog::update);
    connect(m_workspace, &QLineEdit::textChanged, this, &ClusterLaunchDialog::update);
    connect(m_config, &QLineEdit::textChanged, this, &ClusterLaunchDialog::update);
    resize(760, 560);
    update();
}

void ClusterLaunchDialog::update()
{
    ClusterLaunch launch;
    launch.nodes = m_nodes->value();
    launch.processesPerNode = m_processes->value();
    launch.threadsPerProcess = m_threads->value();
    launch.workspace = m_workspace->text().trimmed();
    launch.configPath = m_config->text().trimmed();
    try {
        launch.validate();
    } catch (const Error &e) {
        m_explanation->setText(e.fullMessage());
        m_save->setEnabled(false);
        m_torchrun->clear();
        m_sbatch->clear();
        return;
    }
    m_save->setEnabled(true);
    const int processes = launch.nodes * launch.processesPerNode;
    m_explanation->setText(
        tr("The same run as one data-parallel job of %1 processes (%2 node(s) x %3), each with %4 thread(s). "
           "Each optimizer step trains %5 sequences in all (%1 processes x micro-batch %6 x accumulation %7): "
           "the accumulation in the run JSON counts per process. Rank 0 records the run in the workspace, so it "
           "appears under Runs; every node must see the workspace and the model folder at the same paths. "
           "Run the torchrun command on each node (NODE_RANK 0, 1, ... and MASTER_ADDR = the first node), or "
           "submit the sbatch script to Slurm. Debian 12's torchrun needs the --redirects, --tee and --log_dir "
           "options shown. See docs/distributed.md.")
            .arg(processes)
            .arg(launch.nodes)
            .arg(launch.processesPerNode)
            .arg(launch.threadsPerProcess)
            .arg(launch.globalBatch(m_spec))
            .arg(m_spec.trainer.microBatchSize)
            .arg(m_spec.trainer.gradientAccumulation));
    m_json->setPlainText(QString::fromUtf8(ClusterLaunch::runJson(m_spec)));
    m_torchrun->setPlainText(launch.torchrunCommand());
    m_sbatch->setPlainText(launch.sbatchScript());
}

QString ClusterLaunchDialog::runJson() const
{
    return m_json->toPlainText();
}

QString ClusterLaunchDialog::torchrunCommand() const
{
    return m_torchrun->toPlainText();
}

QString ClusterLaunchDialog::sbatchScript() const
{
    return m_sbatch->toPlainText();
}

bool ClusterLaunchDialog::saveTo(const QString &dir, QString *error) const
{
    const QList<std::pair<QString, QString>> files {
        { QStringLiteral("run.json"), runJson() },
        { QStringLiteral("torchrun.sh"), QStringLiteral("#!/bin/sh\n") + torchrunCommand() + u'\n' },
        { QStringLiteral("medtune-train.sbatch"), sbatchScript() },
    };
    for (const auto &[name, text] : files) {
        QSaveFile f(QDir(dir).filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit()) {
            if (error)
                *error = tr("Cannot write %1: %2").arg(f.fileName(), f.errorString());
            return false;
        }
    }
    return true;
}

void ClusterLaunchDialog::save()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the cluster launch"));
    if (dir.isEmpty())
        return;
    QString error;
    if (!saveTo(dir, &error))
        QMessageBox::warning(this, tr("Export cluster launch"), error);
}

} // namespace medtune::ui
