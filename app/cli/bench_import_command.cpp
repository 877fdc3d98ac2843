// medtune-cli bench import: generates a PubMed-summarization-shaped JSON Lines file of the
// requested size in a temporary folder, then measures the reader (parse + normalize, one
// core) and the whole import (plus hashing, splitting and writing the dataset) in MB/s,
// with the peak resident memory (VmHWM) after each.
#include "cli/commands.h"
#include "data/dataset_importer.h"
#include "data/pubmed_summarization_reader.h"
#include "util/error.h"
#include "util/process_memory.h"
#include "workspace/workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>

namespace medtune::cli {
namespace {

// Writes records until the file reaches bytes; articles of 4-40 kB of clinical-looking
// sentences with paragraph breaks, abstracts of about 1.5 kB.
void generate(const QString &path, qint64 bytes, quint64 seed)
{
    static const char *words[]
        = { "patients",   "treatment", "clinical", "study",     "outcome",  "mortality",   "randomised", "trial",
            "cohort",     "hospital",  "therapy",  "risk",      "analysis", "significant", "infection",  "cardiac",
            "renal",      "dose",      "placebo",  "follow-up", "adverse",  "events",      "incidence",  "interval",
            "confidence", "baseline",  "median",   "years",     "women",    "men",         "children",   "disease",
            "chronic",    "acute",     "severe",   "mild",      "the",      "of",          "and",        "in",
            "with",       "was",       "were",     "to",        "a",        "for",         "at",         "by" };
    constexpr int nWords = int(sizeof words / sizeof *words);
    QRandomGenerator rng { quint32(seed) };
    auto sentence = [&](QByteArray &out) {
        const int n = 8 + int(rng.bounded(18));
        for (int i = 0; i < n; ++i) {
            if (i)
                out += ' ';
            out += words[rng.bounded(nWords)];
        }
        out += " ( p = 0." + QByteArray::number(rng.bounded(1000)) + " ) .";
    };
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("Cannot write %1").arg(path),
                    QStringLiteral("check free space in the temporary folder"));
    QByteArray record;
    qint64 written = 0;
    while (written < bytes) {
        record = "{\"article\": \"";
        const int target = 4000 + int(rng.bounded(36000));
        while (record.size() < target) {
            sentence(record);
            record += rng.bounded(6) == 0 ? "\\n" : " ";
        }
        record += "\", \"abstract\": \"";
        const qsizetype start = record.size();
        while (record.size() - start < 1500) {
            sentence(record);
            record += ' ';
        }
        record += "\"}\n";
        if (f.write(record) != record.size())
            throw Error(QStringLiteral("Cannot write %1").arg(path),
                        QStringLiteral("check free space in the temporary folder"));
        written += record.size();
    }
}

} // namespace

int runBenchImport(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("size-mb"), QStringLiteral("Size of the generated file in MB (default 512)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("dir"),
                  QStringLiteral("Folder for the temporary file and workspace (default: system temp)."),
                  QStringLiteral("DIR") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Dataset reader and import throughput and peak memory.")))
        return cl.exitCode();
    if (!cl.arguments().isEmpty())
        throw UsageError(QStringLiteral("unexpected argument '%1'").arg(cl.arguments().front()));
    const qint64 rssAtStart = peakResidentBytes() / 1024; // the program's own baseline (Qt, libtorch)
    const int sizeMb = cl.isSet(QStringLiteral("size-mb")) ? cl.intValue(QStringLiteral("size-mb"), 1, 1 << 20) : 512;

    QTemporaryDir tmp(cl.isSet(QStringLiteral("dir"))
                          ? cl.value(QStringLiteral("dir")) + QStringLiteral("/medtune-bench-XXXXXX")
                          : QString());
    if (!tmp.isValid())
        throw Error(QStringLiteral("Cannot create a temporary folder"));
    const QString path = tmp.filePath(QStringLiteral("pubmed_summarization_bench.jsonl"));
    QElapsedTimer t;
    t.start();
    generate(path, qint64(sizeMb) << 20, 2026);
    const double genSeconds = t.elapsed() / 1000.0;
    const double mb = double(QFileInfo(path).size()) / double(1 << 20);
    const qint64 rssAfterGenerate = peakResidentBytes() / 1024;
    if (!cl.json())
        cl.out()
            << QStringLiteral("generated %1 MB in %2 s (%3)\n").arg(mb, 0, 'f', 1).arg(genSeconds, 0, 'f', 1).arg(path);
    cl.out().flush();

    // 1. Reader only: parse every line and normalize the text into Examples.
    ReadReport report;
    qint64 chars = 0;
    t.restart();
    readPubMedSummarization(
        path, [&](Example &&e) { chars += e.document.size() + e.answer.size(); }, report);
    const double readSeconds = t.elapsed() / 1000.0;
    const qint64 rssAfterRead = peakResidentBytes() / 1024;

    // 2. The whole import into a fresh workspace.
    double importSeconds = 0;
    qint64 imported = 0;
    {
        Workspace ws(tmp.filePath(QStringLiteral("workspace")));
        t.restart();
        const ImportResult r = importDataset(ws, { path });
        importSeconds = t.elapsed() / 1000.0;
        imported = r.dataset.exampleCount;
    }
    const qint64 rssAfterImport = peakResidentBytes() / 1024;

    const QJsonObject json { { QStringLiteral("file_mb"), mb },
                             { QStringLiteral("records"), report.read },
                             { QStringLiteral("reader_seconds"), readSeconds },
                             { QStringLiteral("reader_mb_per_s"), mb / readSeconds },
                             { QStringLiteral("import_seconds"), importSeconds },
                             { QStringLiteral("import_mb_per_s"), mb / importSeconds },
                             { QStringLiteral("imported"), imported },
                             { QStringLiteral("peak_rss_mb_at_start"), rssAtStart / 1024.0 },
                             { QStringLiteral("peak_rss_mb_after_generate"), rssAfterGenerate / 1024.0 },
                             { QStringLiteral("peak_rss_mb_after_reader"), rssAfterRead / 1024.0 },
                             { QStringLiteral("peak_rss_mb_after_import"), rssAfterImport / 1024.0 } };
    if (cl.json()) {
        cl.printJson(QJsonDocument(json));
        return Ok;
    }
    cl.out() << QStringLiteral("peak RSS at start (program baseline): %1 MB\n").arg(rssAtStart / 1024.0, 0, 'f', 1);
    cl.out() << QStringLiteral("reader (parse + normalize, 1 core): %1 records, %2 s, %3 MB/s, peak RSS %4 MB\n")
                    .arg(report.read)
                    .arg(readSeconds, 0, 'f', 2)
                    .arg(mb / readSeconds, 0, 'f', 1)
                    .arg(rssAfterRead / 1024.0, 0, 'f', 1);
    cl.out() << QStringLiteral(
                    "import (hash + read + split + dedup + write): %1 examples, %2 s, %3 MB/s, peak RSS %4 MB\n")
                    .arg(imported)
                    .arg(importSeconds, 0, 'f', 2)
                    .arg(mb / importSeconds, 0, 'f', 1)
                    .arg(rssAfterImport / 1024.0, 0, 'f', 1);
    return Ok;
}

} // namespace medtune::cli
