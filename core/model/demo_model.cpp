// Building the demo model: tokenizer training, brief pre-training, Hugging Face export.
#include "model/demo_model.h"

#include "model/llama_model_impl.h"
#include "text/tokenizer.h"
#include "util/compute_threads.h"
#include "util/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <cmath>

namespace medtune {

QStringList bundledDemoCorpus()
{
    QStringList out;
    const QDir dir(QStringLiteral(":/demo/corpus"));
    for (const QString &name : dir.entryList({ QStringLiteral("*.txt") }, QDir::Files, QDir::Name))
        out << dir.filePath(name);
    return out;
}

DemoModelReport makeDemoModel(const DemoModelOptions &o)
{
    QElapsedTimer timer;
    timer.start();
    if (o.outDir.isEmpty())
        throw UsageError(QStringLiteral("the demo model needs an output folder"));
    const QStringList sources = o.corpusFiles.isEmpty() ? bundledDemoCorpus() : o.corpusFiles;
    if (sources.isEmpty())
        throw Error(QStringLiteral("the bundled demo corpus is missing from this build"));

    // The corpus: one paragraph per line. Copied to disk for the SentencePiece trainer.
    QTemporaryDir work;
    QStringList paragraphs, trainFiles;
    for (const QString &src : sources) {
        QFile f(src);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            throw Error(QStringLiteral("%1: cannot read: %2").arg(src, f.errorString()));
        const QByteArray bytes = f.readAll();
        for (const QString &line : QString::fromUtf8(bytes).split(u'\n'))
            if (!line.trimmed().isEmpty())
                paragraphs << line.trimmed();
        const QString copy = work.filePath(QStringLiteral("corpus%1.txt").arg(trainFiles.size()));
        QFile out(copy);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
            throw Error(QStringLiteral("%1: cannot write: %2").arg(copy, out.errorString()));
        trainFiles << copy;
    }

    TokenizerTrainOptions to;
    to.inputFiles = trainFiles;
    to.outputPrefix = work.filePath(QStringLiteral("tokenizer"));
    to.vocabSize = o.vocabSize;
    to.type = TokenizerTrainOptions::ModelType::Bpe;
    to.extraFlags = { { QStringLiteral("max_sentence_length"), QStringLiteral("16384") },
                      { QStringLiteral("num_threads"), QStringLiteral("1") },
                      { QStringLiteral("split_digits"), QStringLiteral("true") } };
    const auto tokenizer = Tokenizer::load(Tokenizer::train(to));

    // Token stream: BOS paragraph EOS BOS paragraph EOS ...
    std::vector<int64_t> stream;
    for (const QString &p : paragraphs) {
        stream.push_back(tokenizer->bosId());
        for (int id : tokenizer->encode(p))
            stream.push_back(id);
        stream.push_back(tokenizer->eosId());
    }
    const int64_t window = o.sequenceLength + 1;
    if (int64_t(stream.size()) <= window)
        throw Error(QStringLiteral("the demo corpus is too small for sequences of %1 tokens").arg(o.sequenceLength));

    LlamaConfig config;
    config.hiddenSize = o.hidden;
    config.intermediateSize = o.intermediate;
    config.numLayers = o.layers;
    config.numHeads = o.heads;
    config.numKvHeads = o.kvHeads;
    config.vocabSize = tokenizer->vocabSize();
    config.maxPositions = o.maxPositions;
    config.rmsNormEps = 1e-5;
    config.ropeTheta = 10000.0;
    config.bosId = tokenizer->bosId();
    config.eosId = tokenizer->eosId();
    ModelOptions mo;
    mo.device = QStringLiteral("cpu");
    mo.weights = WeightType::Float32;
    // Products this narrow gain little from a second intra-op thread and were seen to run
    // 3-5x slower with two when another process shared the cores: train on one thread.
    struct ThreadRestore
    {
        int previous = computeThreads();
        ~ThreadRestore() { setComputeThreads(previous); }
    } restore;
    if (o.hidden <= 512)
        setComputeThreads(1);
    auto model = LlamaModel::createRandom(config, o.seed, mo);
    model->setTokenizer(tokenizer);
    LlamaModelImpl &impl = model->impl();
    impl.setBaseTrainable(true);

    std::vector<torch::Tensor> params;
    for (auto &[name, t] : impl.namedWeights())
        params.push_back(*t);
    torch::optim::AdamW optimizer(params,
                                  torch::optim::AdamWOptions(o.learningRate).betas({ 0.9, 0.95 }).weight_decay(0.05));

    at::Generator gen = at::detail::createCPUGenerator(o.seed ^ 0x9e3779b97f4a7c15ull);
    torch::Tensor data = torch::tensor(stream, torch::kLong);
    DemoModelReport report;
    report.corpusTokens = int64_t(stream.size());
    const int warmup = std::max(1, o.steps / 10);
    double tailSum = 0;
    int tailCount = 0;
    for (int step = 0; step < o.steps; ++step) {
        if (o.cancel && o.cancel->load())
            throw Error(QStringLiteral("making the demo model was cancelled"));
        // Random windows (B, T + 1) of the stream: inputs are all of it, labels the same
        // (the loss shifts by one).
        torch::Tensor starts = torch::randint(int64_t(stream.size()) - window, { o.batchSize }, gen, torch::kLong);
        torch::Tensor idx = starts.view({ -1, 1 }) + torch::arange(window, torch::kLong).view({ 1, -1 });
        torch::Tensor batch = data.index_select(0, idx.flatten()).view({ o.batchSize, window });
        const double lr = step < warmup ? o.learningRate * double(step + 1) / warmup
                                        : o.learningRate
                * (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * double(step - warmup) / std::max(1, o.steps - warmup))));
        for (auto &group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions &>(group.options()).lr(lr);
        optimizer.zero_grad();
        torch::Tensor loss = causalLmLoss(impl.forward(batch), batch);
        loss.backward();
        torch::nn::utils::clip_grad_norm_(params, 1.0);
        optimizer.step();
        const double value = loss.item<double>();
        if (step == 0)
            report.firstLoss = value;
        if (step >= o.steps - 10) {
            tailSum += value;
            ++tailCount;
        }
        if (o.progress)
            o.progress(step + 1, o.steps, value);
    }
    impl.setBaseTrainable(false);

    GenerationDefaults gd;
    gd.maxNewTokens = 128;
    gd.repetitionPenalty = 1.1;
    model->setGenerationDefaults(gd);
    model->save(o.outDir, WeightType::Float32);

    report.parameters = config.parameterCount();
    report.vocabSize = config.vocabSize;
    report.steps = o.steps;
    report.lastLoss = tailCount ? tailSum / tailCount : report.firstLoss;
    report.seconds = double(timer.elapsed()) / 1000.0;
    return report;
}

} // namespace medtune
