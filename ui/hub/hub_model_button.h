// A "Hugging Face" button beside a model or adapter chooser: its menu lists the models (or
// adapters) in the Hub cache, choosing one writes its repo id into the chooser, and "Get
// Model..." opens the download dialog. A repo id typed into the chooser that is not cached
// yet is offered for download (after a confirmation).
#pragma once

#include <QToolButton>
#include <functional>

class QLineEdit;
class QMenu;

namespace medtune::ui {

class HubModelButton : public QToolButton
{
    Q_OBJECT
public:
    HubModelButton(QLineEdit *target, bool adapter, QWidget *parent = nullptr);
    /// For choosers that are not a line edit (an adapter list): `choose` receives the repo id.
    HubModelButton(std::function<void(const QString &repoId)> choose, bool adapter, QWidget *parent = nullptr);

    /// Rebuilds the menu from the cache (also done each time it opens).
    void refreshMenu();
    QMenu *modelMenu() const { return m_menu; }

public Q_SLOTS:
    /// Opens the Get Model dialog; a downloaded repo's id goes into the chooser.
    void getModel(const QString &repoId = {});

private:
    void offerDownload();

    QLineEdit *m_target = nullptr;
    std::function<void(const QString &)> m_choose;
    bool m_adapter;
    QMenu *m_menu;
    QString m_lastOffered;
};

} // namespace medtune::ui
