#include "util/exception_text.h"

#include <QStringList>
#include <c10/util/Exception.h>
#include <new>

namespace medtune {

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
    QString text = t.raw;
    if (const auto *c10 = dynamic_cast<const c10::Error *>(&e))
        text = QString::fromLocal8Bit(c10->what_without_backtrace());
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
    } else if (dynamic_cast<const c10::Error *>(&e)) {
        t.message = QStringLiteral("libtorch failed: %1").arg(firstLine);
        t.hint = QStringLiteral("run again with --verbose for libtorch's full message");
    } else {
        t.message = firstLine.isEmpty() ? QStringLiteral("Unexpected failure") : firstLine;
    }
    return t;
}

} // namespace medtune
