#include "empty_state.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace medtune::ui {

EmptyState::EmptyState(const QString &iconPath, const QString &title, const QString &text, QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(title, this))
    , m_text(new QLabel(text, this))
    , m_layout(new QVBoxLayout(this))
{
    m_title->setObjectName(QStringLiteral("emptyTitle"));
    m_text->setObjectName(QStringLiteral("emptyText"));
    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(iconPath).pixmap(QSize(64, 64), devicePixelRatioF()));
    icon->setAlignment(Qt::AlignHCenter);

    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    m_title->setFont(f);
    m_title->setAlignment(Qt::AlignHCenter);
    m_title->setWordWrap(true);
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignHCenter);
    m_text->setMaximumWidth(520);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // The description is centred by stretches beside it, not by a layout alignment: an
    // aligned item gets the height its text needs at the page's full width (one line),
    // which cut the text after its first line; in a row the label's own width counts.
    auto *textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(m_text, 20);
    textRow->addStretch(1);

    m_layout->addStretch(2);
    m_layout->addWidget(icon);
    m_layout->addWidget(m_title);
    m_layout->addLayout(textRow);
    m_layout->addStretch(3);
}

void EmptyState::addWidget(QWidget *widget)
{
    widget->setParent(this);
    m_layout->insertWidget(m_layout->count() - 1, widget, 0, Qt::AlignHCenter);
}

QString EmptyState::title() const
{
    return m_title->text();
}
QString EmptyState::text() const
{
    return m_text->text();
}
void EmptyState::setTitle(const QString &title)
{
    m_title->setText(title);
}
void EmptyState::setText(const QString &text)
{
    m_text->setText(text);
}

} // namespace medtune::ui
