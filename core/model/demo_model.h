// The demo base model: a small LLaMA-style model whose SentencePiece vocabulary is trained
// on the bundled medical corpus and whose weights are briefly pre-trained on it (all
// parameters, next-token prediction, AdamW), written as a Hugging Face folder.
#pragma once

#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <functional>

namespace medtune {

struct DemoModelOptions
{
    QString outDir;
    uint64_t seed = 42;
    QStringList corpusFiles; ///< empty: the corpus bundled in the program (:/demo/corpus)
    int vocabSize = 2000; ///< BPE pieces, including 256 byte pieces and unk/bos/eos
    int layers = 4;
    int hidden = 256;
    int heads = 8;
    int kvHeads = 2;
    int intermediate = 704;
    int maxPositions = 512;
    int steps = 200;
    int batchSize = 16;
    int sequenceLength = 64;
    double learningRate = 3e-3; ///< peak; linear warm-up then cosine decay to 10%
    /// Called after each step with (step, steps, training loss).
    std::function<void(int, int, double)> progress;
    const std::atomic_bool *cancel = nullptr;
};

struct DemoModelReport
{
    int64_t parameters = 0;
    int vocabSize = 0;
    int64_t corpusTokens = 0;
    double firstLoss = 0; ///< loss of the first step (random weights)
    double lastLoss = 0; ///< mean loss of the last 10 steps
    int steps = 0;
    double seconds = 0;
};

/// The bundled corpus files' resource paths (":/demo/corpus/...").
QStringList bundledDemoCorpus();
/// Trains the tokenizer and the model and writes config.json, model.safetensors,
/// tokenizer.model and generation_config.json to options.outDir. Deterministic for a seed
/// and thread count. Throws Error (also when cancelled).
DemoModelReport makeDemoModel(const DemoModelOptions &options);

} // namespace medtune
