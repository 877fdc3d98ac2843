// Installs the workbench's translation for a language ("de"), or the system locale's.
#pragma once

#include <QString>

namespace medtune::ui {

/// Loads the compiled translation (resource :/i18n/medtune_<lang>.qm) and Qt's own;
/// returns the language actually installed ("en" when none matched).
QString installTranslations(const QString &language);

} // namespace medtune::ui
