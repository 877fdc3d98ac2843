#include "data/json_stream.h"

#include "util/error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <cstring>

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
    if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        throw Error(QStringLiteral("Cannot open %1: %2").arg(path, m_file.errorString()),
                    QStringLiteral("check the path and the file's permissions"));
    m_size = m_file.size();
}

bool LineReader::fill()
{
    // Keep the unread tail, append the next block.
    if (m_eof)
        return false;
    constexpr qsizetype kBlock = 4 << 20;
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    const qsizetype old = m_buffer.size();
    m_buffer.resize(old + kBlock);
    const qint64 n = m_file.read(m_buffer.data() + old, kBlock);
    m_buffer.resize(old + std::max<qint64>(n, 0));
    if (n <= 0)
        m_eof = true;
    return n > 0;
}

bool LineReader::next(QByteArray &line)
{
    qsizetype searchFrom = m_pos;
    for (;;) {
        const char *begin = m_buffer.constData() + searchFrom;
        const void *nl = std::memchr(begin, '\n', size_t(m_buffer.size() - searchFrom));
        if (nl) {
            const qsizetype end = static_cast<const char *>(nl) - m_buffer.constData();
            line = m_buffer.mid(m_pos, end - m_pos);
            m_pos = end + 1;
            break;
        }
        const qsizetype scanned = m_buffer.size() - m_pos;
        if (!fill()) {
            if (m_pos >= m_buffer.size())
                return false;
            line = m_buffer.mid(m_pos);
            m_pos = m_buffer.size();
            break;
        }
        searchFrom = m_pos + scanned;
    }
    ++m_line;
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
    throw JsonStreamError { m_line, what };
}

bool JsonMemberStream::isEmptyFile()
{
    if (m_started)
        return false;
    if (peek() == 0xEF) { // UTF-8 byte order mark
        get();
        get();
        get();
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
    // Raw bytes including the quotes; escapes are kept for the JSON parser. Plain runs are
    // copied in bulk from the buffer.
    if (get() != '"')
        fail(QStringLiteral("expected a string"));
    out += '"';
    for (;;) {
        if (peek() < 0)
            fail(QStringLiteral("the file ends inside a string"));
        const char *b = m_buffer.constData();
        const qsizetype n = m_buffer.size();
        qsizetype i = m_pos;
        while (i < n && b[i] != '"' && b[i] != '\\') {
            if (b[i] == '\n')
                ++m_line;
            ++i;
        }
        out.append(b + m_pos, i - m_pos);
        m_pos = i;
        if (i >= n)
            continue; // refill
        const int c = get();
        out += char(c);
        if (c == '"')
            return;
        const int e = get(); // the escaped character
        if (e < 0)
            fail(QStringLiteral("the file ends inside a string"));
        out += char(e);
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
            // Copy a run without strings or brackets in bulk.
            const char *b = m_buffer.constData();
            const qsizetype n = m_buffer.size();
            qsizetype i = m_pos;
            while (i < n && b[i] != '"' && b[i] != '{' && b[i] != '[' && b[i] != '}' && b[i] != ']') {
                if (b[i] == '\n')
                    ++m_line;
                ++i;
            }
            if (i > m_pos) {
                out.append(b + m_pos, i - m_pos);
                m_pos = i;
                continue;
            }
            get();
            out += char(c);
            if (c == '{' || c == '[')
                ++depth;
            else if (--depth == 0)
                return;
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

namespace {

// Decodes the JSON string starting after its opening quote at p; appends UTF-16 to out.
// Returns the position after the closing quote, or nullptr with reason/detail set.
const char *parseFlatString(const char *p, const char *end, const char *base, QString &out, QString &reason,
                            QString &detail)
{
    out.resize(0);
    out.reserve(std::min<qsizetype>(end - p, 1 << 16));
    QString &s = out;
    auto fail = [&](const QString &r, const QString &what) -> const char * {
        reason = r;
        detail = QStringLiteral("%1 at offset %2").arg(what).arg(p - base);
        return nullptr;
    };
    // Copy runs of plain ASCII in bulk.
    while (p < end) {
        const char *run = p;
        while (p < end) {
            const unsigned char c = static_cast<unsigned char>(*p);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
                break;
            ++p;
        }
        if (p > run)
            s.append(QLatin1StringView(run, p - run));
        if (p >= end)
            break;
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c == '"')
            return p + 1;
        if (c < 0x20)
            return fail(skip::invalidJson(), QStringLiteral("control character in string"));
        if (c == '\\') {
            if (p + 1 >= end)
                break;
            const char e = p[1];
            p += 2;
            switch (e) {
            case '"':
                s.append(u'"');
                break;
            case '\\':
                s.append(u'\\');
                break;
            case '/':
                s.append(u'/');
                break;
            case 'b':
                s.append(u'\b');
                break;
            case 'f':
                s.append(u'\f');
                break;
            case 'n':
                s.append(u'\n');
                break;
            case 'r':
                s.append(u'\r');
                break;
            case 't':
                s.append(u'\t');
                break;
            case 'u': {
                if (end - p < 4)
                    return fail(skip::invalidJson(), QStringLiteral("bad \\u escape"));
                bool ok = false;
                const uint u = QByteArray::fromRawData(p, 4).toUInt(&ok, 16);
                if (!ok)
                    return fail(skip::invalidJson(), QStringLiteral("bad \\u escape"));
                s.append(QChar(char16_t(u)));
                p += 4;
                break;
            }
            default:
                return fail(skip::invalidJson(), QStringLiteral("illegal escape sequence"));
            }
            continue;
        }
        // A multi-byte UTF-8 sequence, validated (no overlongs, surrogates or > U+10FFFF).
        int len = 0;
        char32_t cp = 0, min = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
            min = 0x10000;
        } else
            return fail(skip::invalidUtf8(), QStringLiteral("invalid UTF-8 byte"));
        if (end - p < len)
            return fail(skip::invalidUtf8(), QStringLiteral("truncated UTF-8 sequence"));
        for (int i = 1; i < len; ++i) {
            const unsigned char cc = static_cast<unsigned char>(p[i]);
            if ((cc & 0xC0) != 0x80)
                return fail(skip::invalidUtf8(), QStringLiteral("invalid UTF-8 sequence"));
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail(skip::invalidUtf8(), QStringLiteral("invalid UTF-8 sequence"));
        if (cp >= 0x10000) {
            s.append(QChar(QChar::highSurrogate(cp)));
            s.append(QChar(QChar::lowSurrogate(cp)));
        } else {
            s.append(QChar(char16_t(cp)));
        }
        p += len;
    }
    return fail(skip::invalidJson(), QStringLiteral("unterminated string"));
}

} // namespace

FlatParse parseFlatJsonObject(const QByteArray &bytes, QJsonObject &out, QString &reason, QString &detail)
{
    const char *base = bytes.constData();
    const char *p = base, *end = base + bytes.size();
    auto space = [&] {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            ++p;
    };
    auto fail = [&](const QString &what) {
        reason = skip::invalidJson();
        detail = QStringLiteral("%1 at offset %2").arg(what).arg(p - base);
        return FlatParse::Failed;
    };
    QJsonObject result;
    QString key, value;
    space();
    if (p >= end || *p != '{')
        return fail(QStringLiteral("expected an object"));
    ++p;
    space();
    if (p < end && *p == '}') {
        ++p;
    } else {
        for (;;) {
            space();
            if (p >= end || *p != '"')
                return fail(QStringLiteral("expected a member name"));
            p = parseFlatString(p + 1, end, base, key, reason, detail);
            if (!p)
                return FlatParse::Failed;
            space();
            if (p >= end || *p != ':')
                return fail(QStringLiteral("expected ':'"));
            ++p;
            space();
            if (p >= end)
                return fail(QStringLiteral("expected a value"));
            const char c = *p;
            if (c == '{' || c == '[')
                return FlatParse::Nested;
            if (c == '"') {
                p = parseFlatString(p + 1, end, base, value, reason, detail);
                if (!p)
                    return FlatParse::Failed;
                result.insert(key, value);
            } else {
                const char *start = p;
                while (p < end && *p != ',' && *p != '}' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
                    ++p;
                const QByteArray token = QByteArray::fromRawData(start, p - start);
                if (token == "null")
                    result.insert(key, QJsonValue::Null);
                else if (token == "true" || token == "false")
                    result.insert(key, token == "true");
                else {
                    bool ok = false;
                    const double d = token.toDouble(&ok);
                    if (!ok || token.isEmpty())
                        return fail(QStringLiteral("illegal value"));
                    // Integers keep their exact value (ids).
                    bool isInt = false;
                    const qint64 i = token.toLongLong(&isInt);
                    result.insert(key, isInt ? QJsonValue(i) : QJsonValue(d));
                }
            }
            space();
            if (p < end && *p == ',') {
                ++p;
                continue;
            }
            if (p < end && *p == '}') {
                ++p;
                break;
            }
            return fail(QStringLiteral("expected ',' or '}'"));
        }
    }
    space();
    if (p != end)
        return fail(QStringLiteral("garbage after the object"));
    out = result;
    return FlatParse::Ok;
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
        report.position = lines.position();
        const FlatParse flat = parseFlatJsonObject(line, object, reason, detail);
        if (flat == FlatParse::Failed
            || (flat == FlatParse::Nested && !parseJsonObject(line, object, reason, detail))) {
            report.skip(lines.lineNumber(), {}, reason, detail);
            continue;
        }
        fn(object, lines.lineNumber());
    }
}
} // namespace medtune
