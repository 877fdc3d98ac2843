// Help > About: the workbench's version and the versions of Qt, libtorch and
// SentencePiece it runs on, with the compute threads and devices.
#pragma once

#include <QDialog>

class QLabel;

namespace medtune {
struct RuntimeVersions;
}

namespace medtune::ui {

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    /// The rich text shown, built from versions (public for tests and the CLI-like checks).
    static QString aboutText(const RuntimeVersions &versions);
    /// The label holding that text.
    QLabel *textLabel() const { return m_text; }

private:
    QLabel *m_text = nullptr;
};

} // namespace medtune::ui
