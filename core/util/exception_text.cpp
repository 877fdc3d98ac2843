#include "util/exception_text.h"

#include <QStringList>
#include <cstdlib>
#include <cxxabi.h>
#include <new>
#include <typeinfo>

namespace medtune {
namespace {

// The demangled type name of an exception ("c10::Error", "std::runtime_error").
QString typeName(const std::exception &e)
{
    int status = 0;
    char *name = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
    const QString out = QString::fromLatin1(status == 0 && name ? name : typeid(e).name());
    std::free(name);
    return out;
}

} // namespace

QString ExceptionText::full() const
{
    return hint.isEmpty() ? message : QStringLiteral("%1 (hint: %2)").arg(message, hint);
}

ExceptionText describeException(const std::exception &e)
{
    ExceptionText t;
    t.raw = QString::fromLocal8Bit(e.what());
    if (dynamic_cast<const std::bad_alloc *>(&e)) {
        t.message = QStringLiteral("Out of memory");
        t.hint = QStringLiteral("use a smaller model, batch or maximum length, or bfloat16 weights");
        return t;
    }
    // libtorch's errors (c10::Error and its subclasses) are recognised by their type's name,
    // so that this file needs no libtorch header or library (medtune_core has neither).
    const bool libtorch = typeName(e).startsWith(QStringLiteral("c10::"));
    QString text = t.raw;
    // Whatever the type, no stack frames in a user-facing message.
    for (const QString &marker : { QStringLiteral("\nException raised from"), QStringLiteral("\nframe #") })
        if (const qsizetype at = text.indexOf(marker); at >= 0)
            text.truncate(at);
    const QString firstLine = text.section(u'\n', 0, 0).trimmed();
    if (text.contains(QStringLiteral("can't allocate memory")) || text.contains(QStringLiteral("out of memory"))) {
        t.message = QStringLiteral("Out of memory: %1").arg(firstLine);
        t.hint = QStringLiteral("use a smaller model, batch or maximum length, or bfloat16 weights");
    } else if (text.contains(QStringLiteral("index out of range in self"))) {
        t.message = QStringLiteral("A token id lies outside the model's vocabulary");
        t.hint = QStringLiteral("the tokenizer, config.json's vocab_size and its bos/eos ids must belong to the "
                                "same model");
    } else if (libtorch) {
        t.message = QStringLiteral("libtorch failed: %1").arg(firstLine);
        t.hint = QStringLiteral("run again with --verbose for libtorch's full message");
    } else {
        t.message = firstLine.isEmpty() ? QStringLiteral("Unexpected failure") : firstLine;
    }
    return t;
}

} // namespace medtune
