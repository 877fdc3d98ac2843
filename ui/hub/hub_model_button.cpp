#include "hub/hub_model_button.h"

#include "hub/get_model_dialog.h"
#include "model/hub_cache.h"
#include "model/hub_client.h"

#include <QFileInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>

namespace medtune::ui {

HubModelButton::HubModelButton(QLineEdit *target, bool adapter, QWidget *parent)
    : HubModelButton([target](const QString &id) { target->setText(id); }, adapter, parent)
{
    m_target = target;
    connect(m_target, &QLineEdit::editingFinished, this, &HubModelButton::offerDownload);
}

HubModelButton::HubModelButton(std::function<void(const QString &)> choose, bool adapter, QWidget *parent)
    : QToolButton(parent)
    , m_choose(std::move(choose))
    , m_adapter(adapter)
    , m_menu(new QMenu(this))
{
    setObjectName(adapter ? QStringLiteral("hubAdapterButton") : QStringLiteral("hubModelButton"));
    setText(tr("Hugging Face"));
    setToolTip(adapter ? tr("Adapters in the Hugging Face cache, or get one from the Hub")
                       : tr("Models in the Hugging Face cache, or get one from the Hub"));
    setPopupMode(QToolButton::InstantPopup);
    setMenu(m_menu);
    connect(m_menu, &QMenu::aboutToShow, this, &HubModelButton::refreshMenu);
    refreshMenu();
}

void HubModelButton::refreshMenu()
{
    m_menu->clear();
    const QString wanted = m_adapter ? QStringLiteral("adapter") : QStringLiteral("model");
    int listed = 0;
    for (const CachedRepo &r : HubCache(HubSettings::fromEnvironment().cacheDir).list()) {
        if (r.kind != wanted)
            continue;
        QAction *a = m_menu->addAction(r.loadable ? tr("%1 (%2)").arg(r.repoId, formatByteSize(r.sizeOnDisk))
                                                  : tr("%1 (incomplete: %2)").arg(r.repoId, r.problem));
        a->setEnabled(r.loadable);
        a->setData(r.repoId);
        const QString id = r.repoId;
        connect(a, &QAction::triggered, this, [this, id] { m_choose(id); });
        ++listed;
    }
    if (listed == 0)
        m_menu
            ->addAction(m_adapter ? tr("No adapters in the Hugging Face cache")
                                  : tr("No models in the Hugging Face cache"))
            ->setEnabled(false);
    m_menu->addSeparator();
    m_menu->addAction(m_adapter ? tr("Get &Adapter...") : tr("Get &Model..."), this, [this] { getModel(); });
}

void HubModelButton::getModel(const QString &repoId)
{
    QString repo = repoId;
    if (repo.isEmpty() && m_target && HubCache::looksLikeRepoId(m_target->text().trimmed())
        && !QFileInfo::exists(m_target->text().trimmed()))
        repo = m_target->text().trimmed().section(u'@', 0, 0);
    auto *dialog = new GetModelDialog(this, repo, m_adapter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &GetModelDialog::modelReady, this, [this](const QString &id) {
        m_choose(id);
        refreshMenu();
    });
    dialog->open();
    if (!repoId.isEmpty())
        dialog->startDownload();
}

void HubModelButton::offerDownload()
{
    const QString text = m_target->text().trimmed();
    if (text.isEmpty() || text == m_lastOffered || QFileInfo::exists(text) || !HubCache::looksLikeRepoId(text)
        || !findModelFolder(text).isEmpty() || HubSettings::fromEnvironment().offline)
        return;
    m_lastOffered = text; // ask once per text, not on every focus change
    const auto answer
        = QMessageBox::question(this, tr("Download from Hugging Face?"),
                                tr("%1 is not in the Hugging Face cache yet. Download it from the Hub now?").arg(text));
    if (answer == QMessageBox::Yes)
        getModel(text.section(u'@', 0, 0));
}

} // namespace medtune::ui
