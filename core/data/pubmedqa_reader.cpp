#include "data/pubmedqa_reader.h"

#include "data/json_stream.h"

#include <QJsonArray>

namespace medtune {
namespace {

bool isDecision(const QString &d)
{
    return d == u"yes" || d == u"no" || d == u"maybe";
}

// Shared by both layouts once the fields are pulled out.
struct Fields
{
    QString id, question, longAnswer, decision;
    QJsonValue contexts, labels, meshes, year;
};

bool buildExample(const Fields &f, Example &e, QString &reason, QString &detail)
{
    if (!f.contexts.isArray()) {
        reason = f.contexts.isUndefined() || f.contexts.isNull() ? skip::missingField() : skip::wrongType();
        detail = reason == skip::missingField() ? QStringLiteral("field 'contexts' is missing")
                                                : QStringLiteral("field 'contexts' must be a list of strings");
        return false;
    }
    QStringList paragraphs;
    for (const QJsonValue &c : f.contexts.toArray()) {
        if (!c.isString()) {
            reason = skip::wrongType();
            detail = QStringLiteral("field 'contexts' must be a list of strings");
            return false;
        }
        const QString p = normalizeWhitespace(c.toString());
        if (!p.isEmpty())
            paragraphs << p;
    }
    if (!f.decision.isEmpty() && !isDecision(f.decision)) {
        reason = skip::invalidValue();
        detail = QStringLiteral("final_decision must be yes, no or maybe, not '%1'").arg(f.decision);
        return false;
    }
    e.id = f.id;
    e.source = QStringLiteral("pubmedqa");
    e.task = TaskKind::MedicalQa;
    e.question = normalizeWhitespace(f.question);
    if (e.question.isEmpty()) {
        reason = skip::emptyText();
        detail = QStringLiteral("the question is empty");
        return false;
    }
    e.context = paragraphs.join(u'\n');
    e.answer = pubMedQaTarget(f.decision, normalizeWhitespace(f.longAnswer));
    if (!f.decision.isEmpty())
        e.meta.insert(QStringLiteral("decision"), f.decision);
    e.meta.insert(QStringLiteral("long_answer"), normalizeWhitespace(f.longAnswer));
    if (f.labels.isArray())
        e.meta.insert(QStringLiteral("context_labels"), f.labels);
    if (f.meshes.isArray())
        e.meta.insert(QStringLiteral("meshes"), f.meshes);
    if (!f.year.isUndefined() && !f.year.isNull())
        e.meta.insert(QStringLiteral("year"), f.year);
    return true;
}

} // namespace

QString pubMedQaTarget(const QString &decision, const QString &longAnswer)
{
    if (decision.isEmpty())
        return longAnswer;
    QString d = decision;
    d[0] = d[0].toUpper();
    return longAnswer.isEmpty() ? d + u'.' : d + QStringLiteral(". ") + longAnswer;
}

void readPubMedQaOfficial(const QString &path, const ExampleSink &sink, ReadReport &report)
{
    JsonMemberStream stream(path);
    try {
        if (stream.isEmptyFile()) {
            report.problem(0, QStringLiteral("empty file"), QStringLiteral("the file has no records"));
            return;
        }
        if (!stream.isObject()) {
            report.problem(1, skip::wrongType(), QStringLiteral("expected one JSON object keyed by PMID"));
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
                report.skip(line, key, reason, detail);
                continue;
            }
            Fields f;
            f.id = key;
            if (!stringField(o, QStringLiteral("QUESTION"), f.question, reason, detail)
                || !stringField(o, QStringLiteral("LONG_ANSWER"), f.longAnswer, reason, detail)) {
                report.skip(line, key, reason, detail);
                continue;
            }
            if (o.contains(QStringLiteral("final_decision"))
                && !stringField(o, QStringLiteral("final_decision"), f.decision, reason, detail)) {
                report.skip(line, key, reason, detail);
                continue;
            }
            f.contexts = o.value(QStringLiteral("CONTEXTS"));
            f.labels = o.value(QStringLiteral("LABELS"));
            f.meshes = o.value(QStringLiteral("MESHES"));
            f.year = o.value(QStringLiteral("YEAR"));
            Example e;
            if (!buildExample(f, e, reason, detail)) {
                report.skip(line, key, reason,
                            detail.replace(QStringLiteral("'contexts'"), QStringLiteral("'CONTEXTS'")));
                continue;
            }
            ++report.imported;
            sink(std::move(e));
        }
    } catch (const JsonStreamError &e) {
        report.problem(e.line, skip::invalidJson(), e.message + QStringLiteral("; nothing after this point was read"));
    }
}

void readPubMedQaHf(const QString &path, const ExampleSink &sink, ReadReport &report)
{
    forEachJsonLine(path, report, [&](const QJsonObject &o, qint64 line) {
        Fields f;
        QString reason, detail;
        f.id = idText(o.value(QStringLiteral("pubid")));
        if (f.id.isEmpty()) {
            report.skip(line, {}, skip::missingField(), QStringLiteral("field 'pubid' is missing"));
            return;
        }
        if (!stringField(o, QStringLiteral("question"), f.question, reason, detail)
            || !stringField(o, QStringLiteral("long_answer"), f.longAnswer, reason, detail)
            || (o.contains(QStringLiteral("final_decision"))
                && !stringField(o, QStringLiteral("final_decision"), f.decision, reason, detail))) {
            report.skip(line, f.id, reason, detail);
            return;
        }
        const QJsonValue context = o.value(QStringLiteral("context"));
        if (!context.isObject()) {
            report.skip(line, f.id, context.isUndefined() ? skip::missingField() : skip::wrongType(),
                        context.isUndefined() ? QStringLiteral("field 'context' is missing")
                                              : QStringLiteral("field 'context' must be an object"));
            return;
        }
        const QJsonObject c = context.toObject();
        f.contexts = c.value(QStringLiteral("contexts"));
        f.labels = c.value(QStringLiteral("labels"));
        f.meshes = c.value(QStringLiteral("meshes"));
        Example e;
        if (!buildExample(f, e, reason, detail)) {
            report.skip(line, f.id, reason, detail);
            return;
        }
        ++report.imported;
        sink(std::move(e));
    });
}

QHash<QString, QString> readPubMedQaSplitFile(const QString &path, ReadReport &report)
{
    QHash<QString, QString> decisions;
    JsonMemberStream stream(path);
    try {
        if (stream.isEmptyFile()) {
            report.problem(0, QStringLiteral("empty file"), QStringLiteral("the file has no records"));
            return decisions;
        }
        if (!stream.isObject()) {
            report.problem(1, skip::wrongType(), QStringLiteral("expected one JSON object {PMID: decision}"));
            return decisions;
        }
        QString key, reason, detail;
        QByteArray raw;
        qint64 line = 0;
        QJsonValue v;
        while (stream.next(key, raw, line)) {
            ++report.read;
            report.position = stream.position();
            if (!parseJsonValue(raw, v, reason, detail)) {
                report.skip(line, key, reason, detail);
                continue;
            }
            if (!v.isString() || !isDecision(v.toString())) {
                report.skip(line, key, skip::invalidValue(), QStringLiteral("expected yes, no or maybe"));
                continue;
            }
            ++report.imported;
            decisions.insert(key, v.toString());
        }
    } catch (const JsonStreamError &e) {
        report.problem(e.line, skip::invalidJson(), e.message + QStringLiteral("; nothing after this point was read"));
    }
    report.notes << QStringLiteral("%1 PMIDs of the official test split").arg(decisions.size());
    return decisions;
}

} // namespace medtune
