// What a user reads when something below the core's own checks fails: libtorch's c10::Error
// (whose what() carries a C++ stack trace), std::bad_alloc and other std::exceptions are
// turned into a sentence with a hint; the raw text is kept for --verbose. Boundaries (the
// CLI's main, background jobs) use it; torch-free header.
#pragma once

#include <QString>
#include <exception>

namespace medtune {

struct ExceptionText
{
    QString message; ///< one line, no stack frames
    QString hint; ///< what to do about it, may be empty
    QString raw; ///< the exception's full what(), for --verbose
    /// "message (hint: ...)"
    QString full() const;
};

/// Describes an exception that is not a medtune::Error (c10::Error, std::bad_alloc, ...).
ExceptionText describeException(const std::exception &e);

} // namespace medtune
