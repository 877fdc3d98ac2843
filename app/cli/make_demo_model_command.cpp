// medtune-cli make-demo-model: train the small bundled demo base model into a folder.
#include "cli/commands.h"
#include "model/demo_model.h"
#include "util/error.h"

#include <QJsonObject>

namespace medtune::cli {

int runMakeDemoModel(CommandLine &cl)
{
    auto &p = cl.parser();
    p.addOption({ QStringLiteral("out"), QStringLiteral("Folder to write the model to."), QStringLiteral("DIR") });
    p.addOption({ QStringLiteral("seed"),
                  QStringLiteral("Random seed (default 42); the same seed gives the same model."), QStringLiteral("S"),
                  QStringLiteral("42") });
    p.addOption({ QStringLiteral("steps"), QStringLiteral("Pre-training steps (default 200)."), QStringLiteral("N") });
    p.addOption({ QStringLiteral("layers"), QStringLiteral("Transformer layers (default 4)."), QStringLiteral("N") });
    p.addOption({ QStringLiteral("hidden"), QStringLiteral("Hidden size (default 256)."), QStringLiteral("N") });
    p.addOption(
        { QStringLiteral("vocab-size"), QStringLiteral("SentencePiece pieces (default 2000)."), QStringLiteral("N") });
    p.addOption({ QStringLiteral("corpus"),
                  QStringLiteral("Train on these text files instead of the bundled corpus; may be repeated."),
                  QStringLiteral("FILE") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Train the demo base model (tokenizer and weights) on the bundled medical corpus.")))
        return cl.exitCode();
    if (!cl.isSet(QStringLiteral("out")))
        throw UsageError(QStringLiteral("--out DIR is required"));
    DemoModelOptions o;
    o.outDir = cl.value(QStringLiteral("out"));
    o.seed = uint64_t(cl.intValue(QStringLiteral("seed"), 0, INT32_MAX));
    if (cl.isSet(QStringLiteral("steps")))
        o.steps = cl.intValue(QStringLiteral("steps"), 1, 1000000);
    if (cl.isSet(QStringLiteral("layers")))
        o.layers = cl.intValue(QStringLiteral("layers"), 1, 64);
    if (cl.isSet(QStringLiteral("hidden"))) {
        o.hidden = cl.intValue(QStringLiteral("hidden"), 16, 8192);
        if (o.hidden % o.heads != 0)
            throw UsageError(QStringLiteral("--hidden must be a multiple of %1").arg(o.heads));
        o.intermediate = (o.hidden * 11 / 4 + 15) / 16 * 16;
    }
    if (cl.isSet(QStringLiteral("vocab-size")))
        o.vocabSize = cl.intValue(QStringLiteral("vocab-size"), 300, 64000);
    o.corpusFiles = cl.parser().values(QStringLiteral("corpus"));
    const bool json = cl.json();
    o.progress = [&](int step, int steps, double loss) {
        if (!json && (step == 1 || step % 20 == 0 || step == steps)) {
            cl.err() << "step " << step << "/" << steps << "  training loss (this step) "
                     << QString::number(loss, 'f', 3) << '\n';
            cl.err().flush();
        }
    };
    const DemoModelReport r = makeDemoModel(o);
    if (json) {
        cl.printJson(QJsonDocument(
            QJsonObject { { QStringLiteral("out"), o.outDir },
                          { QStringLiteral("seed"), qint64(o.seed) },
                          { QStringLiteral("parameters"), qint64(r.parameters) },
                          { QStringLiteral("vocab_size"), r.vocabSize },
                          { QStringLiteral("corpus_tokens"), qint64(r.corpusTokens) },
                          { QStringLiteral("steps"), r.steps },
                          { QStringLiteral("first_loss"), r.firstLoss },
                          { QStringLiteral("final_loss"), r.lastLoss },
                          { QStringLiteral("final_loss_is"), QStringLiteral("mean of the last 10 steps") },
                          { QStringLiteral("seconds"), r.seconds } }));
        return Ok;
    }
    cl.out() << "wrote " << o.outDir << ": " << r.parameters << " parameters, vocabulary " << r.vocabSize << ", "
             << r.steps << " steps in " << QString::number(r.seconds, 'f', 1) << " s\n"
             << "  training loss: first step " << QString::number(r.firstLoss, 'f', 3) << ", mean of the last "
             << std::min(10, r.steps) << " steps " << QString::number(r.lastLoss, 'f', 3) << '\n';
    return Ok;
}

} // namespace medtune::cli
