// medtune-cli import: reads dataset files (format detected or given) into the workspace as
// one dataset, with per-file counts and the first problems; --samples imports the bundled
// sample datasets.
#include "cli/commands.h"
#include "data/custom_reader.h"
#include "data/dataset_importer.h"
#include "data/splits.h"
#include "util/column_mapping.h"
#include "util/error.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {
namespace {

QJsonObject resultJson(const ImportResult &r)
{
    QJsonArray files;
    for (const ReadReport &rep : r.reports)
        files.append(rep.toJson());
    return { { QStringLiteral("dataset_id"), r.dataset.id },
             { QStringLiteral("name"), r.dataset.name },
             { QStringLiteral("already_imported"), r.alreadyImported },
             { QStringLiteral("examples"), r.dataset.exampleCount },
             { QStringLiteral("duplicates_dropped"), r.duplicatesDropped },
             { QStringLiteral("duplicates_kept"), r.duplicatesKept },
             { QStringLiteral("leaks_removed"), r.leaksRemoved },
             { QStringLiteral("statistics"), r.dataset.stats },
             { QStringLiteral("files"), files } };
}

void printResult(QTextStream &out, const ImportResult &r)
{
    if (r.alreadyImported) {
        out << "Already imported as dataset " << r.dataset.id << " '" << r.dataset.name << "' ("
            << r.dataset.exampleCount << " examples); nothing changed.\n";
        return;
    }
    out << "Dataset " << r.dataset.id << " '" << r.dataset.name << "': " << r.dataset.exampleCount << " examples\n";
    for (const ReadReport &rep : r.reports) {
        out << "  " << rep.file << " [" << rep.format << "]: read " << rep.read << ", imported " << rep.imported
            << ", skipped " << rep.skippedTotal() << '\n';
        for (auto it = rep.skipped.begin(); it != rep.skipped.end(); ++it)
            out << "    skipped (" << it.key() << "): " << it.value() << '\n';
        for (const QString &n : rep.notes)
            out << "    note: " << n << '\n';
        for (qsizetype i = 0; i < rep.issues.size() && i < 10; ++i)
            out << "    " << rep.issues[i].toString() << '\n';
        if (rep.issues.size() > 10)
            out << "    ... " << rep.issues.size() - 10 << " more problems (see --json)\n";
    }
    if (r.duplicatesKept > 0)
        out << "  duplicates kept in official splits: " << r.duplicatesKept << '\n';
    if (r.leaksRemoved > 0)
        out << "  training records removed as copies of test/validation records: " << r.leaksRemoved << '\n';
    const QJsonObject bySplit = r.dataset.stats.value(QStringLiteral("by_split")).toObject();
    out << "  splits:";
    for (auto it = bySplit.begin(); it != bySplit.end(); ++it)
        out << ' ' << it.key() << ' ' << it.value().toInteger();
    out << '\n';
}

} // namespace

int runImport(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption(
        { QStringLiteral("format"),
          QStringLiteral("Format of every file (default: detected): %1.").arg(formatNames().join(QStringLiteral(", "))),
          QStringLiteral("F") });
    p.addOption({ QStringLiteral("map"),
                  QStringLiteral("Custom formats: example field=column (id, question, context, "
                                 "document, answer, summary, task, split). Repeatable."),
                  QStringLiteral("field=column") });
    p.addOption({ QStringLiteral("task"), QStringLiteral("Task of every example: medical_qa or summarization."),
                  QStringLiteral("T") });
    p.addOption(
        { QStringLiteral("name"), QStringLiteral("Dataset name (default: the file's name)."), QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("seed"), QStringLiteral("Seed of the deterministic split (default 42)."),
                  QStringLiteral("N") });
    p.addOption({ QStringLiteral("ratios"), QStringLiteral("Train/validation/test percentages (default 80/10/10)."),
                  QStringLiteral("A/B/C") });
    p.addOption(
        { QStringLiteral("cop-base"),
          QStringLiteral("MedMCQA answer numbering: 1 (original, 1-4) or 0 (Hugging Face, 0-3); default: detected."),
          QStringLiteral("0|1") });
    p.addOption({ QStringLiteral("split"),
                  QStringLiteral("Split of every record of one file, overriding its name: FILE=train, validation or "
                                 "test (FILE as given or its file name). Repeatable."),
                  QStringLiteral("FILE=SPLIT") });
    p.addOption({ QStringLiteral("samples"), QStringLiteral("Import the sample datasets bundled with the program.") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Import dataset files into the workspace as one dataset."), QStringLiteral("FILE...")))
        return cl.exitCode();

    if (cl.isSet(QStringLiteral("samples"))) {
        const QList<ImportResult> results = importBundledSamples(cl.workspace());
        if (cl.json()) {
            QJsonArray a;
            for (const ImportResult &r : results)
                a.append(resultJson(r));
            cl.printJson(QJsonDocument(a));
        } else {
            for (const ImportResult &r : results)
                printResult(cl.out(), r);
        }
        return Ok;
    }
    if (cl.positional().isEmpty())
        throw UsageError(QStringLiteral("give the FILE(s) to import, or --samples"));

    ImportOptions options;
    if (cl.isSet(QStringLiteral("format"))) {
        const auto f = parseFormat(cl.value(QStringLiteral("format")));
        if (!f)
            throw UsageError(QStringLiteral("Unknown format '%1'").arg(cl.value(QStringLiteral("format"))),
                             QStringLiteral("formats: ") + formatNames().join(QStringLiteral(", ")));
        options.format = *f;
    }
    options.reader.mapping = parseColumnMapping(cl.parser().values(QStringLiteral("map")), customFields());
    if (cl.isSet(QStringLiteral("task"))) {
        options.reader.task = parseTask(cl.value(QStringLiteral("task")));
        if (!options.reader.task)
            throw UsageError(QStringLiteral("--task must be medical_qa or summarization"));
    }
    if (cl.isSet(QStringLiteral("cop-base")))
        options.reader.medmcqaCopBase = cl.intValue(QStringLiteral("cop-base"), 0, 1);
    options.name = cl.value(QStringLiteral("name"));
    if (cl.isSet(QStringLiteral("seed")))
        options.split.seed = quint64(cl.intValue(QStringLiteral("seed"), 0, 2147483647));
    if (cl.isSet(QStringLiteral("ratios"))) {
        const QStringList parts = cl.value(QStringLiteral("ratios")).split(u'/');
        bool ok = parts.size() == 3;
        double v[3] = { 0, 0, 0 };
        for (int i = 0; ok && i < 3; ++i)
            v[i] = parts[i].toDouble(&ok) / 100.0;
        if (!ok)
            throw UsageError(QStringLiteral("--ratios expects three percentages like 80/10/10"));
        options.split.train = v[0];
        options.split.validation = v[1];
        options.split.test = v[2];
    }
    for (const QString &v : cl.parser().values(QStringLiteral("split"))) {
        const qsizetype eq = v.lastIndexOf(u'=');
        if (eq <= 0)
            throw UsageError(QStringLiteral("--split expects FILE=SPLIT, not '%1'").arg(v));
        const QString file = v.left(eq), splitName = parseSplitName(v.mid(eq + 1));
        if (splitName.isEmpty())
            throw UsageError(QStringLiteral("Unknown split '%1' in --split %2").arg(v.mid(eq + 1), v),
                             QStringLiteral("splits: train, validation, test"));
        QStringList matches;
        for (const QString &path : cl.positional())
            if (path == file || QFileInfo(path).absoluteFilePath() == QFileInfo(file).absoluteFilePath()
                || QFileInfo(path).fileName() == file)
                matches << path;
        if (matches.size() != 1)
            throw UsageError(matches.isEmpty()
                                 ? QStringLiteral("--split %1: %2 is not one of the files to import").arg(v, file)
                                 : QStringLiteral("--split %1: %2 matches more than one file").arg(v, file),
                             QStringLiteral("give the path as on the command line"));
        options.splitOverrides.insert(matches.first(), splitName);
    }
    const ImportResult r = importDataset(cl.workspace(), cl.positional(), options);
    if (cl.json())
        cl.printJson(QJsonDocument(resultJson(r)));
    else
        printResult(cl.out(), r);
    return Ok;
}

} // namespace medtune::cli
