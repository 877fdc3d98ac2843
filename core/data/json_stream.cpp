#include "data/json_stream.h"

#include "util/error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace medtune {
namespace {
constexpr qsizetype kChunk = 1 << 20;

void openOrThrow(QFile &f)
{
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot open %1: %2").arg(f.fileName(), f.errorString()),
                    QStringLiteral("check the path and the file's permissions"));
}
} // namespace

LineReader::LineReader(const QString &path)
    : m_file(path)
{
    openOrThrow(m_file);
}

bool LineReader::next(QByteArray &line)
{
    if (m_file.atEnd())
        return false;
    line = m_file.readLine();
    ++m_line;
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    if (m_line == 1 && line.startsWith("\xEF\xBB\xBF"))
        line.remove(0, 3);
    return true;
}

JsonMemberStream::JsonMemberStream(const QString &path)
    : m_file(path)
{
    openOrThrow(m_file);
}

int JsonMemberStream::peek()
{
    if (m_pos >= m_buffer.size()) {
        m_buffer = m_file.read(kChunk);
        m_pos = 0;
        if (m_buffer.isEmpty())
            return -1;
    }
    return static_cast<unsigned char>(m_buffer[m_pos]);
}

int JsonMemberStream::get()
{
    const int c = peek();
    if (c >= 0) {
        ++m_pos;
        if (c == '\n')
            ++m_line;
    }
    return c;
}

void JsonMemberStream::skipSpace()
{
    for (;;) {
        const int c = peek();
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            get();
        else
            return;
    }
}

void JsonMemberStream::fail(const QString &what)
{
    throw JsonStreamError{m_line, what};
}

bool JsonMemberStream::isEmptyFile()
{
    if (m_started)
        return false;
    if (peek() == 0xEF) { // UTF-8 byte order mark
        get(); get(); get();
    }
    skipSpace();
    return peek() < 0;
}

void JsonMemberStream::start()
{
    if (m_started)
        return;
    if (isEmptyFile())
        fail(QStringLiteral("the file is empty"));
    m_started = true;
    const int c = get();
    if (c == '{')
        m_object = true;
    else if (c == '[')
        m_object = false;
    else
        fail(QStringLiteral("expected '{' or '[' at the start of the document"));
}

bool JsonMemberStream::isObject()
{
    start();
    return m_object;
}

void JsonMemberStream::readString(QByteArray &out)
{
    // Raw bytes including the quotes; escapes are kept for the JSON parser.
    if (get() != '"')
        fail(QStringLiteral("expected a string"));
    out += '"';
    for (;;) {
        const int c = get();
        if (c < 0)
            fail(QStringLiteral("the file ends inside a string"));
        out += char(c);
        if (c == '\\') {
            const int e = get();
            if (e < 0)
                fail(QStringLiteral("the file ends inside a string"));
            out += char(e);
        } else if (c == '"') {
            return;
        }
    }
}

void JsonMemberStream::readValue(QByteArray &out)
{
    out.clear();
    skipSpace();
    int c = peek();
    if (c == '"') {
        readString(out);
        return;
    }
    if (c == '{' || c == '[') {
        int depth = 0;
        for (;;) {
            c = peek();
            if (c < 0)
                fail(QStringLiteral("the file ends inside a value"));
            if (c == '"') {
                readString(out);
                continue;
            }
            get();
            out += char(c);
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return;
            }
        }
    }
    // A scalar: up to the next delimiter.
    for (;;) {
        c = peek();
        if (c < 0 || c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
            break;
        out += char(get());
    }
    if (out.isEmpty())
        fail(QStringLiteral("expected a value"));
}

bool JsonMemberStream::next(QString &key, QByteArray &value, qint64 &line)
{
    start();
    if (m_done)
        return false;
    skipSpace();
    int c = peek();
    if (c == (m_object ? '}' : ']')) {
        get();
        m_done = true;
        return false;
    }
    if (!m_first) {
        if (c != ',')
            fail(c < 0 ? QStringLiteral("the file ends before the closing bracket")
                       : QStringLiteral("expected ',' between members"));
        get();
        skipSpace();
    }
    m_first = false;
    key.clear();
    if (m_object) {
        QByteArray raw;
        readString(raw);
        QJsonParseError err;
        const QJsonDocument d = QJsonDocument::fromJson('[' + raw + ']', &err);
        if (err.error != QJsonParseError::NoError)
            fail(QStringLiteral("a member name is not valid JSON"));
        key = d.array().at(0).toString();
        skipSpace();
        if (get() != ':')
            fail(QStringLiteral("expected ':' after the member name \"%1\"").arg(key));
    }
    skipSpace();
    line = m_line;
    readValue(value);
    return true;
}

static void describe(const QJsonParseError &err, QString &reason, QString &detail)
{
    reason = err.error == QJsonParseError::IllegalUTF8String ? skip::invalidUtf8() : skip::invalidJson();
    detail = QStringLiteral("%1 at offset %2").arg(err.errorString()).arg(err.offset);
}

bool parseJsonObject(const QByteArray &bytes, QJsonObject &out, QString &reason, QString &detail)
{
    QJsonParseError err;
    const QJsonDocument d = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError) {
        describe(err, reason, detail);
        return false;
    }
    if (!d.isObject()) {
        reason = skip::wrongType();
        detail = QStringLiteral("expected a JSON object");
        return false;
    }
    out = d.object();
    return true;
}

bool parseJsonValue(const QByteArray &bytes, QJsonValue &out, QString &reason, QString &detail)
{
    QJsonParseError err;
    const QJsonDocument d = QJsonDocument::fromJson('[' + bytes + ']', &err);
    if (err.error != QJsonParseError::NoError) {
        describe(err, reason, detail);
        return false;
    }
    out = d.array().at(0);
    return true;
}

bool stringField(const QJsonObject &o, const QString &key, QString &out, QString &reason, QString &detail)
{
    const auto it = o.constFind(key);
    if (it == o.constEnd() || it->isNull()) {
        reason = skip::missingField();
        detail = QStringLiteral("field '%1' is missing").arg(key);
        return false;
    }
    if (!it->isString()) {
        reason = skip::wrongType();
        detail = QStringLiteral("field '%1' must be a string").arg(key);
        return false;
    }
    out = it->toString();
    return true;
}

bool textField(const QJsonObject &o, const QString &key, const QString &separator, QString &out, QString &reason,
               QString &detail)
{
    const auto it = o.constFind(key);
    if (it != o.constEnd() && it->isArray()) {
        QStringList parts;
        for (const QJsonValue &v : it->toArray()) {
            if (!v.isString()) {
                reason = skip::wrongType();
                detail = QStringLiteral("field '%1' must be a list of strings").arg(key);
                return false;
            }
            parts << v.toString();
        }
        out = parts.join(separator);
        return true;
    }
    return stringField(o, key, out, reason, detail);
}

QString idText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toInteger());
    return {};
}

} // namespace medtune

namespace medtune {
void forEachJsonLine(const QString &path, ReadReport &report,
                     const std::function<void(const QJsonObject &object, qint64 line)> &fn)
{
    LineReader lines(path);
    if (lines.size() == 0) {
        report.problem(0, QStringLiteral("empty file"), QStringLiteral("the file has no records"));
        return;
    }
    QByteArray line;
    QJsonObject object;
    QString reason, detail;
    while (lines.next(line)) {
        if (line.trimmed().isEmpty())
            continue;
        ++report.read;
        if (!parseJsonObject(line, object, reason, detail)) {
            report.skip(lines.lineNumber(), {}, reason, detail);
            continue;
        }
        fn(object, lines.lineNumber());
    }
}
} // namespace medtune
