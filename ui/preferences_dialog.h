// Preferences: compute threads, device, number format, language, the default workspace
// and the review server (URL only; a password is asked for and kept in memory), stored
// with AppSettings.
#pragma once

#include "util/app_settings.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;
class QLabel;
class QPushButton;

namespace medtune::ui {

class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(const AppSettings &settings, QWidget *parent = nullptr);

    /// The settings as edited (valid after accept()).
    AppSettings settings() const;
    /// Tests the review server URL in the background; the result shows in the dialog.
    void testReviewServer();

Q_SIGNALS:
    /// A review server test has finished (its result is in the status label).
    void reviewServerTested(bool ok);

private:
    AppSettings m_original;
    QSpinBox *m_threads;
    QComboBox *m_device;
    QComboBox *m_dtype;
    QComboBox *m_language;
    QLineEdit *m_workspace;
    QLineEdit *m_reviewServer;
    QPushButton *m_testServer;
    QLabel *m_serverStatus;
    QLabel *m_note;
};

} // namespace medtune::ui
