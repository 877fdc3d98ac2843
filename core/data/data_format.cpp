#include "data/data_format.h"

#include "data/custom_reader.h"
#include "data/mediqa_reader.h"
#include "data/medmcqa_reader.h"
#include "data/pubmed_summarization_reader.h"
#include "data/pubmedqa_reader.h"
#include "data/scientific_papers_reader.h"
#include "util/error.h"
#include "util/regular_file.h"

#include <array>

namespace medtune {
namespace {
struct FormatEntry
{
    DataFormat format;
    const char16_t *name;
};
constexpr std::array kFormats = {
    FormatEntry { DataFormat::Auto, u"auto" },
    FormatEntry { DataFormat::PubMedQaOfficial, u"pubmedqa" },
    FormatEntry { DataFormat::PubMedQaSplit, u"pubmedqa-split" },
    FormatEntry { DataFormat::PubMedQaHf, u"pubmedqa-hf" },
    FormatEntry { DataFormat::MedMcqa, u"medmcqa" },
    FormatEntry { DataFormat::MediqaQa, u"mediqa-qa" },
    FormatEntry { DataFormat::MediqaAns, u"mediqa-ans" },
    FormatEntry { DataFormat::PubMedSummarization, u"pubmed-summarization" },
    FormatEntry { DataFormat::ScientificPapers, u"scientific-papers" },
    FormatEntry { DataFormat::ScientificPapersHf, u"scientific-papers-hf" },
    FormatEntry { DataFormat::CustomJsonl, u"jsonl" },
    FormatEntry { DataFormat::CustomJson, u"json" },
    FormatEntry { DataFormat::CustomCsv, u"csv" },
    FormatEntry { DataFormat::CustomTsv, u"tsv" },
};
} // namespace

QString formatName(DataFormat format)
{
    for (const FormatEntry &e : kFormats)
        if (e.format == format)
            return QString::fromUtf16(e.name);
    return {};
}

std::optional<DataFormat> parseFormat(const QString &name)
{
    for (const FormatEntry &e : kFormats)
        if (name.compare(QString::fromUtf16(e.name), Qt::CaseInsensitive) == 0)
            return e.format;
    return std::nullopt;
}

QStringList formatNames()
{
    QStringList names;
    for (const FormatEntry &e : kFormats)
        names << QString::fromUtf16(e.name);
    return names;
}

void readDataFile(const QString &path, DataFormat format, const ReaderOptions &options, const ExampleSink &sink,
                  ReadReport &report)
{
    requireRegularFile(path); // a named pipe would block the reader forever
    report.file = path;
    report.format = formatName(format);
    switch (format) {
    case DataFormat::PubMedQaOfficial:
        return readPubMedQaOfficial(path, sink, report);
    case DataFormat::PubMedQaHf:
        return readPubMedQaHf(path, sink, report);
    case DataFormat::PubMedQaSplit:
        readPubMedQaSplitFile(path, report);
        return;
    case DataFormat::MedMcqa:
        return readMedMcqa(path, options, sink, report);
    case DataFormat::MediqaQa:
        return readMediqaQa(path, sink, report);
    case DataFormat::MediqaAns:
        return readMediqaAns(path, sink, report);
    case DataFormat::PubMedSummarization:
        return readPubMedSummarization(path, sink, report);
    case DataFormat::ScientificPapers:
        return readScientificPapers(path, sink, report);
    case DataFormat::ScientificPapersHf:
        return readScientificPapersHf(path, sink, report);
    case DataFormat::CustomJsonl:
    case DataFormat::CustomJson:
    case DataFormat::CustomCsv:
    case DataFormat::CustomTsv:
        return readCustom(path, format, options, sink, report);
    case DataFormat::Auto:
        break;
    }
    throw UsageError(QStringLiteral("No format given for %1").arg(path), QStringLiteral("detect the format first"));
}

} // namespace medtune
