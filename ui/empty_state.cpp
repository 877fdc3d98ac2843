#include "empty_state.h"

#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace medtune::ui {

EmptyState::EmptyState(const QString &iconPath, const QString &title, const QString &text, QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(title, this))
    , m_text(new QLabel(text, this))
{
    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(iconPath).pixmap(QSize(64, 64), devicePixelRatioF()));
    icon->setAlignment(Qt::AlignHCenter);

    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    m_title->setFont(f);
    m_title->setAlignment(Qt::AlignHCenter);
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignHCenter);
    m_text->setFixedWidth(520);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(icon);
    layout->addWidget(m_title);
    layout->addWidget(m_text, 0, Qt::AlignHCenter);
    layout->addStretch(3);
}

QString EmptyState::title() const
{
    return m_title->text();
}
QString EmptyState::text() const
{
    return m_text->text();
}

} // namespace medtune::ui
