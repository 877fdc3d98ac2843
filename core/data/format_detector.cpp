#include "data/format_detector.h"

#include "util/error.h"
#include "util/regular_file.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace medtune {

DataFormat detectFormat(const QString &path, QString *why)
{
    requireRegularFile(path); // a named pipe would block here
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot open %1: %2").arg(path, f.errorString()),
                    QStringLiteral("check the path and the file's permissions"));
    QByteArray head = f.read(1 << 20);
    if (head.startsWith("\xEF\xBB\xBF"))
        head.remove(0, 3);
    const QByteArray trimmed = head.trimmed();
    auto say = [why](DataFormat f, const QString &evidence) {
        if (why)
            *why = evidence;
        return f;
    };
    if (trimmed.isEmpty())
        throw Error(QStringLiteral("%1 is empty").arg(path), QStringLiteral("choose a file that holds records"));
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"csv")
        return say(DataFormat::CustomCsv, QStringLiteral("the .csv extension"));
    if (suffix == u"tsv" || suffix == u"tab")
        return say(DataFormat::CustomTsv, QStringLiteral("the .tsv extension"));
    const char first = trimmed[0];
    if (first == '<') {
        if (head.contains("<Question") && (head.contains("<AnswerList") || head.contains("<QuestionText")))
            return say(DataFormat::MediqaQa,
                       QStringLiteral("XML with <Question> and <AnswerList> (MEDIQA 2019 Task 3)"));
        throw Error(QStringLiteral("%1 is XML but not MEDIQA question answering XML").arg(path),
                    QStringLiteral("the XML format read is MEDIQA 2019 Task 3 (<Question QID>...)"));
    }
    if (first == '[')
        return say(DataFormat::CustomJson, QStringLiteral("a JSON array"));
    if (first != '{')
        throw Error(QStringLiteral("Cannot recognize the format of %1").arg(path),
                    QStringLiteral("it is neither JSON, JSON Lines, XML, CSV nor TSV; give the format explicitly"));

    if (head.contains("\"answer_abs_summ\"") || head.contains("\"multi_abs_summ\""))
        return say(DataFormat::MediqaAns, QStringLiteral("a JSON object with answer_abs_summ (MEDIQA-AnS)"));
    static const QRegularExpression keyedByNumber(QStringLiteral("^\\{\\s*\"(\\d+)\"\\s*:\\s*(\\S)"));
    const auto m = keyedByNumber.match(QString::fromUtf8(trimmed.left(256)));
    if (m.hasMatch()) {
        if (m.captured(2) == u"\"")
            return say(DataFormat::PubMedQaSplit,
                       QStringLiteral("a JSON object {PMID: decision} (PubMedQA split file)"));
        if (head.contains("\"QUESTION\""))
            return say(DataFormat::PubMedQaOfficial,
                       QStringLiteral("a JSON object keyed by PMID with QUESTION (PubMedQA)"));
    }
    // JSON Lines: decide by the keys of the first record(s).
    const qsizetype nl = head.indexOf('\n');
    const QByteArray firstRecord = nl > 0 ? head.left(nl) : head;
    auto has = [&](const char *key) { return firstRecord.contains(QByteArray("\"") + key + "\""); };
    if (has("pubid") && has("question"))
        return say(DataFormat::PubMedQaHf,
                   QStringLiteral("JSON Lines with pubid and question (PubMedQA, Hugging Face)"));
    if (has("opa") && has("question"))
        return say(DataFormat::MedMcqa, QStringLiteral("JSON Lines with opa..opd (MedMCQA)"));
    if (has("article_text") || has("abstract_text"))
        return say(DataFormat::ScientificPapers,
                   QStringLiteral("JSON Lines with article_text and abstract_text (Scientific Papers, original)"));
    if (has("article") && has("section_names"))
        return say(
            DataFormat::ScientificPapersHf,
            QStringLiteral("JSON Lines with article, abstract and section_names (Scientific Papers, Hugging Face)"));
    if (has("article"))
        return say(DataFormat::PubMedSummarization,
                   QStringLiteral("JSON Lines with article and abstract (PubMed summarization)"));
    return say(DataFormat::CustomJsonl,
               QStringLiteral("JSON Lines of another shape (map its fields to the example's)"));
}

} // namespace medtune
