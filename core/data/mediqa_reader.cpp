#include "data/mediqa_reader.h"

#include "data/json_stream.h"
#include "util/error.h"

#include <QFile>
#include <QJsonArray>
#include <QXmlStreamReader>
#include <algorithm>

namespace medtune {
namespace {

struct Answer
{
    QString aid, url, text;
    int systemRank = 0, referenceRank = 0, referenceScore = 0;
};

bool intAttribute(const QXmlStreamAttributes &a, const char *name, int &out, QString &detail)
{
    if (!a.hasAttribute(QLatin1String(name))) {
        detail = QStringLiteral("attribute %1 is missing").arg(QLatin1String(name));
        return false;
    }
    const QStringView v = a.value(QLatin1String(name));
    bool ok = false;
    out = v.toInt(&ok);
    if (!ok)
        detail = QStringLiteral("attribute %1 must be an integer, not '%2'").arg(QLatin1String(name), v.toString());
    return ok;
}

} // namespace

void readMediqaQa(const QString &path, const ExampleSink &sink, ReadReport &report)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot open %1: %2").arg(path, f.errorString()));
    if (f.size() == 0) {
        report.problem(0, QStringLiteral("empty file"), QStringLiteral("the file has no records"));
        return;
    }
    QXmlStreamReader xml(&f);
    bool inQuestion = false;
    qint64 questionLine = 0;
    QString qid, questionText, badDetail, badReason;
    bool haveText = false;
    QList<Answer> answers;
    Answer current;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const auto name = xml.name();
            if (name == u"Question") {
                inQuestion = true;
                ++report.read;
                report.position = xml.characterOffset(); // close to the byte offset for mostly-ASCII XML
                questionLine = xml.lineNumber();
                qid = xml.attributes().value(QLatin1String("QID")).toString();
                questionText.clear();
                haveText = false;
                answers.clear();
                badDetail.clear();
                badReason.clear();
            } else if (inQuestion && name == u"QuestionText") {
                questionText = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                haveText = true;
            } else if (inQuestion && name == u"Answer") {
                current = Answer {};
                const QXmlStreamAttributes a = xml.attributes();
                current.aid = a.value(QLatin1String("AID")).toString();
                QString detail;
                if (badReason.isEmpty()
                    && (!intAttribute(a, "SystemRank", current.systemRank, detail)
                        || !intAttribute(a, "ReferenceRank", current.referenceRank, detail)
                        || !intAttribute(a, "ReferenceScore", current.referenceScore, detail))) {
                    badReason = a.hasAttribute(QLatin1String("ReferenceScore"))
                            && a.hasAttribute(QLatin1String("ReferenceRank"))
                        ? skip::wrongType()
                        : skip::missingField();
                    badDetail = QStringLiteral("answer %1: %2").arg(current.aid, detail);
                }
            } else if (inQuestion && name == u"AnswerURL") {
                current.url = xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            } else if (inQuestion && name == u"AnswerText") {
                current.text = normalizeWhitespace(xml.readElementText(QXmlStreamReader::IncludeChildElements));
            }
        } else if (token == QXmlStreamReader::EndElement) {
            const auto name = xml.name();
            if (inQuestion && name == u"Answer") {
                answers << current;
            } else if (inQuestion && name == u"Question") {
                inQuestion = false;
                if (!badReason.isEmpty()) {
                    report.skip(questionLine, qid, badReason, badDetail);
                    continue;
                }
                if (qid.isEmpty()) {
                    report.skip(questionLine, {}, skip::missingField(), QStringLiteral("attribute QID is missing"));
                    continue;
                }
                if (!haveText || normalizeWhitespace(questionText).isEmpty()) {
                    report.skip(questionLine, qid, skip::missingField(),
                                QStringLiteral("element QuestionText is missing"));
                    continue;
                }
                Example e;
                e.id = qid;
                e.source = QStringLiteral("mediqa");
                e.task = TaskKind::MedicalQa;
                e.question = normalizeWhitespace(questionText);
                QJsonArray metaAnswers;
                const Answer *best = nullptr;
                for (const Answer &a : answers) {
                    const bool correct = a.referenceScore >= 3;
                    metaAnswers.append(QJsonObject { { QStringLiteral("aid"), a.aid },
                                                     { QStringLiteral("system_rank"), a.systemRank },
                                                     { QStringLiteral("reference_rank"), a.referenceRank },
                                                     { QStringLiteral("reference_score"), a.referenceScore },
                                                     { QStringLiteral("correct"), correct },
                                                     { QStringLiteral("url"), a.url },
                                                     { QStringLiteral("text"), a.text } });
                    if (correct && !a.text.isEmpty() && (!best || a.referenceRank < best->referenceRank))
                        best = &a;
                }
                e.meta.insert(QStringLiteral("answers"), metaAnswers);
                if (best) {
                    e.answer = best->text;
                    e.meta.insert(QStringLiteral("reference_aid"), best->aid);
                }
                ++report.imported;
                sink(std::move(e));
            }
        }
    }
    if (xml.hasError()) {
        if (inQuestion)
            report.skip(xml.lineNumber(), qid, skip::brokenXml(),
                        xml.errorString() + QStringLiteral("; nothing after this point was read"));
        else
            report.problem(xml.lineNumber(), skip::brokenXml(),
                           xml.errorString() + QStringLiteral("; nothing after this point was read"));
    }
}

void readMediqaAns(const QString &path, const ExampleSink &sink, ReadReport &report)
{
    JsonMemberStream stream(path);
    try {
        if (stream.isEmptyFile()) {
            report.problem(0, QStringLiteral("empty file"), QStringLiteral("the file has no records"));
            return;
        }
        if (!stream.isObject()) {
            report.problem(1, skip::wrongType(), QStringLiteral("expected one JSON object keyed by question id"));
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
            QString question;
            if (!stringField(o, QStringLiteral("question"), question, reason, detail)) {
                report.skip(line, key, reason, detail);
                continue;
            }
            const QJsonValue answersValue = o.value(QStringLiteral("answers"));
            if (!answersValue.isObject()) {
                report.skip(line, key, answersValue.isUndefined() ? skip::missingField() : skip::wrongType(),
                            answersValue.isUndefined() ? QStringLiteral("field 'answers' is missing")
                                                       : QStringLiteral("field 'answers' must be an object"));
                continue;
            }
            const QJsonObject answers = answersValue.toObject();
            std::vector<Example> examples;
            QStringList articles;
            bool bad = false;
            for (auto it = answers.begin(); it != answers.end() && !bad; ++it) {
                const QJsonObject a = it.value().toObject();
                QString article, abs;
                if (!stringField(a, QStringLiteral("article"), article, reason, detail)
                    || !stringField(a, QStringLiteral("answer_abs_summ"), abs, reason, detail)) {
                    detail = QStringLiteral("answer %1: %2").arg(it.key(), detail);
                    bad = true;
                    break;
                }
                Example e;
                e.id = key + u'/' + it.key();
                e.source = QStringLiteral("mediqa_ans");
                e.task = TaskKind::Summarization;
                e.question = normalizeWhitespace(question);
                e.document = normalizeWhitespace(article);
                e.answer = normalizeWhitespace(abs);
                e.meta.insert(QStringLiteral("summary_kind"), QStringLiteral("single_abstractive"));
                for (const char *k : { "answer_ext_summ", "section", "url", "rating" })
                    if (a.contains(QLatin1String(k)))
                        e.meta.insert(QLatin1String(k), a.value(QLatin1String(k)));
                articles << e.document;
                examples.push_back(std::move(e));
            }
            if (bad) {
                report.skip(line, key, reason, detail);
                continue;
            }
            QString multi;
            if (o.value(QStringLiteral("multi_abs_summ")).isString() && !articles.isEmpty()) {
                multi = normalizeWhitespace(o.value(QStringLiteral("multi_abs_summ")).toString());
                Example e;
                e.id = key + QStringLiteral("/multi");
                e.source = QStringLiteral("mediqa_ans");
                e.task = TaskKind::Summarization;
                e.question = normalizeWhitespace(question);
                e.document = articles.join(u'\n');
                e.answer = multi;
                e.meta.insert(QStringLiteral("summary_kind"), QStringLiteral("multi_abstractive"));
                if (o.contains(QStringLiteral("multi_ext_summ")))
                    e.meta.insert(QStringLiteral("multi_ext_summ"), o.value(QStringLiteral("multi_ext_summ")));
                examples.push_back(std::move(e));
            }
            for (Example &e : examples) {
                ++report.imported;
                sink(std::move(e));
            }
        }
    } catch (const JsonStreamError &e) {
        report.problem(e.line, skip::invalidJson(), e.message + QStringLiteral("; nothing after this point was read"));
    }
}

} // namespace medtune
