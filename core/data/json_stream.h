// Streaming access to big JSON inputs with bounded memory: JSON Lines one line at a time,
// and the members of one top-level JSON object (or the elements of a top-level array)
// one at a time, so that a file of several GB never sits in memory whole.
#pragma once

#include "data/read_report.h"

#include <QByteArray>
#include <QFile>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace medtune {

/// Reads a file line by line (any length: a 50 MB line is one line) through its own
/// buffer: memchr over 4 MB blocks rather than QIODevice's per-line ring buffer.
class LineReader
{
public:
    /// Throws Error when the file cannot be opened.
    explicit LineReader(const QString &path);
    /// The next line without its line break; false at the end.
    bool next(QByteArray &line);
    qint64 lineNumber() const { return m_line; }
    qint64 size() const { return m_size; }
    /// Bytes consumed so far.
    qint64 position() const { return m_file.pos() - (m_buffer.size() - m_pos); }

private:
    bool fill();

    QFile m_file;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_line = 0;
    qint64 m_size = 0;
    bool m_eof = false;
};

/// Thrown by JsonMemberStream when the top-level structure is broken; nothing after it can
/// be read.
struct JsonStreamError
{
    qint64 line;
    QString message;
};

/// An incremental tokenizer for the outer level of a JSON document: yields the raw bytes
/// of each member value of a top-level object ({"key": value, ...}) or of each element of
/// a top-level array, one at a time. Only one value is held in memory.
class JsonMemberStream
{
public:
    explicit JsonMemberStream(const QString &path);
    /// True when the document is an object, false for an array; throws JsonStreamError
    /// when it is neither, and Error when the file cannot be opened.
    bool isObject();
    /// The next member: key (empty for arrays), its raw value bytes and the line where the
    /// value starts. False after the closing bracket. Throws JsonStreamError.
    bool next(QString &key, QByteArray &value, qint64 &line);
    bool isEmptyFile();
    /// Bytes consumed so far.
    qint64 position() const { return m_file.pos() - (m_buffer.size() - m_pos); }

private:
    int peek();
    int get();
    void skipSpace();
    void readString(QByteArray &out);
    void readValue(QByteArray &out);
    [[noreturn]] void fail(const QString &what);
    void start();

    QFile m_file;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_line = 1;
    bool m_started = false;
    bool m_object = false;
    bool m_done = false;
    bool m_first = true;
};

/// The fast path for JSON Lines records whose values are all scalars (strings, numbers,
/// booleans, null), as in the summarization exports: one pass that decodes UTF-8 and
/// escapes straight into UTF-16. Returns Nested (out untouched) when a value is an object
/// or array, so that the caller falls back to parseJsonObject.
enum class FlatParse { Ok, Nested, Failed };
FlatParse parseFlatJsonObject(const QByteArray &bytes, QJsonObject &out, QString &reason, QString &detail);

/// Parses one JSON object from bytes. On failure returns false and sets the skip reason
/// (invalid JSON, invalid UTF-8, wrong type) and a detail.
bool parseJsonObject(const QByteArray &bytes, QJsonObject &out, QString &reason, QString &detail);
/// Parses any JSON value (object, array, string, number...) from bytes.
bool parseJsonValue(const QByteArray &bytes, QJsonValue &out, QString &reason, QString &detail);

/// Field access that names what is wrong: false with reason "missing field" or
/// "wrong type" and a detail such as "field 'question' must be a string".
bool stringField(const QJsonObject &o, const QString &key, QString &out, QString &reason, QString &detail);
/// Accepts a string or a list of strings (joined with separator).
bool textField(const QJsonObject &o, const QString &key, const QString &separator, QString &out, QString &reason,
               QString &detail);

/// An id value as text: strings as they are, integers without a fraction.
QString idText(const QJsonValue &v);

} // namespace medtune

namespace medtune {
/// Runs fn on every non-blank line of a JSON Lines file that parses as an object; counts
/// read records and skips the others with their reason. Reports an empty file.
void forEachJsonLine(const QString &path, ReadReport &report,
                     const std::function<void(const QJsonObject &object, qint64 line)> &fn);
} // namespace medtune
