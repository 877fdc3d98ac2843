#include "review/delimited_table.h"

#include "util/error.h"

namespace medtune {

std::vector<CsvRecord> parseCsv(const QString &input, const QString &fileName)
{
    QString text = input;
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    std::vector<CsvRecord> records;
    CsvRecord current;
    QString field;
    bool inQuotes = false;
    bool fieldStarted = false;
    int line = 1;
    current.line = 1;
    auto endField = [&] {
        current.fields << field;
        field.clear();
        fieldStarted = false;
    };
    auto endRecord = [&] {
        endField();
        // A blank line is no record.
        if (!(current.fields.size() == 1 && current.fields[0].isEmpty()))
            records.push_back(current);
        current = CsvRecord {};
        current.line = line;
    };
    const qsizetype n = text.size();
    int quoteLine = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < n && text[i + 1] == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    inQuotes = false;
                    // After a closing quote only a comma or the end of the line may follow.
                    qsizetype next = i + 1;
                    if (next < n && text[next] == u'\r' && next + 1 < n && text[next + 1] == u'\n')
                        ++next;
                    if (next < n && text[next] != u',' && text[next] != u'\n') {
                        current.malformed
                            = QStringLiteral("text after the closing quote of field %1 (a double quote inside a"
                                             " quoted field must be written twice)")
                                  .arg(current.fields.size() + 1);
                        while (i + 1 < n && text[i + 1] != u'\n')
                            ++i;
                    }
                }
            } else {
                if (c == u'\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted && field.isEmpty()) {
            inQuotes = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == u',') {
            endField();
        } else if (c == u'\r' && i + 1 < n && text[i + 1] == u'\n') {
            continue;
        } else if (c == u'\n') {
            ++line;
            endRecord();
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (inQuotes)
        throw Error(QStringLiteral("%1line %2: a quoted field is never closed")
                        .arg(fileName.isEmpty() ? QString() : fileName + QStringLiteral(", "))
                        .arg(quoteLine),
                    QStringLiteral("a double quote inside a quoted field must be written twice (\"\")"));
    if (!field.isEmpty() || !current.fields.isEmpty() || fieldStarted)
        endRecord();
    return records;
}

QString csvLine(const QStringList &fields)
{
    QStringList out;
    for (const QString &f : fields) {
        if (f.contains(u',') || f.contains(u'"') || f.contains(u'\n') || f.contains(u'\r') || f.startsWith(u' ')
            || f.endsWith(u' ')) {
            QString q = f;
            q.replace(QStringLiteral("\""), QStringLiteral("\"\""));
            out << u'"' + q + u'"';
        } else {
            out << f;
        }
    }
    return out.join(u',') + QStringLiteral("\r\n");
}

} // namespace medtune
