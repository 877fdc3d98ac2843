#include "data/example.h"

#include "util/error.h"

#include <QJsonValue>

namespace medtune {

QString taskName(TaskKind task)
{
    return task == TaskKind::Summarization ? QStringLiteral("summarization") : QStringLiteral("medical_qa");
}

std::optional<TaskKind> parseTask(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"medical_qa" || n == u"qa" || n == u"medical-qa")
        return TaskKind::MedicalQa;
    if (n == u"summarization" || n == u"summarisation" || n == u"summary")
        return TaskKind::Summarization;
    return std::nullopt;
}

namespace split {
quint8 code(const QString &name)
{
    if (name == u"train")
        return 0;
    if (name == u"validation")
        return 1;
    if (name == u"test")
        return 2;
    return 255;
}

QString name(quint8 code)
{
    switch (code) {
    case 0:
        return train();
    case 1:
        return validation();
    case 2:
        return test();
    default:
        return {};
    }
}
} // namespace split

QString Example::inputText() const
{
    if (task == TaskKind::Summarization)
        return question.isEmpty() ? document : question + u'\n' + document;
    return context.isEmpty() ? question : question + u'\n' + context;
}

quint64 Example::inputHash() const
{
    // Same value as hashing inputText(), without building it.
    const quint64 h = normalizedTextHash(question);
    return normalizedTextHash(task == TaskKind::Summarization ? document : context, h);
}

QJsonObject Example::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("source"), source },
                    { QStringLiteral("split"), split },
                    { QStringLiteral("task"), taskName(task) } };
    if (!question.isEmpty())
        o.insert(QStringLiteral("question"), question);
    if (!context.isEmpty())
        o.insert(QStringLiteral("context"), context);
    if (!document.isEmpty())
        o.insert(QStringLiteral("document"), document);
    if (!answer.isEmpty())
        o.insert(QStringLiteral("answer"), answer);
    if (!meta.isEmpty())
        o.insert(QStringLiteral("meta"), meta);
    return o;
}

Example Example::fromJson(const QJsonObject &o)
{
    Example e;
    e.id = o.value(QStringLiteral("id")).toString();
    e.source = o.value(QStringLiteral("source")).toString();
    e.split = o.value(QStringLiteral("split")).toString();
    const auto task = parseTask(o.value(QStringLiteral("task")).toString());
    if (!task)
        throw Error(QStringLiteral("Stored example %1 has no valid task").arg(e.id),
                    QStringLiteral("the dataset file is damaged; import the source again"));
    e.task = *task;
    e.question = o.value(QStringLiteral("question")).toString();
    e.context = o.value(QStringLiteral("context")).toString();
    e.document = o.value(QStringLiteral("document")).toString();
    e.answer = o.value(QStringLiteral("answer")).toString();
    e.meta = o.value(QStringLiteral("meta")).toObject();
    return e;
}

static inline bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f' || c == u'\v' || c == 0xA0
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x3000 || c == 0x202F;
}

QString normalizeWhitespace(QStringView text)
{
    QString out;
    out.resize(text.size());
    char16_t *dst = reinterpret_cast<char16_t *>(out.data());
    qsizetype n = 0;
    bool pendingSpace = false;
    for (QChar qc : text) {
        const char16_t c = qc.unicode();
        if (c > u' ' && c < 0x7F) { // printable ASCII: the common case
            if (pendingSpace) {
                dst[n++] = u' ';
                pendingSpace = false;
            }
            dst[n++] = c;
            continue;
        }
        if (isSpace(c)) {
            pendingSpace = n > 0;
            continue;
        }
        if (pendingSpace) {
            dst[n++] = u' ';
            pendingSpace = false;
        }
        dst[n++] = c;
    }
    out.truncate(n);
    return out;
}

QString normalizeLines(QStringView text)
{
    QString out;
    out.reserve(text.size());
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf(u'\n', start);
        if (end < 0)
            end = text.size();
        const QString line = normalizeWhitespace(text.mid(start, end - start));
        if (!line.isEmpty()) {
            if (!out.isEmpty())
                out += u'\n';
            out += line;
        }
        start = end + 1;
    }
    return out;
}

quint64 normalizedTextHash(QStringView text, quint64 seed)
{
    // FNV-1a over 16-bit units: one multiply per kept character.
    quint64 h = seed;
    for (QChar c : text) {
        char16_t u = c.unicode();
        if (u < 0x80) { // ASCII fast path
            if (u >= 'A' && u <= 'Z')
                u |= 0x20;
            else if (!((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')))
                continue;
        } else {
            if (!c.isLetterOrNumber())
                continue;
            u = c.toLower().unicode();
        }
        h = (h ^ u) * 1099511628211ull;
    }
    return h;
}

} // namespace medtune
