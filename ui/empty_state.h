// An honest empty state: what a section is for and what to do next, never fake data.
#pragma once

#include <QWidget>

class QLabel;

namespace medtune::ui {

class EmptyState : public QWidget
{
    Q_OBJECT
public:
    EmptyState(const QString &iconPath, const QString &title, const QString &text, QWidget *parent = nullptr);

    QString title() const;
    QString text() const;

private:
    QLabel *m_title;
    QLabel *m_text;
};

} // namespace medtune::ui
