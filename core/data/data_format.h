// The dataset formats the workbench reads, the options readers take, and the one entry
// point that reads a file in a given format.
#pragma once

#include "data/read_report.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace medtune {

enum class DataFormat {
    Auto,
    PubMedQaOfficial, ///< ori_pqal/pqaa/pqau.json: one object keyed by PMID
    PubMedQaSplit, ///< test_ground_truth.json: {PMID: decision}
    PubMedQaHf, ///< Hugging Face export, JSON Lines
    MedMcqa, ///< JSON Lines, cop 1-4 (original) or 0-3 (Hugging Face)
    MediqaQa, ///< MEDIQA 2019 Task 3 XML
    MediqaAns, ///< MEDIQA-AnS answer summarization JSON
    PubMedSummarization, ///< ccdv/pubmed-summarization JSON Lines (article, abstract)
    ScientificPapers, ///< Cohan et al. original JSON Lines (article_text, abstract_text)
    ScientificPapersHf, ///< Hugging Face scientific_papers/pubmed export
    CustomJsonl,
    CustomJson, ///< a JSON array of objects
    CustomCsv,
    CustomTsv,
};

QString formatName(DataFormat format);
/// Parses a name from formatNames(); empty when unknown.
std::optional<DataFormat> parseFormat(const QString &name);
QStringList formatNames();

struct ReaderOptions
{
    /// Custom formats: example field (id, question, context, document, answer, summary,
    /// task, split) -> column or key in the file. Unmapped fields use the column of the
    /// same name when there is one.
    QMap<QString, QString> mapping;
    std::optional<TaskKind> task; ///< forces the task of every example
    int medmcqaCopBase = -1; ///< 1 (original), 0 (Hugging Face), or -1 to detect
    QString sourceName; ///< custom formats: the source label (default "custom")
};

/// Reads path in format (not Auto) and calls sink for each example. Per-record problems go
/// into report; throws Error only when the file cannot be read at all.
void readDataFile(const QString &path, DataFormat format, const ReaderOptions &options, const ExampleSink &sink,
                  ReadReport &report);

} // namespace medtune
