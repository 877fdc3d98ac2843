// Helpers shared by the tests: where fixtures and the shared real data are.
#pragma once

#include <QString>

namespace medtune::test {

/// tests/data in the source tree (fixtures written by the project).
QString testDataPath(const QString &relative = {});
/// ../shared/data beside the checkout, or an empty string when it is absent.
QString sharedDataPath(const QString &relative = {});
/// The folder with the built executables (medtune-cli, the bridge).
QString binDir();
/// A folder for screenshots and other artefacts tests leave for people to look at.
QString artefactDir();

} // namespace medtune::test
