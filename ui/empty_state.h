// An honest empty state: what a section is for and what to do next, never fake data.
#pragma once

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace medtune::ui {

class EmptyState : public QWidget
{
    Q_OBJECT
public:
    EmptyState(const QString &iconPath, const QString &title, const QString &text, QWidget *parent = nullptr);

    QString title() const;
    QString text() const;
    void setTitle(const QString &title);
    void setText(const QString &text);
    /// The description's label (wrapped to at most 520 pixels, always shown in full).
    QLabel *textLabel() const { return m_text; }
    /// Adds a widget (an action, a progress bar) under the description, centred.
    void addWidget(QWidget *widget);

private:
    QLabel *m_title;
    QLabel *m_text;
    QVBoxLayout *m_layout;
};

} // namespace medtune::ui
