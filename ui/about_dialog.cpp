#include "about_dialog.h"

#include "util/runtime_versions.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace medtune::ui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About MedTune Workbench"));
    setObjectName(QStringLiteral("aboutDialog"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/medtune.svg")).pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    m_text = new QLabel(aboutText(runtimeVersions()), this);
    m_text->setObjectName(QStringLiteral("aboutText"));
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *row = new QHBoxLayout;
    row->addWidget(icon);
    row->addWidget(m_text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

QString AboutDialog::aboutText(const RuntimeVersions &v)
{
    const QString qt = v.qt == v.qtBuild ? v.qt : tr("%1 (built with %2)").arg(v.qt, v.qtBuild);
    return tr("<h3>MedTune Workbench %1</h3>"
              "<p>Adapt small LLaMA-style language models to medical question answering and "
              "clinical summarization with LoRA, and judge the results by hand.</p>"
              "<table>"
              "<tr><td>Qt</td><td>%2</td></tr>"
              "<tr><td>libtorch</td><td>%3 (%4)</td></tr>"
              "<tr><td>SentencePiece</td><td>%5</td></tr>"
              "<tr><td>Compute threads</td><td>%6</td></tr>"
              "<tr><td>Devices</td><td>%7</td></tr>"
              "</table>")
        .arg(v.application.toHtmlEscaped(), qt.toHtmlEscaped(), v.torch.toHtmlEscaped(), v.torchBackend.toHtmlEscaped(),
             v.sentencePiece.toHtmlEscaped(), QString::number(v.computeThreads), v.computeDevices.toHtmlEscaped());
}

} // namespace medtune::ui
