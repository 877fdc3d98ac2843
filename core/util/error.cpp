#include "util/error.h"

namespace medtune {

Error::Error(const QString &message, const QString &hint)
    : std::runtime_error((hint.isEmpty() ? message : message + QStringLiteral(" (hint: ") + hint + u')').toStdString())
    , m_message(message)
    , m_hint(hint)
{
}

QString Error::fullMessage() const
{
    return QString::fromUtf8(what());
}

} // namespace medtune
