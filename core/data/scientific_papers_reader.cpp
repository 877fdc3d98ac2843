#include "data/scientific_papers_reader.h"

#include "data/json_stream.h"

#include <QJsonArray>

namespace medtune {

QString stripSentenceTags(const QString &text)
{
    QString t = text;
    t.replace(QStringLiteral("<S>"), QStringLiteral(" ")).replace(QStringLiteral("</S>"), QStringLiteral(" "));
    return normalizeWhitespace(t);
}

void readScientificPapers(const QString &path, const ExampleSink &sink, ReadReport &report)
{
    forEachJsonLine(path, report, [&](const QJsonObject &o, qint64 line) {
        const QString id = idText(o.value(QStringLiteral("article_id")));
        if (id.isEmpty()) {
            report.skip(line, {}, skip::missingField(), QStringLiteral("field 'article_id' is missing"));
            return;
        }
        QString article, abstract, reason, detail;
        if (!textField(o, QStringLiteral("article_text"), QStringLiteral(" "), article, reason, detail)
            || !textField(o, QStringLiteral("abstract_text"), QStringLiteral(" "), abstract, reason, detail)) {
            report.skip(line, id, reason, detail);
            return;
        }
        Example e;
        e.id = id;
        e.source = QStringLiteral("scientific_papers");
        e.task = TaskKind::Summarization;
        e.document = normalizeWhitespace(article);
        e.answer = stripSentenceTags(abstract);
        if (e.document.isEmpty()) {
            report.skip(line, id, skip::emptyText(), QStringLiteral("the article is empty"));
            return;
        }
        if (o.value(QStringLiteral("section_names")).isArray())
            e.meta.insert(QStringLiteral("section_names"), o.value(QStringLiteral("section_names")));
        ++report.imported;
        sink(std::move(e));
    });
}

void readScientificPapersHf(const QString &path, const ExampleSink &sink, ReadReport &report)
{
    forEachJsonLine(path, report, [&](const QJsonObject &o, qint64 line) {
        QString id = idText(o.value(QStringLiteral("id")));
        if (id.isEmpty())
            id = QStringLiteral("line-%1").arg(line);
        QString article, abstract, reason, detail;
        if (!stringField(o, QStringLiteral("article"), article, reason, detail)
            || !stringField(o, QStringLiteral("abstract"), abstract, reason, detail)) {
            report.skip(line, id, reason, detail);
            return;
        }
        Example e;
        e.id = id;
        e.source = QStringLiteral("scientific_papers");
        e.task = TaskKind::Summarization;
        e.document = normalizeWhitespace(article);
        e.answer = stripSentenceTags(abstract);
        if (e.document.isEmpty()) {
            report.skip(line, id, skip::emptyText(), QStringLiteral("the article is empty"));
            return;
        }
        const QJsonValue sections = o.value(QStringLiteral("section_names"));
        if (sections.isString())
            e.meta.insert(QStringLiteral("section_names"),
                          QJsonArray::fromStringList(sections.toString().split(u'\n', Qt::SkipEmptyParts)));
        ++report.imported;
        sink(std::move(e));
    });
}

} // namespace medtune
