// Preferences: compute threads, device, number format, language and the default
// workspace, stored with AppSettings.
#pragma once

#include "util/app_settings.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;
class QLabel;

namespace medtune::ui {

class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(const AppSettings &settings, QWidget *parent = nullptr);

    /// The settings as edited (valid after accept()).
    AppSettings settings() const;

private:
    AppSettings m_original;
    QSpinBox *m_threads;
    QComboBox *m_device;
    QComboBox *m_dtype;
    QComboBox *m_language;
    QLineEdit *m_workspace;
    QLabel *m_note;
};

} // namespace medtune::ui
