#include "data/pubmed_summarization_reader.h"

#include "data/json_stream.h"

namespace medtune {

void readPubMedSummarization(const QString &path, const ExampleSink &sink, ReadReport &report)
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
        e.source = QStringLiteral("pubmed_summarization");
        e.task = TaskKind::Summarization;
        e.document = normalizeWhitespace(article);
        e.answer = normalizeWhitespace(abstract);
        if (e.document.isEmpty()) {
            report.skip(line, id, skip::emptyText(), QStringLiteral("the article is empty"));
            return;
        }
        ++report.imported;
        sink(std::move(e));
    });
}

} // namespace medtune
