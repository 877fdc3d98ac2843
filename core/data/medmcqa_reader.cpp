#include "data/medmcqa_reader.h"

#include "data/json_stream.h"
#include "util/error.h"

#include <QFile>
#include <QJsonArray>

namespace medtune {

int detectMedMcqaCopBase(const QString &path, QString *evidence)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot open %1: %2").arg(path, f.errorString()));
    bool seen[5] = { false, false, false, false, false };
    QByteArray carry;
    while (!f.atEnd()) {
        QByteArray chunk = carry + f.read(1 << 20);
        qsizetype pos = 0;
        for (;;) {
            pos = chunk.indexOf("\"cop\"", pos);
            if (pos < 0 || pos + 16 > chunk.size())
                break;
            qsizetype i = pos + 5;
            while (i < chunk.size() && (chunk[i] == ' ' || chunk[i] == ':'))
                ++i;
            if (i < chunk.size() && chunk[i] >= '0' && chunk[i] <= '4'
                && (i + 1 >= chunk.size() || chunk[i + 1] < '0' || chunk[i + 1] > '9'))
                seen[chunk[i] - '0'] = true;
            pos = i;
        }
        carry = chunk.right(16);
    }
    if (seen[0]) {
        if (evidence)
            *evidence = QStringLiteral("answers numbered 0-3 (Hugging Face export): a cop of 0 occurs");
        return 0;
    }
    if (evidence)
        *evidence = seen[4]
            ? QStringLiteral("answers numbered 1-4 (original release): a cop of 4 occurs")
            : QStringLiteral("answers numbered 1-4 (original release) assumed: no cop of 0 or 4 occurs; "
                             "use the Hugging Face numbering option if the file is an export");
    return 1;
}

void readMedMcqa(const QString &path, const ReaderOptions &options, const ExampleSink &sink, ReadReport &report)
{
    int base = options.medmcqaCopBase;
    QString evidence;
    if (base != 0 && base != 1)
        base = detectMedMcqaCopBase(path, &evidence);
    else
        evidence = base == 1 ? QStringLiteral("answers numbered 1-4 (original release), as requested")
                             : QStringLiteral("answers numbered 0-3 (Hugging Face export), as requested");
    report.notes << evidence;
    static const QStringList optionKeys
        = { QStringLiteral("opa"), QStringLiteral("opb"), QStringLiteral("opc"), QStringLiteral("opd") };
    qint64 unlabelled = 0;
    forEachJsonLine(path, report, [&](const QJsonObject &o, qint64 line) {
        QString reason, detail, question;
        const QString id = idText(o.value(QStringLiteral("id")));
        if (id.isEmpty()) {
            report.skip(line, {}, skip::missingField(), QStringLiteral("field 'id' is missing"));
            return;
        }
        if (!stringField(o, QStringLiteral("question"), question, reason, detail)) {
            report.skip(line, id, reason, detail);
            return;
        }
        QStringList opts;
        for (const QString &k : optionKeys) {
            QString v;
            if (!stringField(o, k, v, reason, detail)) {
                report.skip(line, id, reason, detail);
                return;
            }
            opts << normalizeWhitespace(v);
        }
        // cop: absent, null or -1 -> unlabelled (test files).
        int correct = -1;
        const QJsonValue cop = o.value(QStringLiteral("cop"));
        if (!cop.isUndefined() && !cop.isNull()) {
            if (!cop.isDouble() || cop.toDouble() != double(cop.toInt())) {
                report.skip(line, id, skip::wrongType(), QStringLiteral("field 'cop' must be an integer"));
                return;
            }
            const int v = cop.toInt();
            if (v != -1) {
                correct = v - base;
                if (correct < 0 || correct > 3) {
                    report.skip(line, id, skip::invalidValue(),
                                QStringLiteral("cop %1 is outside %2").arg(v).arg(base == 1 ? u"1-4" : u"0-3"));
                    return;
                }
            }
        }
        Example e;
        e.id = id;
        e.source = QStringLiteral("medmcqa");
        e.task = TaskKind::MedicalQa;
        QString q = normalizeWhitespace(question);
        if (q.isEmpty()) {
            report.skip(line, id, skip::emptyText(), QStringLiteral("the question is empty"));
            return;
        }
        for (int i = 0; i < 4; ++i)
            q += QStringLiteral("\n%1. %2").arg(QChar(u'A' + i)).arg(opts[i]);
        e.question = q;
        QJsonObject optionObject;
        for (int i = 0; i < 4; ++i)
            optionObject.insert(QString(QChar(u'A' + i)), opts[i]);
        e.meta.insert(QStringLiteral("options"), optionObject);
        QString explanation;
        if (o.value(QStringLiteral("exp")).isString())
            explanation = normalizeWhitespace(o.value(QStringLiteral("exp")).toString());
        if (correct >= 0) {
            const QChar letter(u'A' + correct);
            e.meta.insert(QStringLiteral("correct"), QString(letter));
            e.answer = QStringLiteral("Answer: %1. %2").arg(letter).arg(opts[correct]);
            if (!explanation.isEmpty())
                e.answer += QStringLiteral(" Explanation: ") + explanation;
        } else {
            ++unlabelled;
        }
        if (!explanation.isEmpty())
            e.meta.insert(QStringLiteral("explanation"), explanation);
        for (const char *k : { "choice_type", "subject_name", "topic_name" }) {
            const QJsonValue v = o.value(QLatin1String(k));
            if (v.isString())
                e.meta.insert(QLatin1String(k), v.toString());
        }
        ++report.imported;
        sink(std::move(e));
    });
    if (unlabelled > 0)
        report.notes << QStringLiteral("%1 records have no answer and were imported unlabelled").arg(unlabelled);
}

} // namespace medtune
