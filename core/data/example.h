// The unified example: what every dataset reader produces and every later stage (prompt
// formatting, training, evaluation, review) consumes, whatever the source format.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringView>
#include <optional>

namespace medtune {

enum class TaskKind : quint8 { MedicalQa = 0, Summarization = 1 };

/// "medical_qa" or "summarization".
QString taskName(TaskKind task);
/// Parses a task name (also accepts "qa"); empty when unknown.
std::optional<TaskKind> parseTask(const QString &name);

/// Split names used everywhere: "train", "validation", "test".
namespace split {
inline QString train()
{
    return QStringLiteral("train");
}
inline QString validation()
{
    return QStringLiteral("validation");
}
inline QString test()
{
    return QStringLiteral("test");
}
/// 0 train, 1 validation, 2 test, 255 unknown.
quint8 code(const QString &name);
QString name(quint8 code);
} // namespace split

struct Example
{
    QString id; ///< the source's own record id (PMID, MedMCQA id, QID...)
    QString source; ///< "pubmedqa", "medmcqa", "mediqa", "mediqa_ans", "pubmed_summarization", ...
    QString split; ///< train / validation / test
    TaskKind task = TaskKind::MedicalQa;
    QString question; ///< QA: the question (MedMCQA: with its options listed)
    QString context; ///< QA: optional context block (may be cut by the length policy)
    QString document; ///< summarization: the text to summarize (may be cut)
    QString answer; ///< the reference target; empty for unlabelled records
    QJsonObject meta; ///< source metadata kept for evaluation (decision, options, scores...)

    bool labelled() const { return !answer.isEmpty(); }
    /// The text the model reads: question + context, or the document.
    QString inputText() const;
    /// 64-bit hash of the normalized input text (case, punctuation and whitespace
    /// insensitive): identical questions or documents hash alike across datasets.
    quint64 inputHash() const;

    QJsonObject toJson() const;
    /// Throws Error when a required key is missing.
    static Example fromJson(const QJsonObject &object);
};

/// Collapses every run of whitespace (spaces, tabs, newlines, NBSP) into one space and
/// trims both ends.
QString normalizeWhitespace(QStringView text);
/// Like normalizeWhitespace but keeps single line breaks between non-empty lines.
QString normalizeLines(QStringView text);
/// FNV-1a 64 (over UTF-16 units) of the lower-cased letters and digits of text only. Pass a previous result
/// as seed to continue a hash over several parts (separators do not count anyway).
quint64 normalizedTextHash(QStringView text, quint64 seed = 14695981039346656037ull);

} // namespace medtune
