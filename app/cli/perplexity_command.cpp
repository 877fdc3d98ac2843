// medtune-cli perplexity: mean loss per token and perplexity of a text or of an answer.
#include "cli/commands.h"
#include "cli/model_cli_options.h"
#include "data/dataset_store.h"
#include "eval/perplexity.h"
#include "model/llama_model.h"
#include "util/error.h"
#include "util/regular_file.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <functional>

namespace medtune::cli {
namespace {

// Progress on stderr for scoring that takes more than a few seconds: done/total, tokens,
// tokens per second and the time left; quiet for short runs.
class ProgressPrinter
{
public:
    ProgressPrinter(QTextStream &err, QString unit)
        : m_err(err)
        , m_unit(std::move(unit))
    {
        m_clock.start();
    }
    void operator()(int64_t done, int64_t total, int64_t tokens)
    {
        const qint64 ms = m_clock.elapsed();
        if (ms < 3000 || (ms - m_lastPrint < 2000 && done < total))
            return;
        m_lastPrint = ms;
        const double seconds = double(ms) / 1000.0;
        const double left = done > 0 ? seconds * double(total - done) / double(done) : 0;
        m_err << "perplexity: " << done << '/' << total << ' ' << m_unit << ", " << tokens << " tokens, "
              << QString::number(double(tokens) / seconds, 'f', 0) << " tokens/s, ETA " << duration(left) << '\n';
        m_err.flush();
    }

private:
    static QString duration(double s)
    {
        const qint64 t = qint64(s + 0.5);
        return t >= 3600 ? QStringLiteral("%1h%2m").arg(t / 3600).arg((t % 3600) / 60, 2, 10, QLatin1Char('0'))
                         : QStringLiteral("%1m%2s").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
    }
    QTextStream &m_err;
    QString m_unit;
    QElapsedTimer m_clock;
    qint64 m_lastPrint = 0;
};

// Reads a text to score: a regular file, not empty; at most maxBytes when maxBytes > 0.
QString readText(const QString &path, qint64 maxBytes, qint64 *size)
{
    requireRegularFile(path, QStringLiteral("the text file"));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("%1: cannot open: %2").arg(path, f.errorString()));
    *size = f.size();
    const QByteArray bytes = maxBytes > 0 ? f.read(maxBytes) : f.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.trimmed().isEmpty())
        throw Error(QStringLiteral("The text file %1 is empty: there is nothing to score").arg(path),
                    QStringLiteral("give a file with text"));
    return text;
}

} // namespace

int runPerplexity(CommandLine &cl)
{
    addModelOptions(cl);
    addPromptOptions(cl);
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("text"),
                  QStringLiteral("UTF-8 text file to score (long texts are scored in windows)."),
                  QStringLiteral("FILE") });
    p.addOption({ QStringLiteral("prompt"), QStringLiteral("With --answer: score only the answer after this prompt."),
                  QStringLiteral("TEXT") });
    p.addOption(
        { QStringLiteral("answer"), QStringLiteral("The answer to score after --prompt."), QStringLiteral("TEXT") });
    p.addOption({ QStringLiteral("raw"), QStringLiteral("Use --prompt as it is, without the instruction template.") });
    p.addOption({ QStringLiteral("batch-size"), QStringLiteral("Sequences per forward pass (default 4)."),
                  QStringLiteral("N"), QStringLiteral("4") });
    p.addOption({ QStringLiteral("max-text-tokens"),
                  QStringLiteral("With --text: score at most the first N tokens (default 32768; 0 = all)."),
                  QStringLiteral("N"), QStringLiteral("32768") });
    p.addOption({ QStringLiteral("max-length"),
                  QStringLiteral("Tokens per window (default: the model's, at most 1024)."), QStringLiteral("N"),
                  QStringLiteral("0") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Mean loss per token and perplexity of a text, or of an answer given its prompt.")))
        return cl.exitCode();
    const bool text = cl.isSet(QStringLiteral("text"));
    const bool pair = cl.isSet(QStringLiteral("prompt")) || cl.isSet(QStringLiteral("answer"));
    const bool dataset = cl.isSet(QStringLiteral("dataset"));
    if (int(text) + int(pair) + int(dataset) != 1)
        throw UsageError(QStringLiteral("give one of --text FILE, --prompt TEXT --answer TEXT, or --dataset D"));
    if (pair && !(cl.isSet(QStringLiteral("prompt")) && cl.isSet(QStringLiteral("answer"))))
        throw UsageError(QStringLiteral("--prompt and --answer go together"));
    LossOptions o;
    o.batchSize = cl.intValue(QStringLiteral("batch-size"), 1, 1024);
    o.maxLength = cl.intValue(QStringLiteral("max-length"), 0, 1 << 20);

    o.maxTextTokens = cl.intValue(QStringLiteral("max-text-tokens"), 0, 1 << 30);
    // The text is checked before the model is loaded: a pipe or an empty file is refused at once.
    QString textBody;
    qint64 textBytes = 0;
    if (text) {
        // Bytes read: generously more than the tokens scored need (a token is rarely more
        // than 16 bytes), so that a 20 MB file is not read and tokenized whole for 32k tokens.
        const qint64 maxBytes = o.maxTextTokens > 0 ? qint64(o.maxTextTokens) * 16 : 0;
        textBody = readText(cl.value(QStringLiteral("text")), maxBytes, &textBytes);
        if (maxBytes > 0 && textBytes > maxBytes)
            cl.err() << "note: " << cl.value(QStringLiteral("text")) << " has " << textBytes
                     << " bytes: reading the first " << maxBytes << " (--max-text-tokens " << o.maxTextTokens
                     << " tokens are scored at most; 0 scores everything)\n";
    }

    auto model = loadModel(cl);
    LossTotal s;
    QJsonObject scored; // what was scored, for the result
    if (text) {
        ProgressPrinter progress(cl.err(), QStringLiteral("windows"));
        s = textLoss(*model, { textBody }, o, nullptr, std::ref(progress));
        scored = { { QStringLiteral("text"), cl.value(QStringLiteral("text")) },
                   { QStringLiteral("text_tokens"), qint64(s.textTokens) } };
        if (o.maxTextTokens > 0 && (s.textTokens > o.maxTextTokens || textBytes > qint64(o.maxTextTokens) * 16))
            cl.err() << "note: scored the first " << s.tokens + s.sequences << " of "
                     << (textBytes > qint64(o.maxTextTokens) * 16 ? QStringLiteral("more than %1").arg(s.textTokens)
                                                                  : QString::number(s.textTokens))
                     << " tokens of the text in " << s.sequences << " windows (--max-text-tokens " << o.maxTextTokens
                     << "; 0 scores all)\n";
    } else if (cl.isSet(QStringLiteral("raw"))) {
        s = pairLoss(*model,
                     { PromptAnswer { cl.value(QStringLiteral("prompt")), cl.value(QStringLiteral("answer")) } }, o);
    } else {
        // The answer-only loss of records (or of one question and answer) in the instruction
        // format, with exactly the ids and labels training uses.
        const PromptFormatter formatter = makeFormatter(cl, *model);
        std::vector<FormattedPrompt> records;
        if (dataset) {
            records = datasetPromptsFromOptions(cl, formatter);
        } else {
            Example e;
            e.id = QStringLiteral("prompt");
            e.question = cl.value(QStringLiteral("prompt"));
            e.answer = cl.value(QStringLiteral("answer"));
            records.push_back(formatPrompt(formatter, e));
            if (records.back().ids.empty())
                throw UsageError(QStringLiteral("The question and answer do not fit in --max-tokens %1")
                                     .arg(formatter.policy().maxTokens));
        }
        std::vector<LabelledSequence> sequences;
        for (const FormattedPrompt &r : records)
            if (!r.ids.empty())
                sequences.push_back(LabelledSequence { r.ids, r.labels, r.task, r.source });
        if (sequences.empty())
            throw Error(QStringLiteral("None of the records has a reference answer to score"));
        ProgressPrinter progress(cl.err(), QStringLiteral("records"));
        s = sequenceLoss(*model, sequences, o.batchSize, nullptr, std::ref(progress));
        if (dataset) {
            const DatasetInfo info = DatasetStore(cl.workspace()).resolve(cl.value(QStringLiteral("dataset")));
            scored = { { QStringLiteral("dataset_id"), info.id },
                       { QStringLiteral("dataset"), info.name },
                       { QStringLiteral("split"), cl.value(QStringLiteral("split")) },
                       { QStringLiteral("records"), qint64(sequences.size()) },
                       { QStringLiteral("records_without_reference"), qint64(records.size() - sequences.size()) } };
        }
    }
    if (cl.json()) {
        QJsonObject o { { QStringLiteral("model"), model->folder() },
                        { QStringLiteral("adapter"), cl.value(QStringLiteral("adapter")) },
                        { QStringLiteral("mean_loss"), s.meanLoss() },
                        { QStringLiteral("perplexity"), s.perplexity() },
                        { QStringLiteral("tokens"), qint64(s.tokens) },
                        { QStringLiteral("sequences"), qint64(s.sequences) } };
        for (auto it = scored.begin(); it != scored.end(); ++it)
            o.insert(it.key(), it.value());
        cl.printJson(QJsonDocument(o));
        return Ok;
    }
    if (scored.contains(QStringLiteral("dataset")))
        cl.out() << "scored:              dataset " << scored.value(QStringLiteral("dataset_id")).toInteger() << " '"
                 << scored.value(QStringLiteral("dataset")).toString() << "', split "
                 << scored.value(QStringLiteral("split")).toString() << ", "
                 << scored.value(QStringLiteral("records")).toInteger() << " records\n";
    else if (text)
        cl.out() << "scored:              " << QFileInfo(cl.value(QStringLiteral("text"))).fileName() << ", "
                 << s.sequences << " windows\n";
    cl.out() << "mean loss per token: " << QString::number(s.meanLoss(), 'f', 4) << " nats\n"
             << "perplexity:          " << QString::number(s.perplexity(), 'f', 3) << '\n'
             << "tokens counted:      " << s.tokens << '\n';
    return Ok;
}

} // namespace medtune::cli
