// Help > About: what the program is, and the versions of everything it runs on (Qt,
// libtorch, SentencePiece, QCustomPlot, SQLite), the compute settings and where the
// tokenizer bridge was found, with a button that copies it all for a bug report.
#pragma once

#include <QDialog>

namespace medtune {
class Workspace;
}

namespace medtune::ui {

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    /// workspace may be null (its SQLite version is then read from a private connection).
    explicit AboutDialog(Workspace *workspace, QWidget *parent = nullptr);

    /// "name: value" lines: what the dialog shows and the Copy button copies.
    QString versionsText() const { return m_plain; }

private:
    QString m_plain;
};

} // namespace medtune::ui
