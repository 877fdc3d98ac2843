// The Porter (1980) suffix-stripping stemmer, as ROUGE implementations apply it to
// lower-cased English tokens.
#pragma once

#include <string>

namespace medtune {

/// Stems a lower-case ASCII word; other input is returned unchanged.
std::string porterStem(const std::string &word);

} // namespace medtune
