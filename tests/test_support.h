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
/// Writes a small random LLaMA model folder (hidden 32, 2 layers, GQA 4/2 heads, maximum
/// 1024 positions) with a 400-piece tokenizer trained on the test corpus into dir/model;
/// returns that folder.
QString makeTinyModelFolder(const QString &dir);
/// A folder for screenshots and other artefacts tests leave for people to look at.
QString artefactDir();

} // namespace medtune::test
