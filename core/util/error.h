// The one exception type the core throws: a message a user can read, and a hint of what
// to do about it. Boundaries (the CLI's main, jobs, dialogs) catch it and show it.
#pragma once

#include <QString>
#include <stdexcept>

namespace medtune {

class Error : public std::runtime_error
{
public:
    explicit Error(const QString &message, const QString &hint = {});

    QString message() const { return m_message; }
    QString hint() const { return m_hint; }
    /// The message followed by " (hint: ...)" when there is a hint.
    QString fullMessage() const;

private:
    QString m_message;
    QString m_hint;
};

/// Thrown for wrong use of an interface (bad arguments); the CLI maps it to exit code 2.
class UsageError : public Error
{
public:
    using Error::Error;
};

} // namespace medtune
