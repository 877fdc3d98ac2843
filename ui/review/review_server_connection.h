// Connecting the GUI to a review server. The password comes from PGPASSWORD or ~/.pgpass
// (libpq looks there itself) or from a prompt, and a prompted password is kept in this
// process's memory only: never written to the settings or anywhere else.
#pragma once

#include <QString>
#include <memory>

class QWidget;

namespace medtune {
class ReviewDatabase;
struct ReviewServerAddress;
} // namespace medtune

namespace medtune::ui {

struct ReviewServerCheck
{
    bool ok = false;
    bool needsPassword = false; ///< none found, or the one given was refused
    QString message; ///< what was found, or the error with its hint
};

/// Connects to the server and describes the result; safe to run on a worker thread.
ReviewServerCheck checkReviewServer(const ReviewServerAddress &address);
/// The address for url with the password entered in this run, if any (throws UsageError).
ReviewServerAddress reviewServerAddress(const QString &url);
/// Keeps a prompted password for url in memory for the rest of this run.
void rememberReviewServerPassword(const QString &url, const QString &password);
/// Asks for the password of url (modal); false when cancelled.
bool promptReviewServerPassword(QWidget *parent, const QString &url);
/// Opens the server for the Review and Reports sections, prompting once for a password
/// when needed; nullptr with *error set when it cannot.
std::unique_ptr<ReviewDatabase> openReviewServer(QWidget *parent, const QString &url, QString *error);

} // namespace medtune::ui
