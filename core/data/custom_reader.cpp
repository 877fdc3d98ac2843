#include "data/custom_reader.h"

#include "data/json_stream.h"
#include "data/splits.h"
#include "util/error.h"
#include "util/regular_file.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace medtune {
namespace {

// Resolves a field to its column: the mapping, else the field's own name.
QString columnOf(const ReaderOptions &options, const QString &field)
{
    return options.mapping.value(field, field);
}

// Builds an example from a field lookup; returns false with reason/detail to skip.
bool buildCustom(const std::function<std::optional<QString>(const QString &column)> &lookup,
                 const ReaderOptions &options, qint64 line, Example &e, QString &reason, QString &detail)
{
    auto get = [&](const QString &field) { return lookup(columnOf(options, field)).value_or(QString()); };
    const bool mappedMissing = [&] {
        for (auto it = options.mapping.begin(); it != options.mapping.end(); ++it)
            if (!lookup(it.value()).has_value()) {
                detail = QStringLiteral("column '%1' (mapped to %2) is missing").arg(it.value(), it.key());
                return true;
            }
        return false;
    }();
    if (mappedMissing) {
        reason = skip::missingField();
        return false;
    }
    e.id = get(QStringLiteral("id")).trimmed();
    if (e.id.isEmpty())
        e.id = QStringLiteral("line-%1").arg(line);
    e.source = options.sourceName.isEmpty() ? QStringLiteral("custom") : options.sourceName;
    e.question = normalizeLines(get(QStringLiteral("question")));
    e.context = normalizeLines(get(QStringLiteral("context")));
    e.document = normalizeLines(get(QStringLiteral("document")));
    QString answer = get(QStringLiteral("answer"));
    if (answer.trimmed().isEmpty())
        answer = get(QStringLiteral("summary"));
    e.answer = normalizeWhitespace(answer);
    std::optional<TaskKind> task = options.task;
    if (!task) {
        const QString t = get(QStringLiteral("task"));
        if (!t.trimmed().isEmpty()) {
            task = parseTask(t);
            if (!task) {
                reason = skip::invalidValue();
                detail = QStringLiteral("task must be medical_qa or summarization, not '%1'").arg(t);
                return false;
            }
        }
    }
    if (!task)
        task = e.document.isEmpty() ? TaskKind::MedicalQa : TaskKind::Summarization;
    e.task = *task;
    if (e.task == TaskKind::Summarization && e.document.isEmpty()) {
        // A summarization record may carry its text in the question or context column.
        e.document = e.context.isEmpty() ? e.question : e.context;
        e.question.clear();
        e.context.clear();
    }
    if ((e.task == TaskKind::MedicalQa && e.question.isEmpty())
        || (e.task == TaskKind::Summarization && e.document.isEmpty())) {
        reason = skip::missingField();
        detail = e.task == TaskKind::MedicalQa ? QStringLiteral("no question text (map one with question=COLUMN)")
                                               : QStringLiteral("no document text (map one with document=COLUMN)");
        return false;
    }
    const QString s = get(QStringLiteral("split")).trimmed().toLower();
    if (!s.isEmpty()) {
        e.split = parseSplitName(s);
        if (e.split.isEmpty()) {
            reason = skip::invalidValue();
            detail = QStringLiteral("split must be train, validation or test (or dev, val, valid, training,"
                                    " testing), not '%1'")
                         .arg(s);
            return false;
        }
    }
    return true;
}

void fromObject(const QJsonObject &o, qint64 line, const ReaderOptions &options, const ExampleSink &sink,
                ReadReport &report)
{
    QString reason, detail;
    bool wrongType = false;
    auto lookup = [&](const QString &column) -> std::optional<QString> {
        const auto it = o.constFind(column);
        if (it == o.constEnd() || it->isNull())
            return std::nullopt;
        if (it->isString())
            return it->toString();
        if (it->isDouble())
            return QString::number(it->toDouble(), 'g', 15);
        if (!wrongType)
            detail = QStringLiteral("field '%1' must be a string").arg(column);
        wrongType = true;
        return QString();
    };
    Example e;
    const bool ok = buildCustom(lookup, options, line, e, reason, detail);
    if (wrongType) {
        report.skip(line, e.id, skip::wrongType(), detail);
        return;
    }
    if (!ok) {
        report.skip(line, e.id, reason, detail);
        return;
    }
    ++report.imported;
    sink(std::move(e));
}

// RFC 4180 records, streamed: quoted fields may hold separators, quotes ("") and line breaks.
class DelimitedReader
{
public:
    DelimitedReader(const QString &path, char separator)
        : m_file(path)
        , m_sep(separator)
    {
        if (!m_file.open(QIODevice::ReadOnly))
            throw Error(QStringLiteral("Cannot open %1: %2").arg(path, m_file.errorString()));
    }
    qint64 size() const { return m_file.size(); }
    qint64 position() const { return m_file.pos() - (m_buffer.size() - m_pos); }
    /// Next record as raw UTF-8 fields; startLine is the line it begins on. False at the end.
    bool next(QList<QByteArray> &fields, qint64 &startLine, bool &unterminated)
    {
        fields.clear();
        unterminated = false;
        if (peek() < 0)
            return false;
        startLine = m_line;
        QByteArray field;
        bool quoted = false, wasQuoted = false;
        for (;;) {
            const int c = get();
            if (c < 0) {
                unterminated = quoted;
                fields << field;
                return true;
            }
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        get();
                        field += '"';
                    } else {
                        quoted = false;
                    }
                } else {
                    field += char(c);
                }
                continue;
            }
            if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = wasQuoted = true;
            } else if (c == m_sep) {
                fields << field;
                field.clear();
                wasQuoted = false;
            } else if (c == '\n') {
                if (field.endsWith('\r'))
                    field.chop(1);
                fields << field;
                return true;
            } else {
                field += char(c);
            }
        }
    }

private:
    int peek()
    {
        if (m_pos >= m_buffer.size()) {
            m_buffer = m_file.read(1 << 20);
            m_pos = 0;
            if (m_buffer.isEmpty())
                return -1;
        }
        return static_cast<unsigned char>(m_buffer[m_pos]);
    }
    int get()
    {
        const int c = peek();
        if (c >= 0) {
            ++m_pos;
            if (c == '\n')
                ++m_line;
        }
        return c;
    }

    QFile m_file;
    char m_sep;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_line = 1;
};

void readDelimited(const QString &path, char separator, const ReaderOptions &options, const ExampleSink &sink,
                   ReadReport &report)
{
    DelimitedReader reader(path, separator);
    if (reader.size() == 0) {
        report.problem(0, QStringLiteral("empty file"), QStringLiteral("the file has no header row"));
        return;
    }
    QList<QByteArray> raw;
    qint64 line = 0;
    bool unterminated = false;
    QStringList header;
    auto decode = [](const QList<QByteArray> &in, QStringList &out) {
        out.clear();
        for (const QByteArray &b : in) {
            QStringDecoder d(QStringDecoder::Utf8);
            QString s = d(b);
            if (d.hasError())
                return false;
            out << s;
        }
        return true;
    };
    if (!reader.next(raw, line, unterminated) || !decode(raw, header)) {
        report.problem(1, skip::invalidUtf8(), QStringLiteral("the header row is not valid UTF-8"));
        return;
    }
    if (!header.isEmpty() && header[0].startsWith(QChar(0xFEFF)))
        header[0].remove(0, 1);
    for (QString &h : header)
        h = h.trimmed();
    QStringList values;
    while (reader.next(raw, line, unterminated)) {
        if (raw.size() == 1 && raw[0].trimmed().isEmpty())
            continue;
        ++report.read;
        report.position = reader.position();
        if (unterminated) {
            report.skip(line, {}, skip::badRow(),
                        QStringLiteral("a quoted field is not closed before the end of the file"));
            continue;
        }
        if (!decode(raw, values)) {
            report.skip(line, {}, skip::invalidUtf8(), QStringLiteral("the row is not valid UTF-8"));
            continue;
        }
        if (values.size() != header.size()) {
            report.skip(line, {}, skip::badRow(),
                        QStringLiteral("expected %1 columns, found %2").arg(header.size()).arg(values.size()));
            continue;
        }
        auto lookup = [&](const QString &column) -> std::optional<QString> {
            const qsizetype i = header.indexOf(column);
            if (i < 0)
                return std::nullopt;
            return values[i];
        };
        Example e;
        QString reason, detail;
        if (!buildCustom(lookup, options, line, e, reason, detail)) {
            report.skip(line, e.id, reason, detail);
            continue;
        }
        ++report.imported;
        sink(std::move(e));
    }
}

} // namespace

QStringList customFields()
{
    return { QStringLiteral("id"),       QStringLiteral("question"), QStringLiteral("context"),
             QStringLiteral("document"), QStringLiteral("answer"),   QStringLiteral("summary"),
             QStringLiteral("task"),     QStringLiteral("split") };
}

char csvSeparator(const QString &path)
{
    QFile f(path);
    if (fileKind(path) != QLatin1String("a regular file") || !f.open(QIODevice::ReadOnly))
        return ',';
    const QByteArray header = f.readLine(1 << 16);
    int commas = 0, semicolons = 0;
    bool quoted = false;
    for (const char c : header) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            ++commas;
        else if (!quoted && c == ';')
            ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
}

void readCustom(const QString &path, DataFormat format, const ReaderOptions &options, const ExampleSink &sink,
                ReadReport &report)
{
    if (format == DataFormat::CustomCsv)
        return readDelimited(path, csvSeparator(path), options, sink, report);
    if (format == DataFormat::CustomTsv)
        return readDelimited(path, '\t', options, sink, report);
    if (format == DataFormat::CustomJsonl) {
        forEachJsonLine(path, report,
                        [&](const QJsonObject &o, qint64 line) { fromObject(o, line, options, sink, report); });
        return;
    }
    JsonMemberStream stream(path);
    try {
        if (stream.isEmptyFile()) {
            report.problem(0, QStringLiteral("empty file"), QStringLiteral("the file has no records"));
            return;
        }
        if (stream.isObject()) {
            report.problem(1, skip::wrongType(), QStringLiteral("expected a JSON array of objects"));
            return;
        }
        QString key, reason, detail;
        QByteArray raw;
        qint64 line = 0;
        QJsonObject o;
        while (stream.next(key, raw, line)) {
            ++report.read;
            report.position = stream.position();
            if (!parseJsonObject(raw, o, reason, detail)) {
                report.skip(line, {}, reason, detail);
                continue;
            }
            fromObject(o, line, options, sink, report);
        }
    } catch (const JsonStreamError &e) {
        report.problem(e.line, skip::invalidJson(), e.message + QStringLiteral("; nothing after this point was read"));
    }
}

} // namespace medtune
