#include "about_dialog.h"

#include "qcustomplot_include.h"
#include "text/tokenizer.h"
#include "util/app_settings.h"
#include "util/compute_devices.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/runtime_versions.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVBoxLayout>

namespace medtune::ui {
namespace {

QString sqliteVersion(Workspace *workspace)
{
    if (workspace) {
        QSqlQuery q(workspace->database());
        if (q.exec(QStringLiteral("SELECT sqlite_version()")) && q.next())
            return q.value(0).toString();
    }
    const QString name = QStringLiteral("medtune-about");
    QString version;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT sqlite_version()")) && q.next())
                version = q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return version;
}

} // namespace

AboutDialog::AboutDialog(Workspace *workspace, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About MedTune Workbench"));
    setObjectName(QStringLiteral("aboutDialog"));
    const RuntimeVersions v = runtimeVersions();
    const AppSettings settings = AppSettings::load();
    QString bridge;
    try {
        bridge = QDir::toNativeSeparators(tokenizerBridgePath());
    } catch (const Error &e) {
        bridge = e.message();
    }
    const int threads = computeThreads();
    const QList<QPair<QString, QString>> rows = {
        { tr("MedTune Workbench"), v.application },
        { tr("Qt"), v.qtRuntime == v.qtBuild ? v.qtRuntime : tr("%1 (built with %2)").arg(v.qtRuntime, v.qtBuild) },
        { tr("libtorch"), v.libtorch },
        { tr("SentencePiece"), v.sentencepiece },
        { tr("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR) },
        { tr("SQLite"), sqliteVersion(workspace) },
        { tr("Compiler"), v.compiler },
        { tr("Compute threads"), tr("%1 of %2 cores").arg(threads).arg(availableCores()) },
        { tr("Device and weights"),
          tr("%1, %2 (%3 resolved)")
              .arg(settings.device, settings.dtype, resolveDtype(settings.dtype, settings.device)) },
        { tr("Tokenizer bridge"), bridge },
    };
    QString table;
    for (const auto &[name, value] : rows) {
        table += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                     .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
        m_plain += name + QStringLiteral(": ") + value + u'\n';
    }
    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setTextFormat(Qt::RichText);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    text->setWordWrap(true);
    text->setText(tr("<h3>MedTune Workbench %1</h3>"
                     "<p>Adapt small LLaMA-style language models to medical question answering and clinical "
                     "summarization with LoRA, and judge the results by hand.</p>")
                      .arg(v.application.toHtmlEscaped())
                  + QStringLiteral("<table cellspacing=\"4\">%1</table>").arg(table));
    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/medtune.svg")).pixmap(64, 64));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *copy = buttons->addButton(tr("&Copy versions"), QDialogButtonBox::ActionRole);
    copy->setToolTip(tr("Copy these versions to the clipboard, e.g. for a bug report"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_plain); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
}

} // namespace medtune::ui
